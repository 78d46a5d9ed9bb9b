"""A document split over several files renders exactly as the same content inline."""

from __future__ import annotations

import shutil

import yaml

from conftest import EXAMPLES
from kam.pipeline import prepare, render_html


def test_split_document_renders_like_inline(tmp_path, fixed_today):
    source = EXAMPLES / "ribera"
    project = tmp_path / "ribera"
    shutil.copytree(source, project)
    entry = yaml.safe_load((project / "account.yaml").read_text(encoding="utf-8"))
    for key in ("analysis", "plan", "rewards", "portfolio"):
        assert isinstance(entry[key], str)
        entry[key] = yaml.safe_load((project / entry[key]).read_text(encoding="utf-8"))
    inline = project / "inline.yaml"
    inline.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8")

    split_doc, split_problems = prepare(project / "account.yaml")
    inline_doc, inline_problems = prepare(inline)
    assert split_doc is not None and inline_doc is not None, inline_problems.items
    assert split_doc.doc == inline_doc.doc
    assert render_html(split_doc) == render_html(inline_doc)


def test_include_paths_are_relative_to_the_including_file(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "plan.yaml").write_text("executive_summary: Hola **mundo**\n")
    (tmp_path / "account.yaml").write_text(
        "kam: 1\nlocale: es\ncurrency: EUR\ncompany: {name: A}\naccount: {name: B}\n"
        "plan: parts/plan.yaml\n"
    )
    prepared, problems = prepare(tmp_path / "account.yaml")
    assert prepared is not None, problems.items
    assert prepared.doc.plan.executive_summary == "Hola **mundo**"
    assert "<strong>mundo</strong>" in render_html(prepared)
