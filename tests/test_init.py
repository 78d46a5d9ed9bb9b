"""`kam init`: the starter project validates and builds as it is, never overwrites."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import markupsafe
import pytest
import yaml

from kam.i18n import set_language
from kam.models.schema import SCHEMA_FILES, dumps, part_schema
from kam.pipeline import build, prepare
from kam.starter import (
    PARTS,
    ScaffoldError,
    currency_for,
    language_of,
    planned_files,
    scaffold,
    yaml_quote,
)

TODAY = dt.date(2026, 11, 27)
EXPECTED = {
    "account.yaml",
    "analysis.yaml",
    "plan.yaml",
    "rewards.yaml",
    "portfolio.yaml",
    "data/purchases.csv",
    "data/customers.csv",
    *(f"schema/{SCHEMA_FILES[part]}" for part in PARTS),
}
CASES = {
    # locale: (account, company, currency, key account id)
    "es": ("Hospitales del Sur", "MedSuministros S.A.", "EUR", "cuenta-clave"),
    "en": ("Brightfield Foods", "Kestrel Packaging Inc.", "USD", "key-account"),
    "es-MX": (
        "Grupo Industrial Monterrey",
        "Empaques del Norte S.A. de C.V.",
        "MXN",
        "cuenta-clave",
    ),
}


@pytest.fixture(autouse=True)
def _environment_language():
    """Messages in the environment's language (English here): a Spanish document an
    earlier test loaded in this process does not decide this test's language."""
    set_language(None)


def _relative(paths: list[Path], root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in paths}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _iso_dates(value):
    """yaml.safe_load reads 2027-03-31 as a date; JSON Schema wants the ISO text."""
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _comments(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    comments = [
        line for line in lines if line.startswith("#") and "yaml-language-server" not in line
    ]
    trailing = [
        line.split(" # ", 1)[1] for line in lines if " # " in line and not line.startswith("#")
    ]
    return "\n".join(comments + trailing)


@pytest.mark.parametrize("locale", list(CASES))
def test_starter_validates_and_builds(tmp_path, locale):
    account, company, currency, key_account = CASES[locale]
    project = tmp_path / "new" / "project"  # created, parents included
    written = scaffold(project, locale, account=account, company=company, today=TODAY)
    assert _relative(written, project) == EXPECTED
    assert written == planned_files(project)

    prepared, problems = prepare(project / "account.yaml")
    assert [f"{p.severity}: {p.key}: {p.message}" for p in problems.items] == []
    assert prepared is not None
    doc = prepared.doc
    assert doc.locale == locale  # written as given
    assert doc.currency == currency
    assert doc.account.name == account
    assert doc.company.name == company
    assert doc.date == TODAY
    assert (doc.period.start, doc.period.end) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert doc.portfolio.key_account == key_account
    assert {c.name for c in prepared.loaded.tables.customers if c.id == key_account} == {account}

    out = tmp_path / "out"
    files, build_problems, _timings = build(project / "account.yaml", out, ("html",), strict=True)
    assert [p.name for p in files] == ["project.html"]
    assert build_problems.items == []
    html = files[0].read_text(encoding="utf-8")
    assert str(markupsafe.escape(account)) in html
    assert str(markupsafe.escape(company)) in html


def test_starter_builds_a_pdf(tmp_path):
    project = tmp_path / "ribera"
    scaffold(project, "es", account="Grupo Hospitalario Ribera", today=TODAY)
    files, problems, _timings = build(project / "account.yaml", tmp_path / "out", ("pdf",))
    assert [p.name for p in files] == ["ribera.pdf"]
    assert problems.items == []
    assert files[0].read_bytes().startswith(b"%PDF-")
    assert files[0].stat().st_size > 10_000


@pytest.mark.parametrize("locale", ["es", "en"])
def test_schema_files_validate_the_starter(tmp_path, locale):
    jsonschema = pytest.importorskip("jsonschema")
    scaffold(tmp_path, locale, today=TODAY)
    for part in PARTS:
        schema_path = tmp_path / "schema" / SCHEMA_FILES[part]
        assert schema_path.read_text(encoding="utf-8") == dumps(part_schema(part))
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

        text = (tmp_path / f"{part}.yaml").read_text(encoding="utf-8")
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=schema/{part}.schema.json"
        data = _iso_dates(yaml.safe_load(text))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], f"{part}.yaml"


def test_never_overwrites(tmp_path):
    first = scaffold(tmp_path, "es", today=TODAY)
    (tmp_path / "plan.yaml").write_text("# my own plan\n", encoding="utf-8")
    before = _snapshot(tmp_path)

    with pytest.raises(ScaffoldError) as info:
        scaffold(tmp_path, "en", account="Other", today=TODAY + dt.timedelta(days=1))
    message = str(info.value)
    assert "nothing was written" in message
    assert str(tmp_path / "account.yaml") in message
    assert str(tmp_path / "data" / "customers.csv") in message
    assert sorted(info.value.existing) == sorted(first)
    assert _snapshot(tmp_path) == before


def test_one_existing_file_stops_everything(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "customers.csv").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as info:
        scaffold(tmp_path, "en", today=TODAY)
    assert info.value.existing == [tmp_path / "data" / "customers.csv"]
    assert _snapshot(tmp_path) == {"data/customers.csv": b"id,name\n"}


def test_names_with_yaml_and_csv_syntax_round_trip(tmp_path):
    account = 'Grupo "Norte": Salud, S.A. #1 <b>'
    company = "Acme: 'Best' \\ Co # 2"
    scaffold(tmp_path, "es", account=account, company=company, today=TODAY)

    raw = yaml.safe_load((tmp_path / "account.yaml").read_text(encoding="utf-8"))
    assert raw["account"]["name"] == account
    assert raw["company"]["name"] == company
    prepared, problems = prepare(tmp_path / "account.yaml")
    assert problems.items == []
    assert prepared.doc.account.name == account
    assert prepared.doc.company.name == company
    assert {c.name for c in prepared.loaded.tables.customers if c.id == "cuenta-clave"} == {account}


@pytest.mark.parametrize(
    "text",
    [
        'Grupo "Norte": Salud',
        "a: b # c",
        "back\\slash 'single' \"double\"",
        "línea\nnueva\ttab",
        "nel\x85 ls\u2028 ps\u2029 bom\ufeff bell\x07 del\x7f",
        "emoji 🏥 and ñ",
        "- starts like a list",
        "null",
        "123",
        "yes",
        "",
    ],
)
def test_yaml_quote_round_trips(text):
    assert yaml.safe_load(f"name: {yaml_quote(text)}\n") == {"name": text}


def test_comments_are_in_the_chosen_language(tmp_path):
    scaffold(tmp_path / "es", "es-MX", today=TODAY)
    scaffold(tmp_path / "en", "en-GB", today=TODAY)
    es = {part: (tmp_path / "es" / f"{part}.yaml").read_text(encoding="utf-8") for part in PARTS}
    en = {part: (tmp_path / "en" / f"{part}.yaml").read_text(encoding="utf-8") for part in PARTS}

    assert "Análisis" in es["account"]
    assert "Key account analysis" in en["account"]
    english = (" the ", " and ", " with ", "Build", "optional", " customer")
    spanish = ("Análisis", " cuenta", " cliente", " del ", " los ", " que ")
    for part in PARTS:
        es_comments, en_comments = _comments(es[part]), _comments(en[part])
        assert es_comments and en_comments
        assert [w for w in english if w in es_comments] == [], f"es {part}.yaml"
        assert [w for w in spanish if w in en_comments] == [], f"en {part}.yaml"
    # the course headings guide each section
    for heading in ("A.1. Equipo de cuenta de la compañía", "D.2. Examen"):
        assert heading in es["plan"]
    for heading in ("A.1. Company account team", "D.2. Review"):
        assert heading in en["plan"]


def test_defaults_and_dates(tmp_path):
    scaffold(tmp_path / "es", "es", today=dt.date(2030, 1, 2))
    scaffold(tmp_path / "en", "en", today=dt.date(2030, 1, 2))
    es, _ = prepare(tmp_path / "es" / "account.yaml")
    en, _ = prepare(tmp_path / "en" / "account.yaml")
    assert (es.doc.account.name, es.doc.company.name) == ("Cliente Ejemplo S.A.", "Mi Empresa S.A.")
    assert (en.doc.account.name, en.doc.company.name) == (
        "Example Customer Inc.",
        "My Company Inc.",
    )
    assert es.doc.date == dt.date(2030, 1, 2)
    assert es.doc.period.start == dt.date(2031, 1, 1)
    purchases = (tmp_path / "es" / "data" / "purchases.csv").read_text(encoding="utf-8")
    assert "2027-Q1" in purchases and "2029-Q4" in purchases and "2030" not in purchases


def test_same_input_same_files(tmp_path):
    scaffold(tmp_path / "a", "en-GB", account="Acme", today=TODAY)
    scaffold(tmp_path / "b", "en-GB", account="Acme", today=TODAY)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


@pytest.mark.parametrize(
    ("locale", "language", "currency"),
    [
        ("es", "es", "EUR"),
        ("es-ES", "es", "EUR"),
        ("es-MX", "es", "MXN"),
        ("es_AR", "es", "ARS"),
        ("en", "en", "USD"),
        ("en-US", "en", "USD"),
        ("en-GB", "en", "GBP"),
    ],
)
def test_locale_picks_language_and_currency(locale, language, currency):
    assert language_of(locale) == language
    assert currency_for(locale, TODAY) == currency


@pytest.mark.parametrize("locale", ["fr", "es-XX", "english", ""])
def test_unknown_locale_is_refused(tmp_path, locale):
    with pytest.raises(ValueError):
        scaffold(tmp_path / "p", locale, today=TODAY)
    assert not (tmp_path / "p").exists()


def test_empty_name_is_refused(tmp_path):
    with pytest.raises(ValueError):
        scaffold(tmp_path, "es", account="  ", today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_target_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="nothing was written"):
        scaffold(target, "en", today=TODAY)
    assert target.read_text(encoding="utf-8") == "mine\n"
