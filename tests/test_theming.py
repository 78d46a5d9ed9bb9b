"""Theme colors, fonts and logo; project templates that override blocks, safely."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import EXAMPLES, have
from kam.pipeline import build, prepare, render_html
from kam.problems import KamError

MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"


def test_theme_colors_and_font_reach_the_css_and_the_charts(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "brightfield", project)
    entry = project / "account.yaml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace(
            "company:",
            'theme: {primary: "#123456", accent: "#abcdef", font: source-serif}\ncompany:',
            1,
        ),
        encoding="utf-8",
    )
    prepared, problems = prepare(entry)
    assert prepared is not None, problems.items
    html = render_html(prepared)
    assert ":root { --primary: #123456; --accent: #abcdef; }" in html
    assert "font-family: 'Source Serif 4'" in html
    import base64
    import re

    charts = [
        base64.b64decode(m).decode()
        for m in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    ]
    assert any('fill="#123456"' in svg for svg in charts)


def test_a_bad_color_is_refused_where_it_is_written(tmp_path):
    entry = tmp_path / "account.yaml"
    entry.write_text(MINIMAL + "theme: {primary: 'red; background: url(http://x)'}\n")
    _prepared, problems = prepare(entry)
    [problem] = problems.errors
    assert (problem.pos.line, problem.key) == (6, "theme.primary")
    assert "write a color as #RRGGBB" in problem.message


def test_project_templates_override_a_block_and_add_a_stylesheet(tmp_path):
    built, _problems, _timings = build(EXAMPLES / "themed" / "account.yaml", tmp_path, ("html",))
    html = built[0].read_text(encoding="utf-8")
    assert '<header class="cover themed-cover">' in html
    assert ".themed-cover { border-left: 8mm solid var(--accent)" in html
    assert "Key account analysis" in html  # the rest comes from kam's own template


def test_templates_run_sandboxed_and_cannot_read_outside_the_project(tmp_path):
    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True)
    (project / "account.yaml").write_text(MINIMAL)
    (project / "templates" / "document.html.j2").write_text(
        '{% extends "kam/document.html.j2" %}{% block cover %}'
        "{% include 'leak.html.j2' %}{{ ''.__class__.__mro__ }}{% endblock %}"
    )
    os.symlink("/etc/passwd", project / "templates" / "leak.html.j2")
    with pytest.raises(KamError) as error:
        build(project / "account.yaml", tmp_path / "out", ("html",))
    [problem] = error.value.problems.errors
    assert problem.message.startswith("template 'leak.html.j2' not found")
    assert not (tmp_path / "out" / "p.html").exists()
    (project / "templates" / "leak.html.j2").unlink()
    (project / "templates" / "leak.html.j2").write_text("ok")
    with pytest.raises(KamError) as error:
        build(project / "account.yaml", tmp_path / "out", ("html",))
    [problem] = error.value.problems.errors
    assert problem.message.startswith("the template does something the sandbox forbids")
    assert (problem.pos.file.name, problem.pos.line) == ("document.html.j2", 1)


def test_theme_font_is_embedded_in_the_pdf(tmp_path):
    if not have("pdffonts"):
        pytest.skip("pdffonts not found: install it with `apt-get install poppler-utils`")
    built, _problems, _timings = build(EXAMPLES / "themed" / "account.yaml", tmp_path, ("pdf",))
    fonts = subprocess.run(["pdffonts", str(built[0])], capture_output=True, text=True).stdout
    assert "Source-Serif-4" in fonts
