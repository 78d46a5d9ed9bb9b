"""The HTML in headless Chromium as its readers get it: on a phone (390 px) and a desktop
(1280 px), and printed from the browser (Ctrl+P) instead of the PDF kam makes.

On screen (tests/browser/layout.mjs): the page never scrolls sideways (wide tables and
charts scroll in their own box), no two cells of a row overlap and no cell's text runs
into the next, no word in a table is cut across lines, charts keep a legible width.
Printed (tests/browser/print.mjs): A4 pages with the running head, "page N of M" and the
confidentiality mark on every page but the cover, the table of contents without the
page numbers Chromium cannot compute (and nothing left of them), colours printed.

These tests skip, saying what to install, without chromium, node or the packages of
tests/browser; .ci/run installs them. Chromium is slow on a loaded machine: the time
limits are generous.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import geometry
from conftest import have

BROWSER = Path(__file__).parent / "browser"
NAMES = ["brightfield", "ribera", "themed"]
WIDTHS = [390, 1280]
PHONE, DESKTOP = WIDTHS
TIMEOUT = 600  # seconds for one Chromium run over every example (about 10 s when idle)


def need_browser() -> None:
    if not have("chromium"):
        pytest.skip("chromium not found: install it with `apt-get install chromium`")
    if not have("node"):
        pytest.skip("node not found: install Node.js (apt-get install nodejs npm)")
    if not (BROWSER / "node_modules" / "playwright-core").is_dir():
        pytest.skip("browser test packages missing: run `npm ci --prefix tests/browser`")


def layout(files: list[Path], widths: list[int]) -> dict[tuple[str, int], dict]:
    """What tests/browser/layout.mjs measures, by (file stem, width)."""
    config = json.dumps({"files": [str(f) for f in files], "widths": widths})
    result = subprocess.run(
        ["node", str(BROWSER / "layout.mjs"), config],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {(Path(r["file"]).stem, r["width"]): r for r in json.loads(result.stdout)}


def print_pdf(html: Path, pdf: Path) -> Path:
    result = subprocess.run(
        ["node", str(BROWSER / "print.mjs"), str(html), str(pdf)],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return pdf


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


# --- On screen ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def screens(built_examples) -> dict[tuple[str, int], dict]:
    need_browser()
    return layout([built_examples[name].html for name in NAMES], WIDTHS)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NAMES)
def test_the_page_does_not_scroll_sideways(screens, name, width):
    screen = screens[name, width]
    assert screen["innerWidth"] == width
    assert screen["scrollWidth"] <= screen["innerWidth"], screen["outside"]
    assert screen["outside"] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NAMES)
def test_no_two_cells_of_a_row_overlap(screens, name, width):
    """Neither the cells' boxes nor their text: a header's text running into the next
    header ("ObjeResponsable") counts."""
    assert screens[name, width]["overlaps"] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NAMES)
def test_no_word_in_a_table_is_cut(screens, name, width):
    """No name in pieces ("Caro/lina"): a column is at least as wide as its longest word."""
    assert screens[name, width]["broken"] == []


# themed's few tables all fit a phone (its portfolio has no loss-maker to flag)
@pytest.mark.parametrize("name", ["brightfield", "ribera"])
def test_on_a_phone_wide_tables_and_charts_scroll_in_their_own_box(screens, name):
    screen = screens[name, PHONE]
    content = screen["innerWidth"] - 20  # the body's side padding is smaller than that
    wide = [t for t in screen["tables"] if t["width"] > content]
    assert wide, "no table is wider than a phone: the example no longer tests this"
    assert all(t["scrolls"] for t in wide), [t for t in wide if not t["scrolls"]]
    # charts keep a width their labels can be read at, the Gantt chart the most
    assert screen["figures"]
    for figure in screen["figures"]:
        assert figure["img"] >= 480 and figure["scrolls"], figure
        if "gantt" in figure["className"].split():
            assert figure["img"] >= 680, figure
    if name != "themed":  # the themed sample has no action plan
        assert any("gantt" in f["className"].split() for f in screen["figures"])


@pytest.mark.parametrize("name", NAMES)
def test_on_a_desktop_nothing_scrolls(screens, name):
    screen = screens[name, DESKTOP]
    assert not [t for t in screen["tables"] if t["scrolls"]]
    assert not [f for f in screen["figures"] if f["scrolls"]]


def test_the_screen_checks_find_each_defect(tmp_path):
    """The checks above can fail: a page wider than the phone, two cells over each other,
    a header's text running into the next one, a name cut in two."""
    need_browser()
    page = tmp_path / "defects.html"
    page.write_text(
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><style>'
        "table { table-layout: fixed; width: 240px; border-collapse: collapse; }"
        " th, td { width: 80px; padding: 0; font-size: 16px; }"
        " th.nowrap { white-space: nowrap; } td.moved { position: relative; left: 40px; }"
        " table.cut { width: 40px; } table.cut td { width: 40px; overflow-wrap: anywhere; }"
        '</style></head><body><div style="width: 700px">ancho</div><table>'
        '<tr><th class="nowrap">Objetivo estratégico</th><th>Responsable</th><th>x</th></tr>'
        '<tr><td>a1</td><td class="moved">Sin empezar</td><td>85.000</td></tr>'
        '</table><table class="cut"><tr><td>Carolina</td></tr></table></body></html>',
        encoding="utf-8",
    )
    screen = layout([page], [PHONE])["defects", PHONE]
    assert screen["scrollWidth"] > screen["innerWidth"]
    assert {o["kind"] for o in screen["overlaps"]} == {"cells", "text"}
    assert "Carolina" in {b["word"] for b in screen["broken"]}


# --- Printed from the browser --------------------------------------------------------

PRINTED = {
    # example: (the account name, "page 2 of", the confidentiality mark)
    "ribera": ("Grupo Hospitalario Ribera", "Página 2 de", "Confidencial"),
    "brightfield": ("Brightfield Foods", "Page 2 of", "Confidential"),
}


@pytest.fixture(scope="module")
def printed(built_examples, tmp_path_factory) -> dict[str, Path]:
    need_browser()
    if not have("pdftotext"):
        pytest.skip("pdftotext not found: install it with `apt-get install poppler-utils`")
    out = tmp_path_factory.mktemp("printed")
    return {name: print_pdf(built_examples[name].html, out / f"{name}.pdf") for name in PRINTED}


@pytest.mark.parametrize("name", PRINTED)
def test_printing_from_chromium_gives_running_heads_and_page_numbers(printed, name):
    account, page_two, mark = PRINTED[name]
    pages = geometry.read(printed[name])
    assert len(pages) >= 20
    for page in pages:  # A4
        assert abs(page.width - 595.3) < 1.5 and abs(page.height - 841.9) < 1.5, page.number
    second = page_text(printed[name], 2)
    assert account in second and page_two in second and mark in second, second
    # in the margins: the head above the content box, the footer below it
    top, bottom = geometry.MARGIN_TOP, pages[1].height - geometry.MARGIN_BOTTOM
    head = " ".join(w.text for w in pages[1].words if w.y1 <= top)
    foot = " ".join(w.text for w in pages[1].words if w.y0 >= bottom)
    assert account in head, head
    assert page_two.split()[0] in foot and mark in foot, foot
    # every page but the cover numbered, "N of M" with M the real count
    total = len(pages)
    word, of = re.match(r"(\S+) 2 (\S+)", page_two).groups()
    for page in pages[1:]:
        foot = " ".join(w.text for w in page.words if w.y0 >= bottom)
        assert f"{word} {page.number} {of} {total}" in foot, (page.number, foot)


@pytest.mark.parametrize("name", PRINTED)
def test_the_cover_printed_from_chromium_has_no_running_head_or_footer(printed, name):
    account, page_two, _mark = PRINTED[name]
    cover = page_text(printed[name], 1)
    assert account in cover  # the cover's own title
    assert page_two.split()[0] not in cover
    # nothing in the margins (the cover's own note may say "Confidential document")
    [first, *_rest] = geometry.read(printed[name])
    top, bottom = geometry.MARGIN_TOP, first.height - geometry.MARGIN_BOTTOM
    assert not [w.text for w in first.words if w.y1 <= top or w.y0 >= bottom]


@pytest.mark.parametrize("name", PRINTED)
def test_the_contents_printed_from_chromium_show_no_stray_leaders(printed, name):
    """Chromium cannot compute the page numbers (no target-counter()): the entries stand
    alone, without dot leaders or anything else left of the numbers."""
    contents = page_text(printed[name], 2)
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    entries = lines[1:-1]  # without the running head and the footer
    assert len(entries) > 20
    assert not [e for e in entries if re.search(r"(\.\s*){2,}$|\.$|\d+$", e)], entries


@pytest.mark.parametrize("name", PRINTED)
def test_the_words_printed_from_chromium_stay_in_place(printed, name):
    """The geometry checks of kam's own PDF (all but the page fill, which depends on
    the PDF's outline) on the browser's print."""
    pages = geometry.read(printed[name])
    assert geometry.outside(pages) == []
    assert geometry.overlaps(pages) == []


def _primary_pixels(pdf: Path, page: int, tmp_path: Path) -> int:
    """Pixels of the primary colour (#1f3a5f: table heads, part titles) on a page."""
    stem = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True, timeout=TIMEOUT,
    )  # fmt: skip
    data = (tmp_path / f"page{page}.ppm").read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    pixels = data[header.end() :]
    return sum(
        1
        for i in range(0, len(pixels), 3)
        if abs(pixels[i] - 0x1F) < 16 and abs(pixels[i + 1] - 0x3A) < 16
        and abs(pixels[i + 2] - 0x5F) < 16
    )  # fmt: skip


def test_chromium_prints_the_colours(printed, tmp_path):
    """Browsers leave backgrounds out unless the page asks: without them the white text
    of the table heads and part titles disappears and the dots say nothing."""
    if not have("pdftoppm"):
        pytest.skip("pdftoppm not found: install it with `apt-get install poppler-utils`")
    assert _primary_pixels(printed["ribera"], 3, tmp_path) > 2000  # about 1 without
