"""Markdown for free-text fields: CommonMark, raw HTML off, no images, safe links."""

from __future__ import annotations

from functools import cache

from markupsafe import Markup

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


@cache
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")

    def validate_link(url: str) -> bool:
        return url.strip().lower().startswith(_SAFE_SCHEMES)

    md.validateLink = validate_link
    return md


def render(text: str | None) -> Markup:
    """Render Markdown to HTML (block level)."""
    if not text:
        return Markup("")
    return Markup(_parser().render(text))


def render_inline(text: str | None) -> Markup:
    """Render a one-line Markdown string without wrapping it in a paragraph."""
    if not text:
        return Markup("")
    return Markup(_parser().renderInline(text))
