"""Regional vocabulary: an es-MX document prints the words Mexico uses (costo, TCAC,
descuentos y bonificaciones, utilidad …) from a small file on top of the Spanish
labels; es-ES and a bare es keep Spain's (coste, TACC, rappels)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from kam.registry import LOCALES, split_locale
from kam.render.labels import Labels, labels, regional

LOCALES_DIR = Path(__file__).resolve().parents[1] / "src" / "kam" / "locales"
TODAY = dt.date(2026, 11, 27)

# A document whose own texts hold none of the words in question, so that every one
# of them in the HTML is a label kam printed.
DOCUMENT = """\
kam: 1
locale: {locale}
currency: MXN
company: {{name: Empaques del Bajío}}
account: {{name: Cliente Uno}}
analysis:
  purchase_history:
    records:
      - {{period: 2023, product: Cajas, revenue: 800000, gross_margin: 240000}}
      - {{period: 2024, product: Cajas, revenue: 900000, gross_margin: 270000}}
      - {{period: 2025, product: Cajas, revenue: 1000000, gross_margin: 300000}}
  profitability:
    period: 2025
    revenue: 1000000
    discounts: 50000
    cogs: 700000
    cost_to_serve:
      - {{activity: Entregas urgentes, cost: 40000}}
    account_team_cost: 60000
plan:
  current_position:
    team:
      - {{id: ana, name: Ana Ruiz}}
  company_strategy:
    objectives:
      - {{id: o1, objective: Crecer en la cuenta, metric: ventas, baseline: 1000000,
         target: 1200000, deadline: 2027-12-31, owner: ana}}
  action_review:
    actions:
      - {{id: a1, action: Visitar la planta, objective: o1, owner: ana, start: 2027-01-15,
         due: 2027-03-31, status: not_started, cost: 5000}}
portfolio:
  customers:
    - {{id: uno, name: Cliente Uno, revenue: 1000000, cogs: 700000, cost_to_serve: 100000}}
    - {{id: dos, name: Cliente Dos, revenue: 400000, cogs: 390000, cost_to_serve: 60000}}
  key_account: uno
"""

MEXICO = ("Costo de ventas", "costo de servir", "TCAC", "Descuentos y bonificaciones")
SPAIN = ("Coste", "coste", "TACC", "rappels")


def html_of(tmp_path: Path, locale: str) -> str:
    """The document's HTML, its SVG charts decoded (chart labels are labels too)."""
    from kam.pipeline import prepare, render_html

    entry = tmp_path / "account.yaml"
    entry.write_text(DOCUMENT.format(locale=locale), encoding="utf-8")
    prepared, problems = prepare(entry, TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    html = render_html(prepared)
    return re.sub(
        r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)",
        lambda m: base64.b64decode(m[1]).decode(),
        html,
    )


def test_a_mexican_document_prints_mexican_words(tmp_path):
    html = html_of(tmp_path, "es-MX")
    for word in MEXICO:
        assert word in html, word
    for word in SPAIN:
        assert word not in html, word
    assert "Costo del equipo de cuenta" in html
    assert "Utilidad neta de la cuenta" in html
    assert "Estado de resultados de la cuenta" in html


@pytest.mark.parametrize("locale", ["es-ES", "es"])
def test_spain_keeps_its_words(tmp_path, locale):
    html = html_of(tmp_path, locale)
    for word in ("Coste de las ventas", "Contribución tras coste de servicio", "TACC"):
        assert word in html, word
    assert "Descuentos y rappels" in html
    assert "Beneficio neto de la cuenta" in html
    for word in ("Costo", "costo", "TCAC", "bonificaciones", "Utilidad"):
        assert word not in html, word


def test_the_mexican_labels_are_the_spanish_ones_with_a_few_words_changed():
    mx, es = labels("es-MX"), labels("es")
    assert set(mx) == set(es)
    changed = {key for key in es if mx[key] != es[key]}
    assert changed == set(regional("es-MX"))
    assert mx["profit.discounts"] == "Descuentos y bonificaciones"
    assert mx["profit.cost_to_serve"] == "Costo de servir"
    assert mx["label.cagr_value"] == "TCAC {start}–{end}: {value}"
    # The course's headings are its own words in every region.
    assert all(not key.startswith("heading.") for key in changed)
    # Enumeration values stay: they are also the Spanish words kam reads in a document.
    assert all(not key.startswith("enum.") for key in changed)


def test_no_mexican_label_says_it_the_spanish_way():
    """A label added to es.yaml with a word Mexico says otherwise needs its es-MX line."""
    spain = re.compile(r"\b(coste|costes|TACC|rappels?|beneficios?|importe|cuota)\b", re.I)
    assert {key: text for key, text in labels("es-MX").items() if spain.search(text)} == {}
    assert any(spain.search(text) for text in labels("es").values())


def test_spain_and_the_bare_language_have_no_regional_words():
    assert regional("es-ES") == {} and regional("es") == {}
    assert labels("es-ES") == labels("es") == labels("es_ES")
    assert labels("es_mx") == labels("es-MX")


def test_every_regional_key_is_a_key_of_its_language():
    """An override names only labels its language's file has, with the same fields."""
    files = sorted(p for p in LOCALES_DIR.glob("*-*.yaml"))
    assert [p.stem for p in files] == ["es-MX"]
    for path in files:
        language, region = split_locale(path.stem)
        assert f"{language}-{region}" in LOCALES, path.name  # kam init offers it
        base = labels(language)
        own = regional(path.stem)
        assert own, path.name
        for key, text in own.items():
            assert key in base, f"{path.name}: {key} is not a key of {language}.yaml"
            fields = set(re.findall(r"\{(\w+)\}", text))
            assert fields == set(re.findall(r"\{(\w+)\}", base[key])), key
        assert _keys_once(path.read_text(encoding="utf-8")), f"{path.name}: a key twice"


def _keys_once(text: str) -> bool:
    """No mapping of the YAML `text` names a key twice (YAML keeps the last silently)."""

    def unique(node) -> bool:
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _value in node.value]
            return len(keys) == len(set(keys)) and all(unique(v) for _k, v in node.value)
        return True

    return unique(yaml.compose(text, Loader=yaml.SafeLoader))


def test_labels_keep_the_language_apart_from_the_region():
    t = Labels("es-MX")
    assert t.language == "es"
    assert t("col.cost") == "Costo"
    assert t.enum("cadence", "monthly") == "Mensual"
    assert Labels("es-ES")("col.cost") == "Coste"
    assert Labels("en-GB")("col.cost") == Labels("en")("col.cost")


def test_the_starter_for_mexico_prints_mexican_words(tmp_path):
    """`kam init --locale es-MX` builds a document with Mexico's words."""
    from kam.pipeline import prepare, render_html
    from kam.starter import scaffold

    scaffold(tmp_path / "mx", "es-MX", today=TODAY)
    prepared, problems = prepare(tmp_path / "mx" / "account.yaml", TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    html = render_html(prepared)
    assert "Coste del plan" not in html and "Descuentos y rappels" not in html
    assert "Costo" in html


def test_mexican_labels_fit_the_page(tmp_path):
    """The Mexican words are longer here and there ("Descuentos y bonificaciones"): the
    stress document's PDF passes the geometry checks in es-MX too."""
    import geometry
    import stress
    from conftest import have
    from kam.pipeline import build

    if not have("pdftotext"):
        pytest.skip("pdftotext not found: apt-get install poppler-utils")
    entry = stress.stress_project(tmp_path / "stress", "es-MX")
    [pdf] = build(entry, tmp_path / "out", ("pdf",))[0]
    assert geometry.problems(pdf) == []
