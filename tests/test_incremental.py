"""Watch mode lays out again only the stretches that changed, and the PDF it writes is
byte for byte the PDF of a cold build of the same input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kam.pipeline import build
from kam.render import pdf
from kam.render.pdf import incremental
from kam.starter import scaffold

ROOT = Path(__file__).resolve().parents[1]

PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title><style>
@media print {{
  @page {{ @top-left {{ content: "{account}"; }}
           @bottom-right {{ content: "p. " counter(page) " of " counter(pages); }} }}
  .toc li a::after {{ content: leader(". ") target-counter(attr(href), page); }}
}}
</style></head>
<body class="x">
<header class="cover"><p>{account}</p>
<nav class="toc"><ol><li><a href="#one">One</a></li><li><a href="#three">Three</a></li></ol></nav>
</header>
<main>
<section class="part" id="one"><h1>One</h1>
<section class="section"><h2 id="intro">Intro</h2><p>{text}<br>more</p></section>
<section class="section"><h2 id="two">Two</h2><p>b</p></section>
</section>
<section class="part" id="three"><h1>Three</h1><img src="x.png" alt=""></section>
</main>
</body>
</html>
"""


def page(text: str = "a", account: str = "Acme") -> str:
    return PAGE.format(text=text, account=account)


def test_split_cuts_before_parts_and_wraps_each_stretch():
    split = incremental.split(page())
    assert split is not None
    assert split.prefix.endswith('<body class="x">')
    assert split.suffix == "</body>\n</html>\n"
    assert split.ids == (None, "one", "three")  # chapters flow: only parts begin a page
    front, one, three = split.bodies
    # <main> travels with the first part, not with the contents before it.
    assert front.rstrip().endswith("</header>")
    assert one.startswith('<main>\n<section class="part" id="one">')
    assert '<h2 id="two">' in one
    assert one.endswith("</section>\n</section>\n</main>")
    # A stretch is wrapped in the elements open around it, and closes them.
    assert three.startswith('<main><section class="part" id="three">')


@pytest.mark.parametrize(
    "broken",
    [
        page().replace("</h2><p>b</p>", "<p>b</p>"),  # an element left open
        page().replace("<p>b</p>", "<p>b</p><script>x()</script>"),  # raw text
        page().replace('<section class="part" id="three">', '<section class="part">'),  # no id
        page().replace('<body class="x">', "<div>"),  # no body
        page().replace('content: "Acme"', "content: string(account)"),  # named strings
        page().replace("</style>", "h2::after { content: target-counter(attr(id), page) }</style>"),
        page().replace("</style>", "@page :left { margin-left: 3cm }</style>"),  # page sides
        page().replace("</style>", "h2 { counter-increment: chapter }</style>"),  # counters
        page().replace("</style>", ".logo { position: fixed }</style>"),  # on every page
    ],
)
def test_split_refuses_what_it_cannot_cut_safely(broken):
    assert incremental.split(broken) is None


def test_a_stretch_gets_its_page_numbers_and_contents_as_literals():
    split = incremental.split(page())
    chunk = incremental.chunk_html(split, 2, 4, 12, None)
    assert 'content: "Acme";' in chunk  # the running head is in the styles already
    assert '"p. " counter(page) " of " "12"' in chunk
    assert "@page :first { counter-reset: page 5; }" in chunk
    assert "</style></head>" in chunk and "<h1>Three</h1>" in chunk and "Intro" not in chunk
    front = incremental.chunk_html(split, 0, 0, 12, {"one": 3, "three": 7})
    assert "counter-reset" not in front
    assert '.toc li a[href="#one"]::after { content: leader(". ") "3"; }' in front
    assert '.toc li a[href="#three"]::after { content: leader(". ") "7"; }' in front


def _kept(out: Path, name: str):
    """The layout a warm process keeps for out/name.pdf."""
    return pdf._kept[str((out / f"{name}.pdf").resolve())][1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_watch_rebuild_of_the_example_lays_out_one_part_and_writes_the_cold_pdf(
    tmp_path, fixed_today
):
    project = tmp_path / "ribera"
    shutil.copytree(ROOT / "examples" / "ribera", project)
    entry, warm, cold = project / "account.yaml", tmp_path / "warm", tmp_path / "cold"
    build(entry, warm, ("pdf",), keep_layout=True)
    before = _kept(warm, "ribera")
    part = before.split.ids.index("part-plan")
    first, stop = before.starts[part], before.starts[part + 1]

    _edit(project / "plan.yaml", "Perder el lote de guantes", "Perder el lote anual de guantes")
    build(entry, warm, ("pdf",), keep_layout=True)
    build(entry, cold, ("pdf",))
    after = _kept(warm, "ribera")
    assert (warm / "ribera.pdf").read_bytes() == (cold / "ribera.pdf").read_bytes()
    # Only the pages of the plan (the part of chapter C) are new; the others are kept.
    kept = [a is b for a, b in zip(before.pages, after.pages, strict=True)]
    assert kept == [not first <= i < stop for i in range(len(kept))]


def _plan_laid_out_alone(tmp_path):
    """A copy of ribera built in watch mode, then again after an edit of its plan, so
    that the plan part has been laid out on its own: (entry, warm and cold output
    folders, the kept layout)."""
    project = tmp_path / "ribera"
    shutil.copytree(ROOT / "examples" / "ribera", project)
    entry, warm, cold = project / "account.yaml", tmp_path / "warm", tmp_path / "cold"
    build(entry, warm, ("pdf",), keep_layout=True)
    _edit(project / "plan.yaml", "Perder el lote de guantes", "Perder el lote anual de guantes")
    build(entry, warm, ("pdf",), keep_layout=True)
    return entry, warm, cold, _kept(warm, "ribera")


def test_a_part_changed_again_is_laid_out_from_the_page_before_the_change(tmp_path, fixed_today):
    """Once a part was laid out alone, the next edit in it lays out only the pages
    from the one before the change until a page starts as it did (chapter C.8 of the
    plan: 3 of the plan's 13 pages); an edit in a table row (D.1's actions) too."""
    entry, warm, cold, before = _plan_laid_out_alone(tmp_path)
    plan = entry.parent / "plan.yaml"
    part = before.split.ids.index("part-plan")
    first, stop = before.starts[part], before.starts[part + 1]
    for old, new in [
        ("Perder el lote anual de guantes", "Perder el lote de guantes"),
        ("Estudio de coste total por procedimiento", "Estudio del coste total por procedimiento"),
    ]:
        _edit(plan, old, new)
        build(entry, warm, ("pdf",), keep_layout=True)
        build(entry, cold, ("pdf",))
        assert (warm / "ribera.pdf").read_bytes() == (cold / "ribera.pdf").read_bytes()
        after = _kept(warm, "ribera")
        assert 0 < after.laid_out < (stop - first) / 2
        kept = [a is b for a, b in zip(before.pages, after.pages, strict=True)]
        assert all(kept[:first]) and all(kept[stop:]) and sum(kept[first:stop]) > 0
        before = after


def test_a_part_whose_markup_changed_shape_is_laid_out_whole(tmp_path, fixed_today):
    """A new element (here a bold word) gives the part another box tree: the kept
    states do not apply, and the whole part is laid out again."""
    entry, warm, cold, before = _plan_laid_out_alone(tmp_path)
    plan = entry.parent / "plan.yaml"
    part = before.split.ids.index("part-plan")
    _edit(plan, "Perder el lote anual de guantes", "Perder el lote **anual** de guantes")
    build(entry, warm, ("pdf",), keep_layout=True)
    build(entry, cold, ("pdf",))
    assert (warm / "ribera.pdf").read_bytes() == (cold / "ribera.pdf").read_bytes()
    assert _kept(warm, "ribera").laid_out == before.starts[part + 1] - before.starts[part]


def test_a_stretch_shape_compares_tags_and_whether_there_is_text_not_images():
    a = "<p>one <b>two</b></p>"
    assert incremental._shape(a) == incremental._shape("<p>three <b>four</b></p>")
    assert incremental._shape(a) != incremental._shape("<p>one <i>two</i></p>")
    assert incremental._shape(a) != incremental._shape("<p><b>two</b></p>")
    chart = '<img class="chart" src="data:image/svg+xml,{}" alt="">'
    assert incremental._shape(chart.format("a")) == incremental._shape(chart.format("b"))


def _starter(tmp_path: Path) -> Path:
    project = tmp_path / "acme"
    scaffold(project, "en", "Acme Hospitals", "Brightfield")
    return project / "account.yaml"


def test_a_changed_cover_lays_out_the_contents_again_with_their_page_numbers(tmp_path, fixed_today):
    entry = _starter(tmp_path)
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build(entry, warm, ("pdf",), keep_layout=True)
    before = _kept(warm, "acme")
    _edit(entry, "industry:", "industry: Health care services #")
    build(entry, warm, ("pdf",), keep_layout=True)
    build(entry, cold, ("pdf",))
    after = _kept(warm, "acme")
    assert (warm / "acme.pdf").read_bytes() == (cold / "acme.pdf").read_bytes()
    front = before.starts[1]
    assert all(a is not b for a, b in zip(before.pages[:front], after.pages[:front], strict=True))
    assert all(a is b for a, b in zip(before.pages[front:], after.pages[front:], strict=True))


def test_a_stretch_that_grows_by_a_page_falls_back_to_a_full_layout(tmp_path, fixed_today):
    entry = _starter(tmp_path)
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build(entry, warm, ("pdf",), keep_layout=True)
    before = _kept(warm, "acme")
    plan = entry.parent / "plan.yaml"
    long_text = " ".join(["A much longer executive summary sentence."] * 400)
    _edit(plan, "executive_summary:", f"executive_summary: {long_text}\n_was_summary:")
    text = plan.read_text(encoding="utf-8")
    # Keep the file valid: the old value moves under a key we then drop.
    plan.write_text(_drop_key(text, "_was_summary"), encoding="utf-8")
    build(entry, warm, ("pdf",), keep_layout=True)
    build(entry, cold, ("pdf",))
    after = _kept(warm, "acme")
    assert len(after.pages) > len(before.pages)
    assert not any(a is b for a, b in zip(before.pages, after.pages, strict=False))
    assert after.laid_out == len(after.pages)
    assert (warm / "acme.pdf").read_bytes() == (cold / "acme.pdf").read_bytes()


def test_a_changed_theme_font_gets_a_full_layout(tmp_path, fixed_today):
    # The fonts travel outside the HTML that is compared, so they are compared apart.
    entry = _starter(tmp_path)
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build(entry, warm, ("pdf",), keep_layout=True)
    with entry.open("a", encoding="utf-8") as file:
        file.write("theme: {font: source-serif}\n")
    build(entry, warm, ("pdf",), keep_layout=True)
    build(entry, cold, ("pdf",))
    after = _kept(warm, "acme")
    assert after.laid_out == len(after.pages)
    assert (warm / "acme.pdf").read_bytes() == (cold / "acme.pdf").read_bytes()


def _drop_key(text: str, key: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(key + ":"))
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    return "".join(lines[:start] + lines[end:])


def test_projects_with_their_own_templates_always_get_a_full_layout(tmp_path, fixed_today):
    project = tmp_path / "themed"
    shutil.copytree(ROOT / "examples" / "themed", project)
    build(project / "account.yaml", tmp_path / "out", ("pdf",), keep_layout=True)
    assert str((tmp_path / "out" / "themed.pdf").resolve()) not in pdf._kept


def test_chapters_flow_and_only_parts_begin_a_page():
    """A short chapter no longer sits alone on a page: only parts force a break."""
    from kam.render import html

    css = html.builtin_css()
    assert ".part { break-before: page; }" in css
    assert "page-start" not in css


def test_a_stylesheet_holding_a_less_than_sign_starts_no_tag():
    """`<account>` in a CSS comment or string is text of the <style> element: the
    headings after it are still in the flow (where a resumed layout may start), and the
    shape of the document does not count it as a tag."""
    from kam.render.pdf import incremental

    text = (
        "<html><head><style>/* <account> */ p::before { content: '<b>' }</style></head>"
        '<body><main><section class="part"><h2 id="a">A</h2><p>x</p></section></main></body></html>'
    )
    assert [(mark, flow) for _at, mark, flow in incremental._marks(text)] == [("a", True)]
    assert not any("account" in item or "<b>" in item for item in incremental._shape(text))
