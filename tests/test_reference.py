"""The HTML of every example, compared byte for byte with a reference file.

A strong guard for refactoring: any change to what the document says or how it is
marked up shows here. When a change is meant, refresh the files with
`pytest tests/test_reference.py --update-reference` and review the diff.

The reference is the HTML with lossless rewrites that keep it small and readable:
kam's stylesheet and the bundled fonts' @font-face block become placeholders (both are
fixed files of the checkout),
and each SVG chart's base64 data URI is decoded into the text of the SVG.
"""

from __future__ import annotations

import base64
import re

import pytest

from conftest import EXAMPLES, ROOT

REFERENCE = ROOT / "tests" / "reference"
_SVG = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def readable(html: str, font_css: str) -> str:
    from kam.render import html as render

    html = html.replace(render.builtin_css(), "/* kam: templates/kam.css */", 1)
    html = html.replace(font_css, "/* kam: the bundled fonts' @font-face rules */")
    return _SVG.sub(
        lambda m: "data:image/svg+xml;kam-decoded," + base64.b64decode(m[1]).decode(), html
    )


@pytest.mark.parametrize("name", sorted(p.parent.name for p in EXAMPLES.glob("*/account.yaml")))
def test_example_html_matches_its_reference(name, request):
    from kam.pipeline import prepare, render_html
    from kam.render import html as render

    prepared, problems = prepare(EXAMPLES / name / "account.yaml")
    assert prepared is not None, problems.items
    theme = prepared.doc.theme
    html = readable(
        render_html(prepared), render.font_css((theme and theme.font) or render.DEFAULT_FONT)
    )
    reference = REFERENCE / f"{name}.html"
    if request.config.getoption("--update-reference"):
        reference.write_text(html, encoding="utf-8")
    assert reference.exists(), f"no reference yet: run pytest {__file__} --update-reference"
    assert html == reference.read_text(encoding="utf-8"), (
        f"{name}: the HTML differs from tests/reference/{name}.html; if that is meant, "
        "refresh it with --update-reference and review the diff"
    )
