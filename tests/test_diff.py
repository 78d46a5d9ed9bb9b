"""`kam diff` and `kam build --compare-to`: two versions of an example with known
changes (an objective's target, an action slipped by 14 days, one done, one
cancelled, a contact added, an attitude moved, a risk added, a text edited), reported
as text, Markdown and JSON in the new document's language; `--rev` on a temporary git
repository, and its errors; the document's section of changes in the PDF."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, have, pdftotext
from kam.cli import app

runner = CliRunner()
GIT = pytest.mark.skipif(not have("git"), reason="git is not installed")

NEW_CONTACT = {
    "es": {"id": "c-innovacion", "name": "Marta Gil", "attitude": "supporter"},
    "en": {"id": "c-innovation", "name": "Dana Park", "attitude": "supporter"},
}
NEW_RISK = {
    "es": "Entrada de un distribuidor nuevo con precios agresivos.",
    "en": "A new distributor enters with aggressive prices.",
}
ADDED_TEXT = {
    "es": "Ribera abre un quinto centro en Alicante.",
    "en": "Brightfield opens a fifth plant in Ohio.",
}


def edit_plan(folder: Path, language: str) -> None:
    """The known changes, made on the YAML's data (comments are not kept)."""
    path = folder / "plan.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    strategy, actions = plan["company_strategy"], plan["action_review"]["actions"]
    strategy["objectives"][0]["target"] = strategy["objectives"][0]["target"] + 50_000
    waiting = [a for a in actions if a.get("status") == "not_started" and a.get("due")]
    waiting[0]["due"] = waiting[0]["due"] + dt.timedelta(days=14)
    waiting[1]["status"] = "cancelled"
    next(a for a in actions if a.get("status") == "in_progress")["status"] = "done"
    contacts = plan["current_position"]["contacts"]
    next(c for c in contacts if c.get("attitude") == "skeptic")["attitude"] = "neutral"
    contacts.append(NEW_CONTACT[language])
    strategy["risks"].append({"kind": "risk", "description": NEW_RISK[language],
                              "probability": 3, "impact": 4})  # fmt: skip
    business = plan["customer_business"]
    business["market_position"] = business["market_position"].rstrip() + " " + ADDED_TEXT[language]
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> Path:
    """old/ and new/ of ribera (es) and brightfield (en): `<example>-old`, `<example>-new`."""
    root = tmp_path_factory.mktemp("versions")
    for example, language in (("ribera", "es"), ("brightfield", "en")):
        shutil.copytree(EXAMPLES / example, root / f"{example}-old")
        shutil.copytree(EXAMPLES / example, root / f"{example}-new")
        edit_plan(root / f"{example}-new", language)
    return root


def diff(*args: str):
    return runner.invoke(app, ["diff", *args])


RIBERA_TEXT = """\
Cambios desde la versión anterior
Comparación con ribera-old/account.yaml.

Objetivos
  - o1 «Aumentar la facturación anual en Ribera»: meta 1.450.000 € → 1.500.000 €

Acciones
  - a4 «Auditoría de causas de los pedidos urgentes con la plataforma logística de Paterna»: hecha
  - a5 «Implantar entregas programadas en tres ventanas semanales por hospital y ruta propia a Gandía»: retrasada 2 semanas: vencimiento 31 mar 2027 → 14 abr 2027
  - a6 «Integración EDI de pedido, confirmación, albarán y factura con el nuevo ERP del cliente»: cancelada

Contactos
  - c-innovacion «Marta Gil»: añadido (actitud Apoya)
  - c-dirfin «Elena Bosch Martínez»: actitud Duda → Neutral

Riesgos
  - «Entrada de un distribuidor nuevo con precios agresivos.»: añadido (puntuación 12)

Secciones cuyo texto cambió
  - B.1. Posición en el mercado: 80 → 87 palabras

Cifras clave
  Cifra                                    Antes        Ahora    Cambio
  Facturación 2025                   1.187.989 €  1.187.989 €         =
  Beneficio tras el coste de servir    158.998 €    158.998 €         =
  Cuota de gasto 2025                     32,5 %       32,5 %         =
  Coste del plan (acciones activas)     71.700 €     62.200 €  -9.500 €
  Presupuesto del plan de premios       20.000 €     20.000 €         =
"""


def test_text_in_spanish(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-old/account.yaml", "ribera-new/account.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == RIBERA_TEXT


BRIGHTFIELD_TEXT = """\
Changes since the previous version
Compared with brightfield-old/account.yaml.

Objectives
  - o1 “Grow revenue with Brightfield Foods”: target $5,450,000 → $5,500,000

Actions
  - a5 “Propose an index-linked pricing formula to Rebecca Sandoval and Kevin Tran”: done
  - a9 “Executive meeting Raj Patel - Daniel Whitaker with a Dayton plant tour”: slipped 2 weeks: due Feb 10, 2027 → Feb 24, 2027
  - a10 “Negotiate a three-year corrugated and shelf-ready agreement”: cancelled

Contacts
  - c-innovation “Dana Park”: added (attitude Supporter)
  - c-cfo “Alan Brooks”: attitude Skeptic → Neutral

Risks
  - “A new distributor enters with aggressive prices.”: added (score 12)

Sections whose text changed
  - B.1. Market position: 111 → 118 words

Key figures
  Figure                          Before         Now   Change
  Revenue 2025                $4,612,380  $4,612,380        =
  Profit after cost to serve    $699,668    $699,668        =
  Share of wallet 2025             15.5%       15.5%        =
  Plan cost (active actions)    $177,500    $172,500  -$5,000
  Rewards plan budget            $59,000     $59,000        =
"""

RIBERA_MARKDOWN = """\
## Cambios desde la versión anterior

Comparación con ribera-old/account.yaml.

### Objetivos

- **o1 «Aumentar la facturación anual en Ribera»**: meta 1.450.000 € → 1.500.000 €

### Acciones

- **a4 «Auditoría de causas de los pedidos urgentes con la plataforma logística de Paterna»**: hecha
- **a5 «Implantar entregas programadas en tres ventanas semanales por hospital y ruta propia a Gandía»**: retrasada 2 semanas: vencimiento 31 mar 2027 → 14 abr 2027
- **a6 «Integración EDI de pedido, confirmación, albarán y factura con el nuevo ERP del cliente»**: cancelada

### Contactos

- **c-innovacion «Marta Gil»**: añadido (actitud Apoya)
- **c-dirfin «Elena Bosch Martínez»**: actitud Duda → Neutral

### Riesgos

- **«Entrada de un distribuidor nuevo con precios agresivos.»**: añadido (puntuación 12)

### Secciones cuyo texto cambió

- **B.1. Posición en el mercado**: 80 → 87 palabras

### Cifras clave

| Cifra | Antes | Ahora | Cambio |
|---|---:|---:|---:|
| Facturación 2025 | 1.187.989 € | 1.187.989 € | = |
| Beneficio tras el coste de servir | 158.998 € | 158.998 € | = |
| Cuota de gasto 2025 | 32,5 % | 32,5 % | = |
| Coste del plan (acciones activas) | 71.700 € | 62.200 € | -9.500 € |
| Presupuesto del plan de premios | 20.000 € | 20.000 € | = |
"""


def test_text_in_english(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("brightfield-old/account.yaml", "brightfield-new/account.yaml", "-f", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout == BRIGHTFIELD_TEXT


def test_markdown_for_a_pull_request(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-old/account.yaml", "ribera-new/account.yaml", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == RIBERA_MARKDOWN
    english = diff("brightfield-old/account.yaml", "brightfield-new/account.yaml", "-f", "markdown")
    assert english.stdout.startswith(
        "## Changes since the previous version\n\nCompared with brightfield-old/account.yaml.\n"
    )
    assert "| Plan cost (active actions) | $177,500 | $172,500 | -$5,000 |\n" in english.stdout


def test_json_keeps_the_raw_values(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-old/account.yaml", "ribera-new/account.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("version", "changed", "language", "locale", "currency")} == {
        "version": 1, "changed": True, "language": "es", "locale": "es", "currency": "EUR"
    }  # fmt: skip
    assert (data["old"], data["new"]) == ("ribera-old/account.yaml", "ribera-new/account.yaml")
    assert data["objectives"] == [
        {"kind": "changed", "id": "o1", "name": "Aumentar la facturación anual en Ribera",
         "field": "target", "old": 1450000, "new": 1500000, "unit": "EUR", "days": None}
    ]  # fmt: skip
    kinds = [(a["kind"], a["id"]) for a in data["actions"]]
    assert kinds == [("done", "a4"), ("slipped", "a5"), ("cancelled", "a6")]
    slipped = data["actions"][1]
    assert (slipped["field"], slipped["old"], slipped["new"], slipped["days"]) == (
        "due", "2027-03-31", "2027-04-14", 14
    )  # fmt: skip
    assert [(c["kind"], c["id"], c["old"], c["new"]) for c in data["contacts"]] == [
        ("added", "c-innovacion", None, "supporter"),
        ("attitude", "c-dirfin", "skeptic", "neutral"),
    ]
    assert [(r["kind"], r["new"]) for r in data["risks"]] == [("added", 12)]
    assert [(s["id"], s["old"], s["new"]) for s in data["sections"]] == [("B.1", 80, 87)]
    figures = {f["key"]: f for f in data["figures"]}
    assert list(figures) == ["revenue", "contribution", "share_of_wallet", "plan_cost",
                             "rewards_cost"]  # fmt: skip
    assert figures["plan_cost"] | {} == {
        "key": "plan_cost", "kind": "money", "old": 71700.0, "new": 62200.0,
        "old_period": None, "new_period": None, "delta": -9500.0, "changed": True,
    }  # fmt: skip
    assert figures["revenue"]["old_period"] == "2025" and not figures["revenue"]["changed"]
    english = json.loads(
        diff("brightfield-old/account.yaml", "brightfield-new/account.yaml", "-f", "json").stdout
    )
    assert (english["language"], english["currency"]) == ("en", "USD")


def test_no_changes(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-old/account.yaml", "ribera-old/account.yaml")
    assert result.exit_code == 0
    assert result.stdout == (
        "Cambios desde la versión anterior\nComparación con ribera-old/account.yaml.\n\n"
        "Sin cambios.\n"
    )
    data = json.loads(diff("brightfield-old/account.yaml", "brightfield-old/account.yaml",
                           "-f", "json").stdout)  # fmt: skip
    assert data["changed"] is False
    assert all(data[g] == [] for g in ("objectives", "actions", "contacts", "risks", "sections"))
    markdown = diff(
        "brightfield-old/account.yaml", "brightfield-old/account.yaml", "-f", "markdown"
    )
    assert markdown.stdout.endswith("\n\nNo changes.\n")


def test_two_files_or_one_with_rev(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-new/account.yaml")
    assert result.exit_code == 2
    assert "kam diff: indiquen dos archivos" in result.stderr


def test_an_invalid_version_is_exit_1_with_its_positions(versions, monkeypatch, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(versions / "ribera-old", broken)
    text = (broken / "plan.yaml").read_text(encoding="utf-8")
    (broken / "plan.yaml").write_text(text.replace("target: 1_450_000", "target: mucho"))
    line = text[: text.index("target: 1_450_000")].count("\n") + 1
    monkeypatch.chdir(tmp_path)
    result = diff("broken/account.yaml", str(versions / "ribera-new" / "account.yaml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"broken/plan.yaml:{line}:15: plan.company_strategy.objectives[0].target: se esperaba "
        "un número; se encontró el texto 'mucho'\n"
    )


def test_removed_items_a_moved_deadline_and_a_rescored_risk(versions, tmp_path, monkeypatch):
    """What the old version had and the new one has not; a deadline; a risk re-scored."""
    for name in ("old", "new"):
        shutil.copytree(versions / "ribera-old", tmp_path / name)
    old = yaml.safe_load((tmp_path / "old" / "plan.yaml").read_text(encoding="utf-8"))
    old["company_strategy"]["objectives"].append(
        {"id": "o9", "objective": "Abrir una línea de urgencias", "target": 3, "unit": "centros"}
    )
    old["current_position"]["contacts"].append({"id": "c-ex", "name": "Luis Mora",
                                                "attitude": "opponent"})  # fmt: skip
    old["action_review"]["actions"].append({"id": "a99", "action": "Visitar Gandía"})
    (tmp_path / "old" / "plan.yaml").write_text(yaml.safe_dump(old, allow_unicode=True))
    new = yaml.safe_load((tmp_path / "new" / "plan.yaml").read_text(encoding="utf-8"))
    new["company_strategy"]["objectives"][1]["deadline"] = dt.date(2028, 6, 30)
    new["company_strategy"]["risks"][0]["probability"] = 5
    (tmp_path / "new" / "plan.yaml").write_text(yaml.safe_dump(new, allow_unicode=True))
    monkeypatch.chdir(tmp_path)
    result = diff("old/account.yaml", "new/account.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3:] == [
        "Objetivos",
        "  - o2 «Ganar cuota en el gasto del cliente en nuestra categoría»: fecha límite "
        "31 dic 2027 → 30 jun 2028",
        "  - o9 «Abrir una línea de urgencias»: eliminado",
        "",
        "Acciones",
        "  - a99 «Visitar Gandía»: eliminada",
        "",
        "Contactos",
        "  - c-ex «Luis Mora»: eliminado (actitud Se opone)",
        "",
        "Riesgos",
        "  - «Perder el lote de guantes y EPI del concurso frente a Levantina por precio.»: "
        "puntuación 12 → 15",
    ]  # no key figure changed: no table
    data = json.loads(diff("old/account.yaml", "new/account.yaml", "-f", "json").stdout)
    assert [(r["kind"], r["old"], r["new"]) for r in data["risks"]] == [("rescored", 12, 15)]
    assert data["objectives"][0]["old"] == "2027-12-31"


# --------------------------------------------------------------------------- git


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "kam", "GIT_AUTHOR_EMAIL": "kam@example.com",
           "GIT_COMMITTER_NAME": "kam", "GIT_COMMITTER_EMAIL": "kam@example.com"}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def repo(versions, tmp_path_factory) -> Path:
    """A repository with ribera/ and brightfield/ committed, then their edits committed."""
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q")
    for example in ("ribera", "brightfield"):
        shutil.copytree(versions / f"{example}-old", root / example)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    for example in ("ribera", "brightfield"):
        shutil.copy(versions / f"{example}-new" / "plan.yaml", root / example / "plan.yaml")
    git(root, "commit", "-q", "-a", "-m", "second")
    return root


@GIT
def test_rev_compares_with_the_project_at_a_revision(repo, monkeypatch):
    monkeypatch.chdir(repo / "ribera")
    result = diff("account.yaml", "--rev", "HEAD~1")
    assert result.exit_code == 0, result.output
    expected = RIBERA_TEXT.replace("ribera-old/account.yaml", "HEAD~1")
    assert result.stdout == expected
    monkeypatch.chdir(repo)
    english = diff("brightfield/account.yaml", "--rev", "HEAD~1", "-f", "json")
    data = json.loads(english.stdout)
    assert (data["old"], data["new"], data["language"]) == (
        "HEAD~1", "brightfield/account.yaml", "en"
    )  # fmt: skip
    assert [a["kind"] for a in data["actions"]] == ["done", "slipped", "cancelled"]
    same = diff("ribera/account.yaml", "--rev", "HEAD")
    assert same.stdout.endswith("\nSin cambios.\n")


@GIT
def test_bad_revisions_are_refused(repo, monkeypatch, tmp_path):
    monkeypatch.chdir(repo / "ribera")
    top = repo.resolve()
    unknown = diff("account.yaml", "--rev", "nope")
    assert (unknown.exit_code, unknown.stdout) == (1, "")
    assert unknown.stderr == f"'nope' no es una revisión del repositorio de {top}\n"
    injected = diff("account.yaml", "--rev=--output=" + str(tmp_path / "x"))
    assert injected.exit_code == 1
    assert injected.stderr == (
        f"'--output={tmp_path / 'x'}' no es una revisión; indiquen un commit, una rama o una "
        "etiqueta, p. ej. HEAD~1 o main\n"
    )
    assert not (tmp_path / "x").exists()
    blob = diff("account.yaml", "--rev", "HEAD:ribera/account.yaml")
    assert blob.exit_code == 1 and "no es una revisión del repositorio" in blob.stderr
    english = diff("../brightfield/account.yaml", "--rev", "HEAD~5")
    assert english.stderr == f"'HEAD~5' is not a revision of the repository at {top}\n"


@GIT
def test_not_a_repository_and_no_git(versions, monkeypatch):
    monkeypatch.chdir(versions)
    result = diff("ribera-new/account.yaml", "--rev", "HEAD")
    assert result.exit_code == 1
    folder = versions.resolve() / "ribera-new"
    assert result.stderr.startswith(
        f"'{folder}' no está en un repositorio git; --rev lee los archivos del proyecto desde git"
    )
    monkeypatch.setattr("kam.compare.revision.shutil.which", lambda name: None)
    missing = diff("brightfield-new/account.yaml", "--rev", "HEAD")
    assert (missing.exit_code, missing.stderr) == (
        1, "git is not installed (or not on PATH); --rev needs it\n"
    )  # fmt: skip


@GIT
def test_an_invalid_old_version_names_its_files_at_the_revision(repo, tmp_path, monkeypatch):
    work = tmp_path / "work"
    shutil.copytree(repo, work)
    plan = work / "ribera" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("target: 1500000", "target: mucho"), encoding="utf-8")
    git(work, "commit", "-q", "-a", "-m", "broken")
    plan.write_text(good, encoding="utf-8")
    line = good[: good.index("target: 1500000")].count("\n") + 1
    column = good.splitlines()[line - 1].index("target: ") + len("target: ") + 1
    monkeypatch.chdir(work)
    result = diff("ribera/account.yaml", "--rev", "HEAD")
    assert result.exit_code == 1
    assert result.stderr == (
        f"HEAD:ribera/plan.yaml:{line}:{column}: plan.company_strategy.objectives[0].target: se "
        "esperaba un número; se encontró el texto 'mucho'\n"
    )


@GIT
def test_the_snapshot_holds_only_the_project_and_no_links(repo, tmp_path):
    from kam.compare.revision import snapshot

    work = tmp_path / "work"
    shutil.copytree(repo, work)
    (work / "ribera" / "secret.yaml").symlink_to("/etc/passwd")
    (work / "ribera" / "notes.txt").write_text("hola\n")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "link")
    with snapshot(work / "ribera" / "account.yaml", "HEAD") as snap:
        names = sorted(p.relative_to(snap.folder).as_posix() for p in snap.folder.rglob("*"))
        assert "notes.txt" in names and "plan.yaml" in names
        assert "secret.yaml" not in names
        assert not any(n.startswith("brightfield") for n in names)
        assert snap.name(snap.folder / "plan.yaml") == Path("HEAD:ribera/plan.yaml")
    assert not snap.folder.exists()


# ------------------------------------------------------------- words and amounts


def test_dates_moved_by_days_and_weeks_and_brought_forward():
    from kam.compare import Change, Changes
    from kam.compare.report import as_text, view
    from kam.render.formats import Formatter, babel_locale
    from kam.render.labels import Labels

    day = dt.date(2027, 3, 1)
    moves = [Change("slipped", "a1", "X", "due", day, day + dt.timedelta(days=1), days=1),
             Change("slipped", "a2", "Y", "due", day, day + dt.timedelta(days=10), days=10),
             Change("brought_forward", "a3", "Z", "due", day, day - dt.timedelta(days=7), days=-7),
             Change("removed", "a4", "W")]  # fmt: skip
    lines = {}
    for locale in ("es", "en"):
        changes = Changes(locale, "EUR", actions=moves)
        shown = view(changes, Labels(locale), Formatter(babel_locale(locale), "EUR"), "v1")
        lines[locale] = as_text(shown).splitlines()[3:8]
    assert lines["es"] == [
        "Acciones",
        "  - a1 «X»: retrasada 1 día: vencimiento 1 mar 2027 → 2 mar 2027",
        "  - a2 «Y»: retrasada 10 días: vencimiento 1 mar 2027 → 11 mar 2027",
        "  - a3 «Z»: adelantada 1 semana: vencimiento 1 mar 2027 → 22 feb 2027",
        "  - a4 «W»: eliminada",
    ]
    assert lines["en"] == [
        "Actions",
        "  - a1 “X”: slipped 1 day: due Mar 1, 2027 → Mar 2, 2027",
        "  - a2 “Y”: slipped 10 days: due Mar 1, 2027 → Mar 11, 2027",
        "  - a3 “Z”: brought forward 1 week: due Mar 1, 2027 → Feb 22, 2027",
        "  - a4 “W”: removed",
    ]


def test_markdown_escapes_user_text():
    from kam.compare.report import as_markdown

    shown = {"title": "T", "compared": "v1", "empty": False, "none": "",
             "groups": [{"title": "G", "items": [{"head": "o1 “a | *b*”", "text": "x_y"}]}],
             "figures": {"rows": []}}  # fmt: skip
    assert "- **o1 “a \\| \\*b\\*”**: x\\_y\n" in as_markdown(shown)


# ------------------------------------------------------------- the document


@pytest.fixture(scope="module")
def built_with_changes(repo, tmp_path_factory) -> Path:
    """ribera built once (PDF and HTML) with --compare-to HEAD~1."""
    out = tmp_path_factory.mktemp("compared")
    result = runner.invoke(
        app, ["build", str(repo / "ribera" / "account.yaml"), "--compare-to", "HEAD~1",
              "-o", str(out), "-j", "1"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


@GIT
@pytest.mark.skipif(not have("pdftotext"), reason="pdftotext is not installed")
def test_compare_to_adds_the_section_to_the_pdf(built_with_changes):
    text = pdftotext(built_with_changes / "ribera.pdf")
    assert text.count("Cambios desde la versión anterior") == 2  # the contents and the section
    body = text[text.rindex("Cambios desde la versión anterior") :]
    assert "Comparación con HEAD~1." in body
    assert "o1 «Aumentar la facturación anual en Ribera»: meta 1.450.000 € → 1.500.000 €" in body
    for word in ("Objetivos", "Acciones", "Contactos", "Riesgos", "Cifras clave", "hecha",
                 "cancelada", "retrasada 2 semanas", "actitud Duda → Neutral"):  # fmt: skip
        assert word in body, word
    # at the end of the plan: after D.2, before the rewards plan
    assert (
        text.rindex("D.2. Examen")
        < text.rindex("Cambios desde")
        < text.rindex("Definición del plan de premios")
    )


@GIT
def test_compare_to_in_english_html_and_its_errors(repo, tmp_path):
    html_out = tmp_path / "en"
    entry = str(repo / "brightfield" / "account.yaml")
    result = runner.invoke(app, ["build", entry, "--compare-to", "HEAD~1", "-f", "html",
                                 "-o", str(html_out), "-j", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    html = (html_out / "brightfield.html").read_text(encoding="utf-8")
    assert '<a href="#sec-changes">Changes since the previous version</a>' in html
    assert '<h2 id="sec-changes">Changes since the previous version</h2>' in html
    assert (
        "<strong>a10 “Negotiate a three-year corrugated and shelf-ready agreement”</strong>: cancelled"
        in html
    )
    assert "<td>Plan cost (active actions)</td>" in html
    bad = runner.invoke(app, ["build", entry, "--compare-to", "nope", "-f", "html",
                              "-o", str(tmp_path / "bad"), "-j", "1"])  # fmt: skip
    assert bad.exit_code == 1
    assert f"'nope' is not a revision of the repository at {repo.resolve()}\n" in bad.stderr
    assert (
        "the version at 'nope' cannot be compared (see above); build without --compare-to, "
        "or compare with another revision\n" in bad.stderr
    )
    assert not (tmp_path / "bad").exists() or not any((tmp_path / "bad").iterdir())


def test_without_compare_to_the_document_has_no_such_section():
    from kam.pipeline import prepare, render_html

    prepared, _problems = prepare(EXAMPLES / "ribera" / "account.yaml")
    html = render_html(prepared)
    assert "sec-changes" not in html and "Cambios desde" not in html
