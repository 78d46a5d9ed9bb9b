"""`kam build --edition customer`: the plan written for the customer. Built once per
example (PDF, HTML and the deck); what must not appear is worked out from the internal
build's own figures and labels, what must stay from the edition's outline."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, have, pdftotext
from kam.cli import app
from kam.pipeline import build, output_paths, prepare
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels

pytestmark = pytest.mark.skipif(not have("pdftotext"), reason="needs poppler's pdftotext")

NAMES = ["ribera", "brightfield"]
SUFFIX = {"ribera": "cliente", "brightfield": "customer"}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("editions")
    result = {}
    for name in NAMES:
        entry = EXAMPLES / name / "account.yaml"
        written, _problems, _timings = build(
            entry, out, ("pdf", "html", "pptx"), edition="customer"
        )
        files = {p.suffix: p for p in written}
        html = files[".html"].read_text(encoding="utf-8")
        body = re.sub(r"<style.*?</style>|<script.*?</script>", " ", html, flags=re.S)
        with zipfile.ZipFile(files[".pptx"]) as deck:
            slides = " ".join(
                re.sub(r"<[^>]+>", " ", deck.read(n).decode("utf-8"))
                for n in deck.namelist()
                if n.startswith("ppt/") and n.endswith(".xml")
            )
        result[name] = {
            "files": files,
            "pdf": flat(pdftotext(files[".pdf"])),
            "html": flat(re.sub(r"<[^>]+>", " ", body)),
            "deck": flat(slides),
        }
    return result


def internal_only(name: str) -> list[str]:
    """What the internal edition shows that the customer must not read: the account's
    profit figures, the attitude labels, the rewards heading, the other customers."""
    prepared, _ = prepare(EXAMPLES / name / "account.yaml")
    doc, figures = prepared.doc, prepared.figures
    t = Labels(doc.locale)
    f = Formatter(babel_locale(doc.locale), doc.currency)
    found = [t("heading.rewards")]
    # "neutral" is a word anyone may use; the other attitudes are labels
    found += [t(f"enum.attitude.{a}") for a in ("champion", "supporter", "skeptic", "opponent")]
    # the P&L's subtotals and cost-to-serve lines (its revenue is the history's too)
    steps = (figures.waterfall or [])[1:]
    found += [flat(f.money(s.amount)) for s in steps if s.subtotal or not s.key]
    key = doc.portfolio.key_account
    found += [r.name for r in figures.portfolio.rows if r.id != key and not r.others]
    return found


@pytest.mark.parametrize("name", NAMES)
def test_the_customer_edition_has_nothing_internal(editions, name):
    forbidden = internal_only(name)
    assert len(forbidden) > 20  # the check has something to find
    for where in ("pdf", "html", "deck"):
        text = editions[name][where]
        leaked = [word for word in forbidden if word in text]
        assert leaked == [], (where, leaked)


@pytest.mark.parametrize("name", NAMES)
def test_the_customer_edition_keeps_what_the_customer_shares(editions, name):
    prepared, _ = prepare(EXAMPLES / name / "account.yaml")
    t = Labels(prepared.doc.locale)
    text = editions[name]["pdf"]
    kept = [
        "pest", "customer_objectives", "value_chain", "buying_process", "purchase_history",
        "A.1", "A.2", "A.3", "A.4", "B.1", "B.4", "B.6", "C.2", "C.3", "C.5", "C.6",
        "D.1", "D.2", "executive_summary",
    ]  # fmt: skip
    missing = [k for k in kept if flat(t(f"heading.{k}")) not in text]
    assert missing == []
    for left_out in ("C.1", "C.4", "C.7", "C.8", "profitability", "portfolio"):
        assert flat(t(f"heading.{left_out}")) not in text, left_out
    assert t("doc.edition.customer").upper() in text  # the cover says which edition (in capitals)
    account = prepared.doc.account.name
    assert flat(t("doc.confidential_customer", account=account)) in text
    # the summary is the one written for the customer, not the internal one
    first = " ".join(prepared.doc.plan.customer_summary.split()[:6])
    assert first in text


def test_the_file_names_carry_the_edition_in_the_documents_language(editions):
    for name in NAMES:
        files = editions[name]["files"]
        assert sorted(p.name for p in files.values()) == [
            f"{name}-{SUFFIX[name]}.{ext}" for ext in ("html", "pdf", "pptx")
        ]
    entry = EXAMPLES / "ribera" / "account.yaml"
    assert output_paths(entry, Path("o"), ("pdf",)) == {"pdf": Path("o/ribera.pdf")}
    assert output_paths(entry, Path("o"), ("pdf",), "customer") == {
        "pdf": Path("o/ribera-cliente.pdf")
    }


def test_items_are_marked_in_and_out(tmp_path):
    """`internal: true` leaves an item out; `customer: true` keeps an item of a section
    the edition leaves out (a risk in C.8) and a section (the P&L)."""
    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    plan = project / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    risks = text.index("  risks:\n") + len("  risks:\n")
    text = (
        text[:risks]
        + (
            "    - kind: dependency\n"
            "      customer: true\n"
            "      description: Calendario de la auditoría JCI compartido con Calidad\n"
            "      probability: 2\n      impact: 3\n"
        )
        + text[risks:]
    )
    plan.write_text(text, encoding="utf-8")
    analysis = project / "analysis.yaml"
    text = analysis.read_text(encoding="utf-8")
    start = text.index("\nprofitability:")
    line_end = text.index("\n", start + 1)
    text = text[: line_end + 1] + "  customer: true\n" + text[line_end + 1 :]
    analysis.write_text(text, encoding="utf-8")
    written, problems, _ = build(
        project / "account.yaml", tmp_path / "out", ("pdf",), edition="customer"
    )
    assert problems.errors == []
    pdf = flat(pdftotext(written[0]))
    t = Labels("es")
    assert t("heading.C.8") in pdf and "Calendario de la auditoría JCI compartido" in pdf
    assert "Volatilidad del precio" not in pdf  # marked internal: true
    assert t("heading.profitability") in pdf  # kept with customer: true
    internal = flat(pdftotext(build(project / "account.yaml", tmp_path / "in", ("pdf",))[0][0]))
    assert "Volatilidad del precio" in internal


def test_the_cli_builds_the_customer_deck_and_refuses_an_unknown_edition(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    entry = str(EXAMPLES / "brightfield" / "account.yaml")
    done = runner.invoke(
        app, ["build", entry, "--edition", "customer", "-f", "pptx", "-o", str(tmp_path)]
    )
    assert done.exit_code == 0, done.output
    assert [p.name for p in tmp_path.iterdir()] == ["brightfield-customer.pptx"]
    wrong = runner.invoke(app, ["build", entry, "--edition", "board"])
    assert wrong.exit_code == 2
    assert "internal" in wrong.output and "customer" in wrong.output


@pytest.mark.parametrize("name", NAMES)
def test_the_internal_edition_builds_every_format_under_its_own_name(tmp_path, name):
    entry = EXAMPLES / name / "account.yaml"
    written, problems, timings = build(entry, tmp_path, ("pdf", "html", "pptx"))
    assert problems.errors == []
    assert sorted(p.name for p in written) == [f"{name}.{ext}" for ext in ("html", "pdf", "pptx")]
    assert "pptx" in timings  # the deck is timed like the other outputs
    with zipfile.ZipFile(tmp_path / f"{name}.pptx") as deck:
        slides = [n for n in deck.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert 10 <= len(slides) <= 15


def test_a_joint_action_shows_its_owner_on_each_side(editions):
    """D.1 keeps both sides' owners: ours (`owner`, A.1) and the customer's
    (`customer_owner`, a contact of A.2)."""
    prepared, _ = prepare(EXAMPLES / "ribera" / "account.yaml")
    plan = prepared.doc.plan
    action = next(a for a in plan.action_review.actions if a.customer_owner)
    ours = next(m.name for m in plan.current_position.team if m.id == action.owner)
    theirs = next(c.name for c in plan.current_position.contacts if c.id == action.customer_owner)
    html = editions["ribera"]["files"][".html"].read_text(encoding="utf-8")
    row = re.search(rf'<td class="id">{action.id}</td>.*?</tr>', html, flags=re.S).group(0)
    assert ours in row and theirs in row


def test_a_customer_owner_must_be_a_contact(tmp_path):
    from kam.pipeline import prepare as prepared_of

    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    plan = project / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "customer_owner: c-almacen\n" in text
    line = text[: text.index("customer_owner: c-almacen")].count("\n") + 1
    plan.write_text(text.replace("customer_owner: c-almacen", "customer_owner: c-almacn"), "utf-8")
    prepared, problems = prepared_of(project / "account.yaml")
    assert prepared is None
    [error] = problems.errors
    assert (error.pos.line, error.pos.col) == (line, 23)
    assert error.message.startswith("'c-almacn' no es un contacto conocido")


@pytest.mark.parametrize(
    ("locale", "suffix"),
    [("es", "cliente"), ("es-MX", "cliente"), ("es_MX", "cliente"), ("en_GB", "customer")],
)
def test_the_customer_edition_is_named_in_the_documents_language(tmp_path, locale, suffix):
    """es_MX is Spanish too (a locale split on '-' only once named it '-customer')."""
    from kam.pipeline import output_paths

    entry = tmp_path / "ribera" / "account.yaml"
    entry.parent.mkdir()
    entry.write_text(f"kam: 1\nlocale: {locale}\n", encoding="utf-8")
    paths = output_paths(entry, None, ("pdf",), "customer")
    assert paths["pdf"].name == f"ribera-{suffix}.pdf"
