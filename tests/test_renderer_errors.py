"""What happens when the PDF renderer complains: refusals and warnings while the PDF is
drawn fail the build like those of the layout; Ctrl-C aborts without a PDF; messages
are short and CSS messages point into the project's templates/style.css; a missing
Pango is the user's setup (exit 1 with what to install), not a bug in kam."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.load import images
from kam.pipeline import build
from kam.render.pdf import MAX_MESSAGE_CHARS, short_message

ROOT = Path(__file__).resolve().parents[1]
KAM = ROOT / ".venv" / "bin" / "kam"
BASE = (
    "kam: 1\nlocale: en\ncurrency: EUR\ndate: 2026-11-27\ncompany: {name: Acme}\n"
    "account: {name: Beta}\n"
)
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
    '<rect width="100" height="40" fill="#036"/></svg>'
)


def with_logo(folder: Path, svg: str = LOGO) -> Path:
    (folder / "account.yaml").write_text(
        BASE.replace("{name: Acme}", "{name: Acme, logo: logo.svg}")
    )
    (folder / "logo.svg").write_text(svg)
    return folder / "account.yaml"


def failed_build(folder: Path, monkeypatch, *args: str) -> list[str]:
    """`kam build account.yaml` in `folder`: exit 1, no PDF or HTML, no temporary file
    left, and the previous PDF untouched. Returns the problem lines."""
    previous = folder / f"{folder.name}.pdf"
    previous.write_bytes(b"%PDF-1.7 the previous build")
    before = sorted(folder.rglob("*"))
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["build", "account.yaml", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert sorted(folder.rglob("*")) == before
    assert previous.read_bytes() == b"%PDF-1.7 the previous build"
    *lines, verdict = result.stderr.splitlines()
    assert verdict == "account.yaml: not built"
    return lines


# ------------------------------------------------------- refusals while drawing


INLINE_SVG = """{% extends "kam/document.html.j2" %}
{% block cover %}<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">
<image href="HREF" width="10" height="10"/><rect width="40" height="40" fill="#036"/>
</svg>{% endblock %}
"""


@pytest.mark.parametrize("href", ["file:///etc/passwd", "http://127.0.0.1:9/logo.png"])
def test_a_fetch_refused_while_the_pdf_is_drawn_fails_the_build(href, tmp_path, monkeypatch):
    """Images inside an SVG are fetched only when WeasyPrint draws the PDF: after the
    layout was checked. A refusal then used to leave a PDF without the image, exit 0."""
    folder = tmp_path / "acme"
    (folder / "templates").mkdir(parents=True)
    (folder / "account.yaml").write_text(BASE)
    (folder / "templates" / "document.html.j2").write_text(INLINE_SVG.replace("HREF", href))
    connects: list[object] = []
    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", lambda s, a: connects.append(a) or original(s, a))
    assert failed_build(folder, monkeypatch, "-f", "pdf") == [
        f"the document refers to '{href}', which kam does not fetch"
    ]
    assert connects == []


def test_an_svg_that_fails_to_draw_fails_the_build(tmp_path, monkeypatch):
    """WeasyPrint catches every exception while drawing an SVG and logs it: the logo
    would be missing from a PDF that looks fine."""
    import weasyprint.svg

    def broken(self, *args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(weasyprint.svg.SVG, "draw", broken)
    folder = tmp_path / "acme"
    folder.mkdir()
    with_logo(folder)
    uri = len("data:image/svg+xml;base64,") + len(base64.b64encode(LOGO.encode()))
    assert failed_build(folder, monkeypatch) == [
        f"PDF rendering: Failed to render SVG image data:image/svg+xml;base64,PHN2Zy… "
        f"({uri:,} characters)"
    ]


# ---------------------------------------------------------------------- Ctrl-C


def _interrupt_then(original):
    """A stand-in for a WeasyPrint function: Ctrl-C arrives (SIGINT, delivered to this
    thread before raise_signal returns), then the function runs."""

    def interrupted(*args, **kwargs):
        signal.raise_signal(signal.SIGINT)
        return original(*args, **kwargs)  # not reached: the handler raises

    return interrupted


def test_ctrl_c_while_an_svg_is_drawn_aborts_without_a_pdf(tmp_path, monkeypatch):
    """WeasyPrint's SVGImage.draw swallows KeyboardInterrupt too; kam records the
    signal and raises it again before the PDF is renamed into place."""
    import weasyprint.svg

    drawn: list[object] = []
    original = weasyprint.svg.SVG.draw

    def draw(self, *args, **kwargs):
        drawn.append(self)
        return _interrupt_then(original)(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.svg.SVG, "draw", draw)
    handler = signal.getsignal(signal.SIGINT)
    entry = with_logo(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build(entry, out, ("pdf",))
    assert len(drawn) == 1  # the interrupt came while drawing the logo
    assert list(out.iterdir()) == []  # no PDF, no temporary file
    assert signal.getsignal(signal.SIGINT) is handler


def test_ctrl_c_during_layout_aborts_without_a_pdf(tmp_path, monkeypatch):
    import weasyprint.document

    monkeypatch.setattr(
        weasyprint.document,
        "layout_document",
        _interrupt_then(weasyprint.document.layout_document),
    )
    handler = signal.getsignal(signal.SIGINT)
    entry = with_logo(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build(entry, out, ("pdf",))
    assert list(out.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is handler


# ------------------------------------------------------------ short messages


def test_a_broken_image_is_named_in_a_short_line(tmp_path, monkeypatch):
    """A logo WeasyPrint cannot read (the load-time check is bypassed here) used to
    print its whole data: URI: 10.7 MB of stderr for an 8 MB SVG."""
    monkeypatch.setattr(images, "check_logo", lambda path, name: None)
    folder = tmp_path / "acme"
    folder.mkdir()
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 300_000
    with_logo(folder, svg)
    uri = len("data:image/svg+xml;base64,") + len(base64.b64encode(svg.encode()))
    assert failed_build(folder, monkeypatch, "-f", "pdf") == [
        "PDF rendering: Failed to load image at 'data:image/svg+xml;base64,PHN2Zy… "
        f"({uri:,} characters)'"
    ]


def test_a_renderer_message_is_cut_and_escaped():
    message = "Something odd with \x1b[31m" + "x" * 1000
    short = short_message(message)
    assert len(short) == MAX_MESSAGE_CHARS
    assert short.startswith("Something odd with \\u001b[31mxxx")
    assert short.endswith("x…")


# --------------------------------------------------------------- CSS positions

STYLE = """/* the project's own styles */
.cover { border-top: 4mm solid var(--primary); }

.cover h1 { colr: red; }
@media print { .x { margin: 1px 2px 3px 4px 5px } }
"""


def test_css_messages_point_into_the_projects_stylesheet(tmp_path, monkeypatch):
    folder = tmp_path / "acme"
    (folder / "templates").mkdir(parents=True)
    (folder / "account.yaml").write_text(BASE)
    (folder / "templates" / "style.css").write_text(STYLE)
    assert failed_build(folder, monkeypatch, "-f", "pdf") == [
        "templates/style.css:4:13: PDF rendering: Ignored `colr: red`, unknown property.",
        "templates/style.css:5:21: PDF rendering: Ignored `margin: 1px 2px 3px 4px 5px `, "
        "Expected 1 to 4 tokens, got 5.",
    ]


def test_a_css_message_on_the_first_line(tmp_path, monkeypatch):
    folder = tmp_path / "acme"
    (folder / "templates").mkdir(parents=True)
    (folder / "account.yaml").write_text(BASE)
    (folder / "templates" / "style.css").write_text("p { colr: red }\n")
    assert failed_build(folder, monkeypatch, "-f", "pdf") == [
        "templates/style.css:1:5: PDF rendering: Ignored `colr: red `, unknown property."
    ]


# ------------------------------------------------------------ a missing Pango

FAKE_WEASYPRINT = """
print("-----\\nWeasyPrint could not import some external libraries.\\n-----")
raise OSError(
    "cannot load library 'libgobject-2.0-0': libgobject-2.0-0: cannot open shared object "
    "file: No such file or directory.  Additionally, ctypes.util.find_library() did not "
    "manage to locate a library called 'libgobject-2.0-0'"
)
"""
MISSING = (
    "PDF output needs the Pango library, which could not be loaded (cannot load "
    "libgobject-2.0-0). Install it: on Debian or Ubuntu `sudo apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0`; on macOS `brew install pango`; on Windows see "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html. HTML output works "
    "without it: kam build --format html"
)


@pytest.fixture
def without_pango(tmp_path):
    """An environment where `import weasyprint` fails as it does without Pango."""
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text(FAKE_WEASYPRINT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, "PYTHONPATH": str(fake)}


def kam(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KAM), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_missing_pango_says_what_to_install(tmp_path, without_pango):
    project = tmp_path / "acme"
    project.mkdir()
    (project / "account.yaml").write_text(BASE)
    result = kam(without_pango, project, "build", "account.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [MISSING, "account.yaml: not built"]
    assert result.stdout == ""  # WeasyPrint's banner is kept off standard output
    assert sorted(p.name for p in project.iterdir()) == ["account.yaml"]
    html = kam(without_pango, project, "build", "account.yaml", "--format", "html")
    assert html.returncode == 0, html.stderr
    assert (project / "acme.html").is_file()


def test_a_missing_pango_in_a_parallel_build(tmp_path, without_pango):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "account.yaml").write_text(BASE)
    result = kam(without_pango, tmp_path, "build", "a/account.yaml", "b/account.yaml", "-j", "2")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines.count(MISSING) == 2
    verdicts = sorted(line.split("] ", 1)[1] for line in lines if line != MISSING)
    assert verdicts == ["a/account.yaml: not built", "b/account.yaml: not built"]


# --------------------------------------------------------- control characters


def test_control_characters_in_chart_labels_keep_the_chart_readable():
    """A product name with a control character (from a CSV file) made the chart's SVG
    unreadable to WeasyPrint ("Failed to load image"), a chart missing from the PDF."""
    from xml.etree import ElementTree

    from kam.render.svg import Svg

    chart = Svg(100, 50, "Revenue \x0b by product")
    chart.text(0, 10, "Kits\x01quirúrgicos & co")
    chart.rect(0, 0, 10, 10, "#000", data_name="a\x02b")
    root = ElementTree.fromstring(chart.render())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Revenue \ufffd by product"
    assert root.find(f"{ns}text").text == "Kits\ufffdquirúrgicos & co"
    assert root.find(f"{ns}rect").get("data-name") == "a\ufffdb"
