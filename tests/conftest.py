"""Shared fixtures: each example is built once per test session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# The PDF stage's wall-clock budget (MAX_PDF_SECONDS, 60 s) is for users' builds; on a
# loaded test machine a stress document could pass it and fail for no fault of its own.
# Off for the session (subprocesses inherit it); the tests of the budget set their own.
os.environ["KAM_PDF_TIME_LIMIT"] = "0"


@dataclass
class Built:
    name: str
    entry: Path
    pdf: Path
    html: Path

    @property
    def pages(self) -> list[str]:
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(self.pdf).pages]


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> dict[str, Built]:
    from kam.pipeline import build

    out = tmp_path_factory.mktemp("examples")
    result = {}
    for entry in sorted(EXAMPLES.glob("*/account.yaml")):
        written, _problems, _timings = build(entry, out)
        pdf = next(p for p in written if p.suffix == ".pdf")
        html = next(p for p in written if p.suffix == ".html")
        result[entry.parent.name] = Built(entry.parent.name, entry, pdf, html)
    return result


@pytest.fixture
def fixed_today(monkeypatch):
    """Builds use a fixed 'today' when a document has no date."""
    epoch = int(dt.datetime(2026, 11, 27, tzinfo=dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    return dt.date(2026, 11, 27)


def pytest_addoption(parser):
    parser.addoption(
        "--update-reference",
        action="store_true",
        help="Rewrite tests/reference/ from the current output instead of comparing with it.",
    )


@pytest.fixture(autouse=True)
def _messages_in_the_environment_language():
    """Loading a document sets the language of messages for what follows (as a command
    does); each test starts from the environment's, whatever the test before loaded."""
    from kam.i18n import set_language

    set_language(None)
    yield
    set_language(None)
