"""A cold PDF laid out on two processes (kam.render.pdf.parallel): a forked copy lays
out some of the parts, and the PDF is byte for byte the one a single layout gives;
whatever goes wrong, the whole document is laid out here instead."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

import pytest

from kam.pipeline import prepare, render_html
from kam.problems import Problems
from kam.render import html as render
from kam.render import pdf
from kam.render.pdf import incremental, parallel
from test_incremental import ROOT

TWO = "layout (2 processes)"


def _html(example: str) -> tuple[Path, str]:
    prepared, problems = prepare(ROOT / "examples" / example / "account.yaml")
    assert prepared is not None, problems.items
    return prepared.loaded.root, render_html(prepared)


def _job(root: Path, helpers: int, **more) -> pdf.PdfJob:
    return pdf.PdfJob(
        root=root,
        identifier=b"0" * 32,
        font_css=render.font_css(),
        font_files=render.font_css(embed=False),
        helpers=helpers,
        own_templates=True,
        **more,
    )


def _pdf(html: str, root: Path, target: Path, helpers: int) -> tuple[Problems, dict]:
    problems, timings = Problems(), {}
    pdf.write_pdf(html, target, _job(root, helpers), problems, timings)
    return problems, timings


@pytest.fixture(scope="module")
def ribera():
    return _html("ribera")


@pytest.mark.parametrize("example", ["ribera", "brightfield"])
def test_two_processes_lay_out_an_example_into_the_same_pdf(tmp_path, fixed_today, example):
    root, html = _html(example)
    problems, alone = _pdf(html, root, tmp_path / "one.pdf", 0)
    assert not problems and "layout" in alone and TWO not in alone
    problems, shared = _pdf(html, root, tmp_path / "two.pdf", 1)
    assert not problems and TWO in shared  # the mechanism: the copy's parts were taken
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()


def test_the_copy_takes_about_half_of_the_parts_never_the_contents_nor_all(ribera):
    split = incremental.split(ribera[1])
    theirs = parallel._share(split)
    weights = [len(parallel._DATA_URI.sub("", body)) for body in split.bodies]
    assert 0 not in theirs and 0 < len(theirs) < len(weights) - 1
    share = sum(weights[i] for i in theirs) / sum(weights)
    assert 0.3 < share < 0.7, share


@pytest.mark.parametrize("trouble", ["fails", "is late", "reports", "cannot pickle"])
def test_when_the_copy_does_not_deliver_the_whole_document_is_laid_out_here(
    tmp_path, fixed_today, monkeypatch, ribera, trouble
):
    """A copy that fails, is late, has WeasyPrint complain or cannot send its pages is
    stopped, and the document is laid out whole here: the same bytes, no problem said
    (what the copy alone saw is not the document's), not a long wait."""
    copy = parallel._copy

    def troubled(renderer, split, theirs, down, up):
        if trouble == "fails":
            raise RuntimeError("boom")
        if trouble == "is late":
            time.sleep(30)
        if trouble == "reports":
            logging.getLogger("weasyprint").warning("Failed to load image at 'x.png'")
        if trouble == "cannot pickle":
            monkeypatch.setattr(parallel._Pickler, "reducer_override", _unpicklable)
        copy(renderer, split, theirs, down, up)

    monkeypatch.setattr(parallel, "_copy", troubled)
    monkeypatch.setattr(parallel, "MAX_WAIT", 1.0)
    root, html = ribera
    started = time.monotonic()
    problems, timings = _pdf(html, root, tmp_path / "two.pdf", 1)
    assert time.monotonic() - started < 25  # the late copy was not waited for
    assert not problems.items and "layout" in timings and TWO not in timings
    assert not _pdf(html, root, tmp_path / "one.pdf", 0)[0]
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()


def _unpicklable(self, obj):
    raise TypeError("cannot pickle this")


def test_a_contents_whose_pages_change_with_its_numbers_is_laid_out_whole(
    tmp_path, fixed_today, monkeypatch, ribera
):
    """The contents is laid out with its page numbers once the copy says where the
    parts are; if it then has another number of pages than the draft, the plan ends."""
    paginate = parallel._paginate
    root, html = ribera
    contents = incremental.split(html).bodies[0]
    laid = []

    def paginate_with_a_longer_contents(renderer, text):
        found = paginate(renderer, text)
        if contents in text:
            laid.append(text)
            if len(laid) == 2 and found is not None:  # the draft first, then the contents
                found.boxes = [*found.boxes, found.boxes[-1]]
        return found

    monkeypatch.setattr(parallel, "_paginate", paginate_with_a_longer_contents)
    problems, timings = _pdf(html, root, tmp_path / "two.pdf", 1)
    assert len(laid) == 2 and not problems.items and TWO not in timings
    assert not _pdf(html, root, tmp_path / "one.pdf", 0)[0]
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()


@pytest.mark.parametrize(
    ("change", "used"),
    [
        ({}, True),
        ({"helpers": 0}, False),  # --jobs 1, or a batch sharing the processes
        ({"own_templates": False}, False),  # a project's templates/: its own shape
        ({"keep": "watch"}, False),  # watch mode keeps and resumes a layout of its own
        ({"variant": "pdf/a-3b"}, False),  # a colour profile added as writing starts
        ({"variant": "pdf/ua-1"}, True),
    ],
)
def test_which_builds_lay_out_on_two_processes(monkeypatch, tmp_path, change, used):
    monkeypatch.setattr(parallel, "lay_out", lambda renderer: "laid out")
    job = dataclasses.replace(_job(tmp_path, 1), **change)
    assert pdf._in_two(None, job) == ("laid out" if used else None)


def test_a_project_with_its_own_templates_is_laid_out_by_one_process(tmp_path, fixed_today):
    from kam.pipeline import build

    entry = ROOT / "examples" / "themed" / "account.yaml"
    written, problems, timings = build(entry, out_dir=tmp_path, formats=("pdf",), helpers=1)
    assert written and not problems.errors
    assert "layout" in timings and TWO not in timings


def test_a_small_document_is_laid_out_by_one_process(tmp_path, fixed_today):
    """Forking and handing the pages over would cost more than the copy saves."""
    entry = tmp_path / "account.yaml"
    entry.write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ndate: 2026-11-27\ncompany: {name: Acme}\n"
        "account: {name: Beta}\nplan:\n  executive_summary: A plan.\n"
    )
    prepared, problems = prepare(entry)
    html = render_html(prepared)
    split = incremental.split(html)
    assert split is not None and len(split.bodies) >= parallel.MIN_STRETCHES
    assert sum(parallel._weights(split).values()) < parallel.MIN_MARKUP
    assert parallel.lay_out(_Renderer(html)) is None  # before any fork


class _Renderer:
    def __init__(self, html: str) -> None:
        self.html = html
