"""The geometry checks themselves: each finds the defect it is for, in a PDF made to
have it, and nothing in one made without. (The deliverables are checked with them in
test_layout.py.)"""

from __future__ import annotations

import pytest

import geometry
from conftest import have

pytestmark = pytest.mark.skipif(
    not have("pdftotext"), reason="pdftotext not found: apt-get install poppler-utils"
)

PAGE = "@page { size: A4; margin: 20mm 17mm }"


def pdf_of(tmp_path, body: str, css: str = ""):
    import weasyprint

    path = tmp_path / "t.pdf"
    weasyprint.HTML(string=f"<html lang=en><body>{body}</body></html>").write_pdf(
        path, stylesheets=[weasyprint.CSS(string=PAGE + css)]
    )
    return path


def test_a_table_clipped_at_the_right_margin_is_found(tmp_path):
    """As D.1's last column was: a table wider than the page, its last cell cut off."""
    cells = "".join(f"<td>Column{i:02}</td>" for i in range(14))
    pdf = pdf_of(tmp_path, f"<table><tr>{cells}</tr></table>", "td { padding: 0 3mm }")
    found = geometry.outside(geometry.read(pdf))
    assert found and all(w.x1 > 595.28 - geometry.MARGIN_SIDE for w in found)
    assert any("outside the content box" in p for p in geometry.problems(pdf))


def test_words_drawn_over_each_other_are_found(tmp_path):
    """As the waterfall's value labels were."""
    body = (
        '<p style="position: absolute; top: 100px; left: 100px">Facturación</p>'
        '<p style="position: absolute; top: 102px; left: 130px">Descuentos</p>'
    )
    [(a, b)] = geometry.overlaps(geometry.read(pdf_of(tmp_path, body)))
    assert {a.text, b.text} == {"Facturación", "Descuentos"}


def test_a_nearly_empty_page_is_found_but_not_the_last(tmp_path):
    body = (
        "<h1>Part</h1>" + "<p>Line of text.</p>" * 25
        + '<p style="break-before: page">Alone.</p>'
        + '<p style="break-before: page">Last.</p>'
    )  # fmt: skip
    pdf = pdf_of(tmp_path, body)
    pages = geometry.read(pdf)
    assert len(pages) == 3
    assert geometry.near_empty(pdf, pages) == [(2, round(geometry.fill(pages[1]), 2))]
    assert geometry.fill(pages[1]) < 0.05


def test_a_clean_page_has_no_problem(tmp_path):
    body = "<h1>Title</h1>" + "<p>Some words that wrap inside the box, as text does.</p>" * 60
    assert geometry.problems(pdf_of(tmp_path, body)) == []


def test_words_a_reader_cannot_see_are_found(tmp_path):
    """As the cover's hidden running head was: text under a box, text in the colour of
    the page, and clipped text are in the text layer but not on the page."""
    body = (
        "<p>Visible title</p>"
        '<div style="position: absolute; top: 60mm; left: 0">Underneath</div>'
        '<div style="position: absolute; top: 58mm; left: 0; width: 80mm; height: 12mm;'
        ' background: #234">&nbsp;</div>'
        '<p style="color: white">Whiteonwhite</p>'
        '<div style="height: 0; overflow: hidden"><p>Clipped</p></div>'
    )
    pdf = pdf_of(tmp_path, body)
    layer = {w.text for w in geometry.read(pdf)[0].words}
    found = {w.text for w in geometry.hidden(pdf)}
    assert found == {"Underneath", "Whiteonwhite"} | ({"Clipped"} & layer)
    assert geometry.hidden(pdf_of(tmp_path, "<p>Visible title</p>")) == []
