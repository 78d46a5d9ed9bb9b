"""Render a validated document to one self-contained HTML file (Jinja2).

A project may override the built-in templates with a `templates/` folder beside its
entry file: a file there replaces the built-in file of the same name, and can extend it
block by block with `{% extends "kam/document.html.j2" %}`; `templates/style.css` is
added after the built-in stylesheet. Templates run in Jinja's sandbox and may only read
files inside the project folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
)
from markupsafe import Markup

from kam import __version__
from kam import cache as kept
from kam.load import overrides
from kam.load.overrides import Overrides
from kam.models import Theme
from kam.registry import DEFAULT_FONT, FONTS
from kam.render import markdown, sandbox
from kam.render.labels import confidential_mark
from kam.render.sandbox import KamEnvironment
from kam.text import data_uri


def templates_dir() -> Path:
    """Templates ship inside the wheel (kam/templates); in a checkout they are at the top."""
    packaged = Path(__file__).parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


class ProjectLoader(BaseLoader):
    """Serves a project's own templates, read and checked at load time (kam.load.overrides)."""

    def __init__(self, project: Overrides):
        self.project = project

    def get_source(self, environment, template):
        text = overrides.source(self.project, template)
        if text is None:
            raise TemplateNotFound(template)
        return text, str(self.project.folder / template), lambda: True


class _CompiledTemplates(FileSystemBytecodeCache):
    """kam's own templates, compiled once and kept between runs.

    Why: parsing and compiling the document's templates took about 0.15 s of every
    `kam build` (as long as the rest of an HTML build). Jinja keeps the compiled code
    in kam's private folder (kam.cache), each file checked against its template's
    source. The key also holds what else makes the code (Jinja's and Python's
    versions, and kam's sandbox and environment: its code generator, options and loop
    budget), so a change to any of them compiles again. A cache that cannot be read or
    written is no cache: the templates are compiled as before."""

    def __init__(self, directory: str | None = None) -> None:
        super().__init__(directory or str(kept.folder()), pattern="kam-%s.cache")

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{_compiler()}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def _compiler() -> str:
    """What, besides a template's source, decides the code it compiles to."""
    digest = hashlib.sha256(f"{jinja2.__version__}|{sys.version}".encode())
    for module in (sandbox.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _compiled_templates() -> BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None


def _environment(loader: BaseLoader, compiled: BytecodeCache | None = None) -> KamEnvironment:
    env = KamEnvironment(
        loader=loader,
        bytecode_cache=compiled,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown.render
    env.filters["mdi"] = markdown.render_inline
    return env


@cache
def _builtin_environment() -> KamEnvironment:
    return _environment(FileSystemLoader(str(templates_dir())), _compiled_templates())


def environment(project: Overrides | None = None) -> KamEnvironment:
    """The built-in templates, or a project's overrides in front of them."""
    if project is None:
        return _builtin_environment()
    builtin = FileSystemLoader(str(templates_dir()))
    own = ProjectLoader(project)
    return _environment(ChoiceLoader([own, PrefixLoader({"kam": builtin}), builtin]))


@cache
def font_css(font: str = DEFAULT_FONT, embed: bool = True) -> str:
    """@font-face rules for a bundled family (SIL OFL), then the rule that makes it the
    body font. Embedded as data: URIs so that the HTML stays self-contained; or, for
    the PDF renderer (which is given the fonts apart from the HTML, kam.render.pdf), as
    file: URLs of kam's own font files, which it parses in 0.01 s instead of 0.17 s."""
    face = FONTS[font]
    rules = []
    for name, style, weight in face.faces:
        path = templates_dir() / "fonts" / name
        data = data_uri(path.read_bytes(), "font/ttf") if embed else path.resolve().as_uri()
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; "
            f"font-style: {style}; font-weight: {weight}; "
            f"src: url({data}) format('truetype'); }}"
        )
    rules.append(f"html {{ font-family: '{face.family}', 'DejaVu Sans', {face.generic}; }}")
    return "\n".join(rules)


@cache
def builtin_css() -> str:
    return (templates_dir() / "kam.css").read_text(encoding="utf-8")


def theme_css(theme: Theme | None) -> str:
    """Colors from the theme (validated as #RRGGBB by the model) as CSS variables."""
    if theme is None:
        return ""
    values = [
        f"--{name}: {value};"
        for name, value in (("primary", theme.primary), ("accent", theme.accent))
        if value
    ]
    return f":root {{ {' '.join(values)} }}" if values else ""


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, line breaks and other
    controls as hex escapes, `<` too (the stylesheet sits in a <style> element)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "<" or ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def running_css(head: str, title: str, page: str, of: str, mark: str | None) -> str:
    """The running head and footer of every page but the cover, written into the
    stylesheet as strings (no hidden element carries them, so no screen reader or copy
    reads them twice): account and title at the top, the confidentiality mark and
    "page N of M" at the bottom. Browsers that print the HTML show them too."""
    bottom_left = css_string(mark) if mark else "none"
    return (
        "@media print { @page { "
        f"@top-left {{ content: {css_string(head)}; }} "
        f"@top-right {{ content: {css_string(title)}; }} "
        f"@bottom-left {{ content: {bottom_left}; }} "
        f"@bottom-right {{ content: {css_string(page + ' ')} counter(page) "
        f"{css_string(' ' + of + ' ')} counter(pages); }} }} }}"
    )


def stylesheet(
    theme: Theme | None = None, project: Overrides | None = None, running: str = ""
) -> str:
    parts = [
        builtin_css(),
        font_css((theme.font if theme else None) or DEFAULT_FONT),
        theme_css(theme),
        running,
    ]
    if project is not None and project.style:
        parts.append(project.style.replace("</", "<\\/"))
    return "\n".join(part for part in parts if part)


#: A number and the unit after it (as users write them: "6 %", "35-39 %", "12 €"):
#: the space between becomes a no-break space, so the unit never starts a line alone.
_NUMBER_UNIT = re.compile(r"(\d) (%|‰|€|\$|£|¥|pp\b|p\.p\.)")


def _units_together(html: str) -> str:
    """Keep numbers and units together in the body (Babel's own formats already do)."""
    body = html.find("<body")
    return html[:body] + _NUMBER_UNIT.sub("\\1\u00a0\\2", html[body:])


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


def render_html(
    context: dict[str, object], theme: Theme | None = None, project: Overrides | None = None
) -> str:
    env = environment(project)
    t, doc = context["t"], context["doc"]
    mark = None
    if doc["confidential"]:
        edition = context.get("edition", "internal")
        mark = confidential_mark(t, doc["account"]["name"], edition)
    heads = running_css(doc["account"]["name"], context["title"], t("doc.page"), t("doc.of"), mark)
    css = Markup(stylesheet(theme, project, heads))
    html = sandbox.render(env, "document.html.j2", {**context, "css": css, "version": __version__})
    return _keep_small_tables(_units_together(html))
