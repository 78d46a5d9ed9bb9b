"""A project's templates/style.css is checked before it is used: it reaches nothing
outside the project, cannot make the layout explode, and every problem points at its
line and column in the user's file."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.load import overrides

MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"


def _build(tmp_path: Path, style: bytes | str, fmt: str = "html") -> tuple[int, list[str], Path]:
    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True, exist_ok=True)
    (project / "account.yaml").write_text(MINIMAL)
    data = style.encode() if isinstance(style, str) else style
    (project / "templates" / "style.css").write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(out), "-f", fmt]
    )
    return result.exit_code, result.stderr.splitlines(), out


def _problems(lines: list[str]) -> list[str]:
    """Problem lines as `LINE:COL: message`, relative to style.css."""
    assert lines[-1].endswith("p/account.yaml: not built"), lines
    out = []
    for line in lines[:-1]:
        where, _, rest = line.partition("p/templates/style.css:")
        assert where == "" or where.endswith("/"), line
        out.append(rest)
    return out


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "@page { size: 100000mm 100000mm }",
            [
                "1:15: the page size 100000mm is beyond the limit of 1200 mm",
                "1:24: the page size 100000mm is beyond the limit of 1200 mm",
            ],
        ),
        ("\n* { columns: 500 }", ["2:14: columns: 500 is beyond the limit of 12 columns"]),
        (".a { column-count: 13 }", ["1:20: column-count: 13 is beyond the limit of 12 columns"]),
        (
            ".g { grid-template-columns: repeat(100000, 1px) }",
            ["1:36: repeat(100000, …) is beyond the limit of 100"],
        ),
        ("p { line-height: 1000 }", ["1:18: line-height 1000 is beyond the limit of 20"]),
        ("* { font-size: 50em }", ["1:16: font-size 50em is beyond the limit of 4em"]),
        ("* { font-size: 1000% }", ["1:16: font-size 1000% is beyond the limit of 400%"]),
        (".w { width: 2m; margin: 100in }", ["1:25: the length 100in is beyond the limit of 1200 mm"]),
        (
            "@media print { .x { padding: 5000px } }",
            ["1:30: the length 5000px is beyond the limit of 1200 mm"],
        ),
    ],
    ids=["page-size", "columns", "column-count", "repeat", "line-height", "font-em",
         "font-percent", "length", "inside-media"],
)  # fmt: skip
def test_multipliers_are_bounded(tmp_path, style, expected):
    code, lines, out = _build(tmp_path, style)
    assert code == 1
    assert _problems(lines) == expected
    assert not out.exists()


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (".a { margin: 50em 50rem }", None),
        (".a { margin: 51em }", "1:14: margin 51em is beyond the limit of 50em"),
        (".a { width: 1000vw; height: 1000vh }", None),
        (".a { width: 1001vw }", "1:13: 1001vw is beyond the limit of 1000vw"),
        (".a { width: 1000% }", None),
        (".a { width: 1001% }", "1:13: width 1001% is beyond the limit of 1000%"),
    ],
    ids=["em-at", "em-over", "vw-at", "vw-over", "percent-at", "percent-over"],
)
def test_relative_units_stop_at_their_documented_bounds(tmp_path, style, expected):
    """em 50, vw 1,000, percentages 1,000 % (docs/validation.md): at the bound the style
    is kept, one past it refused."""
    code, lines, out = _build(tmp_path, style)
    if expected is None:
        assert code == 0, lines
        assert style in (out / "p.html").read_text(encoding="utf-8")
    else:
        assert code == 1
        assert _problems(lines) == [expected]
        assert not out.exists()


@pytest.mark.parametrize(("size", "accepted"), [(5_000_000, True), (5_000_001, False)])
def test_a_file_named_by_url_is_at_most_5_mb(tmp_path, size, accepted):
    """MAX_URL_BYTES: a font (which no logo check bounds) of 5,000,000 bytes is inlined,
    one byte more is refused unread."""
    assets = tmp_path / "p" / "assets"
    assets.mkdir(parents=True)
    (assets / "f.woff2").write_bytes(b"\0" * size)
    code, lines, out = _build(
        tmp_path, "@font-face { font-family: f; src: url(../assets/f.woff2) }"
    )
    if accepted:
        assert code == 0, lines
        assert "url(data:font/woff2;base64,AAAA" in (out / "p.html").read_text(encoding="utf-8")
    else:
        assert code == 1
        assert _problems(lines) == [
            "1:35: url(../assets/f.woff2) is 5,000,001 bytes; the limit is 5,000,000"
        ]


def test_values_within_the_bounds_are_kept(tmp_path):
    style = "@page { size: A4 landscape } .x { columns: 2; font-size: 1.5em; width: 180mm }"
    code, lines, out = _build(tmp_path, style)
    assert code == 0, lines
    assert style in (out / "p.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "@import url(http://127.0.0.1:9/x.css);",
            "1:1: @import is not allowed in a project stylesheet; copy the rules into "
            "templates/style.css",
        ),
        (
            ".a { background: url(http://127.0.0.1:9/x.png) }",
            "1:18: url(http://127.0.0.1:9/x.png) cannot be used: 'http://127.0.0.1:9/x.png' is a "
            "URL; kam only reads files inside the project folder",
        ),
        (
            ".a { background: url('file:///etc/passwd') }",
            "1:18: url(file:///etc/passwd) cannot be used: 'file:///etc/passwd' is a URL; kam "
            "only reads files inside the project folder",
        ),
        (
            "@font-face { font-family: x; src: url(/etc/passwd) }",
            "1:35: url(/etc/passwd) cannot be used: '/etc/passwd' is an absolute path; write a "
            "path relative to the file that names it",
        ),
        (
            ".a { background: url(../../secret.png) }",
            None,  # outside the project: the message names the project folder
        ),
        (
            ".a { background: url(notes.txt) }",
            "1:18: url(notes.txt): kam inlines only fonts (.woff2, .woff, .ttf, .otf) and "
            "images (.png, .jpg, .svg)",
        ),
    ],
    ids=["import", "http", "file", "absolute", "escape", "not-an-asset"],
)
def test_the_stylesheet_reaches_nothing_outside_the_project(tmp_path, style, expected):
    (tmp_path / "p" / "templates").mkdir(parents=True)
    (tmp_path / "p" / "templates" / "notes.txt").write_text("hello")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    code, lines, out = _build(tmp_path, style)
    assert code == 1
    [problem] = _problems(lines)
    if expected:
        assert problem == expected
    else:
        assert problem.startswith(
            "1:18: url(../../secret.png) cannot be used: '../../secret.png' is outside the project folder"
        )
    assert not out.exists()


def test_project_files_named_by_url_are_inlined(tmp_path):
    """The HTML stays self-contained: an image or font of the project becomes a data: URI."""
    assets = tmp_path / "p" / "assets"
    assets.mkdir(parents=True)
    pixel = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )
    (assets / "dot.png").write_bytes(pixel)
    style = ".cover { background: url('../assets/dot.png') no-repeat }"
    code, lines, out = _build(tmp_path, style)
    assert code == 0, lines
    html = (out / "p.html").read_text(encoding="utf-8")
    inlined = "data:image/png;base64," + base64.b64encode(pixel).decode()
    assert f'.cover {{ background: url("{inlined}") no-repeat }}' in html
    assert "../assets/dot.png" not in html


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"body { color: r\xe9d }", "1:16: byte 0xe9 is not valid UTF-8; save the file as UTF-8"),
        (b".a {}\n\x00\x01\x02", "2:1: the file contains a NUL character; is it a binary file?"),
    ],
    ids=["latin-1", "binary"],
)
def test_a_stylesheet_that_is_not_text_is_located(tmp_path, data, expected):
    code, lines, _out = _build(tmp_path, data)
    assert code == 1
    assert _problems(lines) == [expected]


def test_a_huge_stylesheet_is_refused(tmp_path):
    code, lines, _out = _build(tmp_path, "/*" + "x" * overrides.MAX_FILE_BYTES + "*/")
    assert code == 1
    assert _problems(lines) == [
        f"1:1: the file is {overrides.MAX_FILE_BYTES + 4:,} bytes; a file in templates/ may "
        f"have at most {overrides.MAX_FILE_BYTES:,}"
    ]


def _build_pdf(tmp_path: Path, style: str, template: str | None = None, env=None):
    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True, exist_ok=True)
    (project / "account.yaml").write_text(MINIMAL)
    (project / "templates" / "style.css").write_text(style)
    if template is not None:
        (project / "templates" / "document.html.j2").write_text(template)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(out), "-f", "pdf"], env=env
    )
    assert not out.exists() or not any(out.iterdir())
    return result.exit_code, result.stderr.splitlines()


def test_styles_that_multiply_the_layout_stop_at_the_pdf_time_budget(tmp_path):
    """Nested multi-column layouts run for hours in WeasyPrint; the PDF stage's budget
    ends them (here a 2 s budget, so the test is short)."""
    started = time.monotonic()
    code, lines = _build_pdf(tmp_path, "* { columns: 2 }", env={"KAM_PDF_TIME_LIMIT": "2"})
    assert time.monotonic() - started < 60  # a hang guard
    assert code == 1
    assert lines[0] == (
        "laying out and writing the PDF took more than 2 s (the limit); if the project has its "
        "own templates/style.css, look for styles that multiply the work (multi-column layouts "
        "inside each other, huge sizes); KAM_PDF_TIME_LIMIT=SECONDS allows more time"
    )


def test_a_renderer_crash_on_project_styles_is_the_projects_error(tmp_path):
    """A font size compounded over 60 nested elements overflows Pango: exit 1, located at
    the stylesheet, not "a bug in kam"."""
    nested = "<div>" * 60 + "x" + "</div>" * 60
    template = '{% extends "kam/document.html.j2" %}{% block cover %}' + nested + "{% endblock %}"
    code, lines = _build_pdf(tmp_path, "* { font-size: 3em }", template)
    assert code == 1
    problem = next(line for line in lines if "p/templates/style.css:1:1: " in line)
    assert "the PDF renderer failed on this project's own templates or stylesheet (" in problem
    assert problem.endswith(
        "undo the last change to templates/, or check it with --format html first"
    )


def test_images_named_by_the_stylesheet_get_the_logo_checks(tmp_path):
    """A use-bomb SVG as a CSS background would keep WeasyPrint drawing for hours."""
    from test_images import use_bomb

    (tmp_path / "p" / "templates").mkdir(parents=True)
    (tmp_path / "p" / "templates" / "bomb.svg").write_text(use_bomb(5))
    code, lines, out = _build(tmp_path, ".cover { background: url(bomb.svg) }")
    assert code == 1
    [problem] = _problems(lines)
    assert problem.startswith("1:22: the image bomb.svg draws ")
    assert problem.endswith(
        "elements after <use> expansion; the limit is 20,000. Simplify the SVG or export it as PNG."
    )
