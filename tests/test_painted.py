"""A warm process does not paint again the pages it painted last time
(kam.render.pdf.painted): what painting a page added to the document (glyphs, states,
marks) is replayed, and the PDF is byte for byte the one a cold process writes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from kam.pipeline import build
from kam.problems import Problems
from kam.render import pdf
from kam.render.pdf import helper as pdf_helper
from test_incremental import ROOT, _plan_laid_out_alone, page

#: Part three without an image (a page that draws one is painted every time), with
#: bold text, a letter and a transparency that the cover may or may not use first.
PART = '<p>Zoo <b>bold</b> <span style="color: rgba(0, 0, 0, 0.5)">half</span></p>'


def _html(cover: str, part: str = PART) -> str:
    html = page().replace('<img src="x.png" alt="">', part)
    html = html.replace("</style>", ".part { break-before: page; }</style>", 1)
    return html.replace("<p>Acme</p>", f"<p>{cover}</p>", 1)


def _write(html: str, target: Path, keep: str | None) -> pdf.PdfJob:
    job = pdf.PdfJob(root=target.parent, identifier=b"0" * 32, keep=keep)
    problems = Problems()
    assert pdf.write_pdf(html, target, job, problems), problems.items
    return job


@pytest.fixture
def warm(tmp_path):
    keep = str(tmp_path / "warm.pdf")
    yield keep
    pdf._kept.pop(keep, None)
    pdf._painters.pop(keep, None)


@pytest.mark.parametrize(
    "cover",
    [
        "Acme",  # the cover uses nothing of part three's
        'Zebra <b>bold</b> <span style="color: rgba(0, 0, 0, 0.5)">half</span>',
    ],
)
@pytest.mark.parametrize(
    "edited",
    [
        "Acme",
        'Zebra <b>bold</b> <span style="color: rgba(0, 0, 0, 0.5)">half</span>',
        "Acme <i>italic</i>",
    ],
)
def test_a_replayed_page_gives_the_cold_bytes_whatever_the_pages_before_it_use(
    tmp_path, warm, cover, edited
):
    """The cover is edited; part three's page is the one painted last time. Whether
    the new cover uses first (or no longer uses) its bold font, its letter Z or its
    transparency, the warm PDF is the cold one."""
    target = tmp_path / "warm.pdf"
    _write(_html(cover), target, warm)
    painter = pdf._painters[warm]
    assert painter.reused == 0 and len(painter.painted) == 3  # all recorded
    _write(_html(edited), target, warm)
    _write(_html(edited), tmp_path / "cold.pdf", None)
    assert target.read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    # The cover is laid out and painted again; part one is replayed, and part three
    # too unless its bold font is new to this write (then it is painted again).
    bold_first_in_part_three = "<b>" not in edited
    assert painter.reused == (1 if bold_first_in_part_three else 2)


def test_nothing_changed_replays_the_pages_after_the_first_and_stays_the_same(tmp_path, warm):
    """The first page is painted every time: it makes the fonts the others use."""
    target = tmp_path / "warm.pdf"
    html = _html('Zebra <b>bold</b> <span style="color: rgba(0, 0, 0, 0.5)">half</span>')
    _write(html, target, warm)
    first = target.read_bytes()
    _write(html, target, warm)
    assert pdf._painters[warm].reused == 2
    assert target.read_bytes() == first
    # The replayed streams were not compressed again: their bytes were kept.
    assert all(found.data for found in pdf._painters[warm].painted.values())
    assert len(pdf._painters[warm].painted) == 3


def test_a_page_that_draws_an_image_is_painted_every_time(tmp_path, warm):
    """Images and SVG groups are named by how many came before them: such a page is
    not replayed (nor is one that uses a font first, as part one's heading would
    without the cover's bold word)."""
    from PIL import Image

    Image.new("RGB", (8, 8), "teal").save(tmp_path / "x.png")
    target = tmp_path / "warm.pdf"
    html = _html("Acme <b>bold</b>", '<img src="x.png" alt="A teal square">')
    _write(html, target, warm)
    _write(html, target, warm)
    _write(html, tmp_path / "cold.pdf", None)
    assert target.read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    painter = pdf._painters[warm]
    assert painter.reused == 1 and len(painter.painted) == 2  # part three is not kept


#: An SVG whose centred label and translucent bar WeasyPrint draws in groups.
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
    '<rect x="10" y="10" width="50" height="30" fill="teal" opacity="0.5"/>'
    '<text x="60" y="55" text-anchor="middle" font-size="10">Zoo <tspan '
    'font-weight="bold">bold</tspan></text></svg>'
)


@pytest.mark.parametrize("before", ["", CHART])
def test_a_page_drawing_svg_groups_is_replayed_with_its_groups_renamed_if_need_be(
    tmp_path, warm, before
):
    """The groups are named by how many came before them (/x0, /x1 …): with a chart
    added to the cover, part three's chart is replayed under the next names. Both
    give the cold bytes."""
    from urllib.parse import quote

    def chart() -> str:
        return f'<img alt="A chart" src="data:image/svg+xml,{quote(CHART)}">'

    # The cover's SVG text uses the chart's fonts first, without groups.
    plain = CHART.replace(' opacity="0.5"', "").replace("middle", "start")
    cover = f'Acme <b>bold</b> <img alt="Text" src="data:image/svg+xml,{quote(plain)}"> '
    target = tmp_path / "warm.pdf"
    _write(_html(cover, chart()), target, warm)
    edited = _html(cover + "again " + (chart() if before else ""), chart())
    _write(edited, target, warm)
    _write(edited, tmp_path / "cold.pdf", None)
    assert target.read_bytes() == (tmp_path / "cold.pdf").read_bytes()
    painter = pdf._painters[warm]
    assert painter.reused == 2
    assert len(painter.painted) == 3


def test_watch_rebuilds_of_the_example_replay_most_pages(tmp_path, fixed_today):
    entry, warm, cold, layout = _plan_laid_out_alone(tmp_path)
    build(entry, cold, ("pdf",))
    assert (warm / "ribera.pdf").read_bytes() == (cold / "ribera.pdf").read_bytes()
    painter = pdf._painters[str((warm / "ribera.pdf").resolve())]
    kept_pages = len(layout.pages) - layout.laid_out
    assert kept_pages // 2 < painter.reused <= kept_pages


def test_between_rebuilds_the_garbage_goes_and_what_is_kept_is_frozen():
    """Watch mode settles after reporting each rebuild (kam.pipeline.watch._settle): a
    cycle that became garbage goes, even one frozen by the last settle, and what
    survives is out of the collector's reach until the next render thaws it."""
    import gc
    import weakref

    from kam.pipeline import watch

    class Node:
        pass

    node = Node()
    node.loop = node
    gone = weakref.ref(node)
    gc.freeze()
    del node
    try:
        watch._settle()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _ribera_html():
    from kam.pipeline import prepare, render_html

    prepared, problems = prepare(ROOT / "examples" / "ribera" / "account.yaml")
    assert prepared is not None, problems.items
    return prepared.loaded.root, render_html(prepared)


def _cold(html: str, root: Path, target: Path, helpers: int) -> Problems:
    from kam.render import html as render

    job = pdf.PdfJob(
        root=root,
        identifier=b"0" * 32,
        font_css=render.font_css(),
        font_files=render.font_css(embed=False),
        helpers=helpers,
    )
    problems = Problems()
    pdf.write_pdf(html, target, job, problems)
    return problems


@pytest.fixture
def helpers(monkeypatch):
    """The helpers kam.render.pdf.helper starts, kept for the test to look at."""
    from kam.render.pdf import helper

    started = []
    start = helper.start

    def keep(*args):
        found = start(*args)
        started.append(found)
        return found

    monkeypatch.setattr(helper, "start", keep)
    return started


def test_a_second_process_paints_half_the_pages_and_the_pdf_is_the_same(
    tmp_path, fixed_today, helpers
):
    """A cold build of one document paints the second half of its pages in a forked
    copy; the pages it hands over are replayed (the ones using a font first, or an
    image, are painted here), and the bytes are those of one process alone."""
    root, html = _ribera_html()
    assert not _cold(html, root, tmp_path / "one.pdf", 0)
    assert not helpers
    assert not _cold(html, root, tmp_path / "two.pdf", 1)
    (helper,) = helpers
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()
    second_half = len(helper.pages) - helper.first
    assert second_half // 2 < helper.reused <= second_half
    assert helper.pid == 0  # reaped


@pytest.mark.parametrize("trouble", ["fails", "is late", "reports"])
def test_what_the_second_process_cannot_do_is_done_here(
    tmp_path, fixed_today, helpers, monkeypatch, trouble
):
    """A copy that fails or is late is stopped and its pages painted here (the same
    bytes); what WeasyPrint reported in the copy is reported as if here."""
    import logging
    import time

    from kam.render.pdf import helper

    def copy(document, first, scale):
        if trouble == "fails":
            raise RuntimeError("boom")
        if trouble == "is late":
            time.sleep(30)
        logging.getLogger("weasyprint").warning("Failed to load image at 'x.png'")
        return []

    monkeypatch.setattr(helper, "_paint_here", copy)
    monkeypatch.setattr(helper, "MAX_WAIT", 1.0)
    root, html = _ribera_html()
    started = time.monotonic()
    problems = _cold(html, root, tmp_path / "two.pdf", 1)
    assert time.monotonic() - started < 25  # the late copy was not waited for
    (found,) = helpers
    assert found.reused == 0 and found.pid == 0
    if trouble == "reports":
        (reported,) = problems.items  # in the document's language, as it is here
        assert reported.message.endswith(": Failed to load image at 'x.png'")
        return
    assert not problems
    assert not _cold(html, root, tmp_path / "one.pdf", 0)
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()


def test_one_document_alone_may_use_a_second_process(monkeypatch, tmp_path):
    """`--jobs` counts processes: one document built with two allowed may fork a
    helper; with one allowed, or with several documents to share them, it does not."""
    from kam.pipeline import batch

    seen = []
    monkeypatch.setattr(batch, "build_one", lambda e, o, r=None, helpers=0: seen.append(helpers))
    ready = [batch.Ready(tmp_path / "a.yaml", None, 0.0, "en")]
    for jobs, items in ((2, ready), (1, ready), (1, ready * 2)):
        seen.clear()
        list(batch.build_many(items, batch.Options(), jobs))
        assert seen == [1 if jobs == 2 and len(items) == 1 else 0] * len(items)


@pytest.mark.parametrize(("variant", "forks"), [("pdf/ua-1", True), ("pdf/a-3b", False)])
def test_a_variant_that_gives_the_document_a_colour_profile_is_painted_here(
    tmp_path, helpers, variant, forks
):
    """PDF/A's output intent adds a colour profile as WeasyPrint starts writing, which
    changes the default colour space pages are painted with: no helper then."""
    sections = "".join(
        f'<section style="break-before: page"><h1>Part {i}</h1><p>Text {i}</p>'
        f'<img alt="A chart" src="data:image/svg+xml,{quote(CHART)}"></section>'
        for i in range(pdf_helper.MIN_PAGES)
    )
    html = (
        f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{sections}</body></html>"
    )
    written = []
    for count in (0, 1):
        job = pdf.PdfJob(root=tmp_path, identifier=b"0" * 32, variant=variant, helpers=count)
        problems = Problems()
        assert pdf.write_pdf(html, tmp_path / f"{count}.pdf", job, problems), problems.items
        written.append((tmp_path / f"{count}.pdf").read_bytes())
    assert written[0] == written[1]
    assert len(helpers) == forks
    if forks:
        assert helpers[0].reused > 0
