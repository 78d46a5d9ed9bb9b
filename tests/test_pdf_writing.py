"""How kam has WeasyPrint's PDF written (kam.render.pdf): the streams pydyf makes as it
writes are compressed at kam's levels, and the page references that WeasyPrint's tags
read for every element are made once while the PDF is written."""

from __future__ import annotations

import re
import subprocess
import zlib

import pydyf
import pytest

from kam.problems import Problems
from kam.render import pdf
from test_incremental import page

#: A stream of a PDF: its dictionary, then its bytes.
STREAM = re.compile(rb"<<(.*?)>>\nstream\n(.*?)\nendstream", re.S)


def _streams(data: bytes) -> dict[bytes, bytes]:
    """The compressed bytes of the PDF's streams by their /Type (those that have one)."""
    found = {}
    for head, body in STREAM.findall(data):
        kind = re.search(rb"/Type /(\w+)", head)
        if kind:
            found[kind.group(1)] = body
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    target = tmp_path_factory.mktemp("pdf") / "out.pdf"
    job = pdf.PdfJob(root=target.parent, identifier=b"0" * 32)
    problems = Problems()
    html = page().replace('<img src="x.png" alt="">', "<p>No image</p>")
    assert pdf.write_pdf(html, target, job, problems), problems.items
    return target


def test_the_object_and_cross_reference_streams_are_compressed_at_kams_levels(written):
    streams = _streams(written.read_bytes())
    assert set(pdf.WRITTEN_LEVELS) == {"/ObjStm", "/XRef"}
    for kind, level in (("ObjStm", 6), ("XRef", 1)):
        assert pdf.WRITTEN_LEVELS[f"/{kind}"] == level
        compressed = streams[kind.encode()]
        raw = zlib.decompress(compressed)
        assert compressed == zlib.compress(raw, level)
        assert compressed != zlib.compress(raw, 9)  # pydyf's level: not used for them
    # The object stream holds the PDF's dictionaries: the catalog among them.
    assert b"/Type /Catalog" in zlib.decompress(streams[b"ObjStm"])


def test_the_pdf_written_so_is_sound(written):
    check = subprocess.run(["qpdf", "--check", str(written)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_page_references_are_made_once_per_number_of_pages_while_writing():
    made = pydyf.PDF.__dict__["page_references"]
    document = pydyf.PDF()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    with pdf._page_references_kept():
        first = document.page_references
        assert first == made.fget(document)
        assert document.page_references is first  # kept, not made again
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        fourth = document.page_references
        assert fourth is not first and len(fourth) == 4
        assert fourth == made.fget(document)
    assert pydyf.PDF.__dict__["page_references"] is made  # pydyf's own, afterwards
    assert document.page_references is not document.page_references


def test_page_references_are_pydyfs_again_after_a_failed_write():
    made = pydyf.PDF.__dict__["page_references"]
    with pytest.raises(RuntimeError), pdf._page_references_kept():
        raise RuntimeError("the write failed")
    assert pydyf.PDF.__dict__["page_references"] is made
