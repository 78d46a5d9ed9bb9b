"""Every deliverable is checked by where its words land (tests/geometry.py): nothing
outside the content box, no words over each other (chart labels included), no nearly
empty page; on every example, both starters and a stress document, in both locales."""

from __future__ import annotations

from pathlib import Path

import pytest

import geometry
import stress
from conftest import have
from kam.pipeline import build
from kam.starter import scaffold

pytestmark = pytest.mark.skipif(
    not have("pdftotext"), reason="pdftotext not found: apt-get install poppler-utils"
)


@pytest.fixture(scope="module")
def documents(tmp_path_factory, built_examples) -> dict[str, Path]:
    """Every document to check, as a built PDF."""
    out = tmp_path_factory.mktemp("layout")
    pdfs = {name: built.pdf for name, built in built_examples.items()}
    for locale in ("es", "en"):
        project = out / f"starter-{locale}"
        scaffold(project, locale, today=__import__("datetime").date(2026, 11, 27))
        pdfs[f"starter-{locale}"] = build(project / "account.yaml", out, ("pdf",))[0][0]
        entry = stress.stress_project(out / f"stress-{locale}", locale)
        pdfs[f"stress-{locale}"] = build(entry, out, ("pdf",))[0][0]
    for name in ("ribera", "brightfield"):
        entry = built_examples[name].entry
        pdfs[f"{name}-customer"] = build(entry, out, ("pdf",), edition="customer")[0][0]
    return pdfs


NAMES = [
    "brightfield", "ribera", "themed", "starter-es", "starter-en", "stress-es", "stress-en",
    "ribera-customer", "brightfield-customer",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_the_document_passes_the_geometry_checks(documents, name):
    assert geometry.problems(documents[name]) == []


@pytest.mark.parametrize("name", NAMES)
def test_the_cover_holds_only_what_it_shows(documents, name):
    """The cover's text layer is what it shows: the running head's strings live in the
    stylesheet, not in a hidden element under the logo that screen readers and copy and
    paste would get (geometry.hidden draws the page with and without its text)."""
    assert geometry.hidden(documents[name], 1) == []
    [cover, *_rest] = geometry.read(documents[name])
    words = {w.text for w in cover.words}
    assert not words & {"Página", "Page"}, words
    assert sum(w.text in ("Confidencial", "Confidential") for w in cover.words) <= 1
