"""The running head and footer are CSS strings in the generated stylesheet: whatever an
account's name or a title holds, it is read back as the same text, it cannot end the
<style> element or the rule, and it reaches every page but the cover as written."""

from __future__ import annotations

import shutil

import pytest
import tinycss2
import yaml

import geometry
from conftest import EXAMPLES, have
from kam.render.html import css_string, running_css

TRICKY = [
    'Grupo "Ribera" \\ S.A.',
    "Ribera </style><script>alert(1)</script>",
    "a; } @page { size: 1mm } b",
    "line\nbreak\ttab\x7fdel\x85nel",
    "Añil · 1.234 € — “quoted”",
    "\\\\",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_css_string_reads_back_as_the_same_text(text):
    [token] = [
        t for t in tinycss2.parse_component_value_list(css_string(text)) if t.type != "whitespace"
    ]
    assert token.type == "string"
    assert token.value == text


def _strings(tokens) -> list[str]:
    """Every string token in `tokens`, nested blocks included, in order."""
    found = []
    for token in tokens:
        if token.type == "string":
            found.append(token.value)
        found += _strings(getattr(token, "content", None) or [])
        found += _strings(getattr(token, "arguments", None) or [])
    return found


def test_the_running_css_cannot_leave_its_style_element_or_its_rule():
    css = running_css(TRICKY[1], TRICKY[2], "Página", "de", TRICKY[0])
    assert "</style" not in css.lower()
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    assert [(r.type, r.lower_at_keyword) for r in rules] == [("at-rule", "media")]
    assert _strings(rules[0].content) == [TRICKY[1], TRICKY[2], TRICKY[0], "Página ", " de "]


@pytest.mark.skipif(not have("pdftotext"), reason="pdftotext not found")
def test_a_name_with_quotes_and_markup_heads_every_page(tmp_path):
    from kam.pipeline import build

    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "ribera", project)
    account = yaml.safe_load((project / "account.yaml").read_text(encoding="utf-8"))
    name = 'Ribera "R" \\ </style> {x}'
    account["account"]["name"] = name
    (project / "account.yaml").write_text(
        yaml.safe_dump(account, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    [pdf, html], _problems, _timings = build(project / "account.yaml", tmp_path / "out")
    page = html.read_text(encoding="utf-8")
    assert page.count("</style>") == page.count("<style")  # the name closed no <style>
    pages = geometry.read(pdf)
    assert len(pages) > 3
    for number in (2, len(pages) // 2, len(pages)):
        top = [w for w in pages[number - 1].words if w.y1 < geometry.MARGIN_TOP]
        head = " ".join(w.text for w in sorted(top, key=lambda w: w.x0))
        assert head.startswith(name), (number, head)
    cover_top = [w for w in pages[0].words if w.y1 < geometry.MARGIN_TOP]
    assert not any(w.text == '"R"' for w in cover_top)
