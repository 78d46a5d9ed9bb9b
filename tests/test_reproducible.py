"""The same input gives the same PDF bytes on every machine, SOURCE_DATE_EPOCH or not.

WeasyPrint 70 subsets fonts with HarfBuzz when libharfbuzz-subset (>= 4.1) loads
(`weasyprint.text.ffi.harfbuzz_subset`), else with fontTools (`Font.subset` in
weasyprint/pdf/fonts.py), which dates each subset font (`head.modified`) with
SOURCE_DATE_EPOCH or the clock. kam sets SOURCE_DATE_EPOCH to the document's date while
it writes a PDF, when it is not set. These tests force the fontTools path and a clock
that moves on a day at each reading, so the test fails if any font is dated by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pytest

from kam.pipeline import build

DOC = (
    "kam: 1\nlocale: en\ncurrency: EUR\ndate: 2026-11-27\n"
    "company: {name: Acme}\naccount: {name: Beta}\n"
    "plan:\n  executive_summary: '**Bold**, *italic* and plain text in the body font.'\n"
)
DOC_DAY = int(dt.datetime(2026, 11, 27, tzinfo=dt.UTC).timestamp())


class Clock:
    """time.time for fontTools: a day later at each call."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def time(self) -> float:
        self.now += 86_400
        return self.now


@pytest.fixture
def fonttools(monkeypatch):
    """Subset fonts with fontTools (as without libharfbuzz-subset), with a moving clock;
    returns the list of fonts subset."""
    import fontTools.misc.timeTools
    import weasyprint.pdf.fonts as fonts

    subset: list[str] = []
    original = fonts.Font._fonttools_subset

    def spy(self, *args, **kwargs):
        subset.append(self.family)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    monkeypatch.setattr(fonts.Font, "_fonttools_subset", spy)
    monkeypatch.setattr(fontTools.misc.timeTools, "time", Clock())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return subset


def pdf_of(folder: Path) -> bytes:
    folder.mkdir()
    (folder / "account.yaml").write_text(DOC)
    written, problems, _timings = build(folder / "account.yaml", formats=("pdf",))
    assert not problems.items
    return written[0].read_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_two_builds_with_fonttools_and_no_source_date_epoch_are_identical(tmp_path, fonttools):
    first = pdf_of(tmp_path / "one")
    second = pdf_of(tmp_path / "two")
    assert fonttools, "fontTools subset no font: the test did not take the fontTools path"
    assert sha(first) == sha(second)
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the environment is restored


def test_the_fonts_are_dated_by_the_document(tmp_path, fonttools, monkeypatch):
    unset = pdf_of(tmp_path / "unset")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DOC_DAY))
    same_day = pdf_of(tmp_path / "same-day")
    assert sha(unset) == sha(same_day)


def test_a_source_date_epoch_of_the_users_is_kept(tmp_path, fonttools, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DOC_DAY + 3600))
    later = pdf_of(tmp_path / "later")
    assert os.environ["SOURCE_DATE_EPOCH"] == str(DOC_DAY + 3600)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    unset = pdf_of(tmp_path / "unset")
    assert sha(later) != sha(unset)  # only the fonts' dates differ: the epoch was used


def test_both_pdf_identifiers_are_fixed(tmp_path, fonttools):
    """The trailer's /ID: kam's identifier (from the HTML), then a hash of the PDF's
    objects, which is fixed once the fonts are."""
    ids = []
    for name in ("one", "two"):
        data = pdf_of(tmp_path / name)
        (found,) = re.findall(rb"/ID \[\((\w+)\) \((\w+)\)\]", data)
        ids.append(found)
    assert ids[0] == ids[1]
    written, _problems, _timings = build(tmp_path / "one" / "account.yaml", formats=("html",))
    html = written[0].read_bytes()
    assert ids[0][0] == hashlib.sha256(html).hexdigest()[:32].encode()


def test_a_source_date_epoch_that_is_not_a_number_is_replaced_and_restored(
    tmp_path, fonttools, monkeypatch
):
    """fontTools reads SOURCE_DATE_EPOCH with int(): "yesterday" would crash it."""
    unset = pdf_of(tmp_path / "unset")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert pdf_of(tmp_path / "garbage") == unset
    assert os.environ["SOURCE_DATE_EPOCH"] == "yesterday"
