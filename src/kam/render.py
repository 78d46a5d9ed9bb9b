"""Render a validated document to one self-contained HTML file (Jinja2)."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from kam import __version__, markdown


def templates_dir() -> Path:
    """Templates ship inside the wheel (kam/templates); in a checkout they are at the top."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@cache
def environment(folder: Path | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(folder or templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown.render
    env.filters["mdi"] = markdown.render_inline
    return env


FONT_FACES = (
    ("SourceSans3-Regular.ttf", "normal", 400),
    ("SourceSans3-It.ttf", "italic", 400),
    ("SourceSans3-Semibold.ttf", "normal", 600),
    ("SourceSans3-Bold.ttf", "normal", 700),
)


@cache
def font_faces() -> str:
    """@font-face rules for the bundled Source Sans 3 (SIL OFL), as data: URIs so the
    HTML stays self-contained and the PDF renderer fetches nothing outside the project."""
    rules = []
    for name, style, weight in FONT_FACES:
        data = base64.b64encode((templates_dir() / "fonts" / name).read_bytes()).decode("ascii")
        rules.append(
            "@font-face { font-family: 'Source Sans 3'; "
            f"font-style: {style}; font-weight: {weight}; "
            f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}"
        )
    return "\n".join(rules)


@cache
def stylesheet() -> str:
    css = (templates_dir() / "kam.css").read_text(encoding="utf-8")
    return font_faces() + "\n" + css


KEEP_ROWS = 22
KEEP_CHARS = 1500
_TABLE = re.compile(r'<table class="(data[^"]*)"(.*?)</table>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _keep_small_tables(html: str) -> str:
    """Mark tables that surely fit on one page `keep` (at most KEEP_ROWS rows and
    KEEP_CHARS characters of text), so the PDF does not split them; longer tables flow
    across pages with their header repeated. CSS cannot measure a table, and
    `break-inside: avoid` on one taller than a page would push it to a fresh page,
    stranding its heading, and split it anyway."""

    def mark(match: re.Match[str]) -> str:
        body = match.group(2)
        if body.count("<tr") > KEEP_ROWS or len(_TAG.sub("", body)) > KEEP_CHARS:
            return match.group(0)
        return f'<table class="{match.group(1)} keep"{match.group(2)}</table>'

    return _TABLE.sub(mark, html)


def render_html(context: dict[str, object]) -> str:
    env = environment()
    template = env.get_template("document.html.j2")
    html = template.render(**context, css=Markup(stylesheet()), version=__version__)
    return _keep_small_tables(html)
