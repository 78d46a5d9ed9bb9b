"""The deliverable in real readers: qpdf, poppler, and headless Chromium with axe-core.

These tests skip, saying what to install, on a machine without the tools; .ci/run
installs them so CI always runs them.
"""

from __future__ import annotations

import json
import re
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import EXAMPLES, have, pdftotext
from headings import BY_LANGUAGE

BROWSER = Path(__file__).parent / "browser"


def need(*tools: str, package: str) -> None:
    missing = [t for t in tools if not have(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found: install it with `apt-get install {package}`")


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_qpdf_check_passes(built_examples, name):
    need("qpdf", package="qpdf")
    result = subprocess.run(
        ["qpdf", "--check", str(built_examples[name].pdf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_pdfinfo_shows_pages_and_metadata(built_examples):
    need("pdfinfo", package="poppler-utils")
    built = built_examples["ribera"]
    info = subprocess.run(["pdfinfo", str(built.pdf)], capture_output=True, text=True).stdout
    fields = dict(re.findall(r"^([A-Za-z ]+):\s+(.*)$", info, re.M))
    assert int(fields["Pages"]) == len(built.pages) >= 20
    assert fields["Title"] == "Plan de cuenta clave 2027 · Grupo Hospitalario Ribera"
    assert fields["Author"] == "Ana López Serrano, Javier Morales Pons"
    assert fields["Subject"].startswith("Plan de cuentas clave: Grupo Hospitalario Ribera")
    assert fields["Tagged"] == "yes"
    assert fields["Page size"].endswith("(A4)")


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_pdftotext_gives_headings_and_content_in_reading_order(built_examples, name):
    need("pdftotext", package="poppler-utils")
    built = built_examples[name]
    text = re.sub(r"\s+", " ", pdftotext(built.pdf))
    language = "es" if name == "ribera" else "en"
    body = text[text.rfind(". . .") :]  # after the table of contents
    headings = BY_LANGUAGE[language]
    # each heading, then some of its own content before the next heading
    content = {
        "ribera": [("A.1. Equipo de cuenta de la compañía", "Key account manager"),
                   ("D.1. Plan de acción clave", "Coste del plan (acciones activas)")],
        "brightfield": [("A.1. Company account team", "Key account manager"),
                        ("D.1. Key action plan", "Plan cost (active actions)")],
    }[name]  # fmt: skip
    position = 0
    for heading in headings:
        found = body.find(heading, position)
        assert found >= 0, heading
        position = found
    for heading, snippet in content:
        start = body.find(heading)
        following = headings[headings.index(heading) + 1]
        end = body.find(following, start)
        assert snippet in body[start:end], (heading, snippet)


def test_pdffonts_shows_the_bundled_font_embedded(built_examples):
    need("pdffonts", package="poppler-utils")
    out = subprocess.run(
        ["pdffonts", str(built_examples["brightfield"].pdf)], capture_output=True, text=True
    ).stdout
    rows = [line for line in out.splitlines() if "Source-Sans-3" in line]
    assert rows, out
    assert all(" yes yes " in re.sub(r"\s+", " ", row) for row in rows), rows


def _not_blank(png: Path) -> float:
    """Share of pixel bytes that are neither 0 nor 255 after PNG filtering (0 = blank)."""
    data = png.read_bytes()
    chunks, pos = [], 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return sum(1 for b in raw if b not in (0, 255)) / len(raw)


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_html_in_headless_chromium(built_examples, name, tmp_path):
    need("chromium", package="chromium")
    if not have("node"):
        pytest.skip("node not found: install Node.js (apt-get install nodejs npm)")
    if not (BROWSER / "node_modules" / "playwright-core").is_dir():
        pytest.skip("browser test packages missing: run `npm ci --prefix tests/browser`")
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        ["node", str(BROWSER / "check.mjs"), str(built_examples[name].html), str(shot)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["consoleErrors"] == []
    assert report["requests"] == []
    serious = [v for v in report["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert report["textLength"] > 20_000
    assert _not_blank(shot) > 0.01


def test_blank_detector_detects_blank(tmp_path):
    """The screenshot check above can fail: a white image scores 0."""
    width, height = 40, 30
    raw = b"".join(b"\x00" + b"\xff" * (width * 3) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
    png += chunk(b"IEND", b"")
    path = tmp_path / "white.png"
    path.write_bytes(png)
    assert _not_blank(path) == 0


def test_pdf_ua_variant_is_tagged_and_declares_pdf_ua(tmp_path):
    from pypdf import PdfReader

    from kam.pipeline import build

    written, _problems, _timings = build(
        EXAMPLES / "themed" / "account.yaml", tmp_path, ("pdf",), pdf_variant="pdf/ua-1"
    )
    root = PdfReader(written[0]).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
