"""Render a validated document to one self-contained HTML file (Jinja2)."""

from __future__ import annotations

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


def stylesheet() -> str:
    return (templates_dir() / "kam.css").read_text(encoding="utf-8")


def render_html(context: dict[str, object]) -> str:
    env = environment()
    template = env.get_template("document.html.j2")
    return template.render(**context, css=Markup(stylesheet()), version=__version__)
