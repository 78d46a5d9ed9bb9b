"""The examples, built to PDF: headings in order, formatted amounts, outline, TOC."""

from __future__ import annotations

import re

import pytest
import yaml
from pypdf import PdfReader

from headings import BY_LANGUAGE, PLAN_CODES


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def _language(built) -> str:
    doc = yaml.safe_load(built.entry.read_text(encoding="utf-8"))
    return doc["locale"].split("-")[0]


def _body(built) -> str:
    """Text of the pages after the cover and the table of contents."""
    pages = built.pages
    first_body = next(i for i, text in enumerate(pages) if i > 0 and ". . . ." not in text)
    return _norm(" ".join(pages[first_body:]))


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_every_heading_appears_in_order(built_examples, name):
    built = built_examples[name]
    body = _body(built)
    position = 0
    for heading in BY_LANGUAGE[_language(built)]:
        found = body.find(heading, position)
        assert found >= 0, f"{heading!r} not found after position {position}"
        position = found + len(heading)


def _load(built, name):
    return yaml.safe_load((built.entry.parent / name).read_text(encoding="utf-8"))


def _money(value: float, language: str) -> str:
    """Format by hand what the locale rules say: es-ES `1.234.567 €`, en-US `$1,234,567`."""
    grouped = f"{round(value):,}"
    if language == "es":
        return grouped.replace(",", ".") + " €"
    return "$" + grouped


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_amounts_from_the_yaml_are_formatted_for_the_locale(built_examples, name):
    built = built_examples[name]
    language = _language(built)
    rewards = _load(built, "rewards.yaml")
    analysis = _load(built, "analysis.yaml")
    body = _body(built)
    amounts = [
        rewards["budget"]["total"],
        rewards["budget"]["incremental_margin"],
        analysis["profitability"]["revenue"],
        analysis["profitability"]["account_team_cost"],
    ]
    for amount in amounts:
        assert amount >= 10_000  # four-digit amounts are not grouped in Spanish
        assert _money(amount, language) in body, _money(amount, language)


def test_dates_are_long_and_localized(built_examples):
    assert "27 de noviembre de 2026" in _norm(" ".join(built_examples["ribera"].pages[:1]))
    assert "November 27, 2026" in _norm(" ".join(built_examples["brightfield"].pages[:1]))


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    entries: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return entries


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_outline_has_every_section(built_examples, name):
    built = built_examples[name]
    titles = [title for title, _page in _outline(PdfReader(built.pdf))]
    headings = BY_LANGUAGE[_language(built)]
    for code in PLAN_CODES:
        assert any(t.startswith(code + ". ") for t in titles), code
    for heading in headings[:6] + headings[33:]:  # analysis sections, rewards, portfolio
        assert heading in titles, heading


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_toc_page_numbers_match_the_pages_of_the_headings(built_examples, name):
    built = built_examples[name]
    reader = PdfReader(built.pdf)
    pages = built.pages
    toc_text = "\n".join(text for text in pages[:4] if ". . . ." in text)
    toc = {}
    for line in toc_text.splitlines():
        match = re.match(r"^(.*?)\s*(?:\. )+\.?\s*(\d+)$", line.strip())
        if match:
            toc[_norm(match.group(1)).strip(" .")] = int(match.group(2))
    assert len(toc) >= 40
    outline = dict(_outline(reader))
    for heading, page in toc.items():
        assert outline.get(heading) == page, (heading, page, outline.get(heading))
        assert heading in _norm(pages[page - 1]), (heading, page)


def test_pdf_metadata(built_examples):
    reader = PdfReader(built_examples["brightfield"].pdf)
    meta = reader.metadata
    assert meta.title.startswith("Brightfield Foods")
    assert meta.author == "Maya Chen, Tom Alvarez"
    assert "Brightfield Foods" in meta.subject
    assert reader.trailer["/Root"].get("/Lang") == "en"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_running_header_and_page_footer(built_examples):
    pages = built_examples["ribera"].pages
    total = len(pages)
    for number in (3, total):
        text = _norm(pages[number - 1])
        assert f"Página {number} de {total}" in text
        assert "Grupo Hospitalario Ribera" in text
        assert "Confidencial" in text
    assert "Página 1 de" not in _norm(pages[0])  # the cover has no footer


def test_html_is_self_contained(built_examples):
    html = built_examples["ribera"].html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in html
    assert "<title>Plan de cuenta clave 2027 · Grupo Hospitalario Ribera</title>" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<style>" in html
    assert not re.search(r"""(?:src|href)=["'](?!data:|#|https?:|mailto:)""", html)
    assert not re.search(r"""(?:src|href)=["']https?:""", html)


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_no_heading_is_stranded_at_the_foot_of_a_page(built_examples, name):
    built = built_examples[name]
    reader = PdfReader(built.pdf)
    pages = built.pages
    running = reader.metadata.title.split(" · ")  # the running header: title, account
    stranded = []
    for title, page in _outline(reader):
        text = _norm(pages[page - 1])
        at = text.rfind(title)
        if at < 0:
            continue
        after = re.sub(
            r"(Página|Page) \d+ (de|of) \d+|Confidencial|Confidential", "", text[at + len(title) :]
        )
        for words in running:
            after = after.replace(words, "")
        if len(after.strip()) < 40:
            stranded.append((title, page))
    assert stranded == []


def test_a_table_that_fits_on_a_page_is_not_split(built_examples):
    built = built_examples["brightfield"]
    analysis = _load(built, "analysis.yaml")
    criteria = [c["criterion"] for c in analysis["buying_process"]["decision_criteria"]]
    pages = [_norm(p) for p in built.pages]
    start = next(i for i, text in enumerate(pages) if "Decision criteria Criterion Weight" in text)
    assert all(c in pages[start] for c in criteria), pages[start]


def test_only_small_tables_are_kept_whole():
    from kam.render.html import _keep_small_tables

    small = '<table class="data">' + "<tr><td>x</td></tr>" * 5 + "</table>"
    long = '<table class="data figures">' + "<tr><td>x</td></tr>" * 30 + "</table>"
    wordy = '<table class="data">' + f"<tr><td>{'word ' * 400}</td></tr>" + "</table>"
    html = _keep_small_tables(small + long + wordy)
    assert html.count('class="data keep"') == 1
    assert '<table class="data figures">' in html and html.count("keep") == 1


@pytest.mark.parametrize("name", ["ribera", "brightfield"])
def test_the_portfolio_lists_every_customer_in_its_table(built_examples, name):
    """The customer table is there whether or not a loss-maker is rated attractive
    (an `{% endif %}` once hid it unless one was): a row per customer of the CSV file,
    each name in the PDF's text."""
    import csv
    import html as html_lib

    built = built_examples[name]
    with (built.entry.parent / "data" / "customers.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    page = built.html.read_text(encoding="utf-8")
    table = re.search(r'<table class="data figures portfolio">(.*?)</table>', page, re.S)
    assert table, "no portfolio table in the HTML"
    rows = re.findall(r'<span class="strong">(.*?)</span>', table.group(1))
    assert sorted(html_lib.unescape(r) for r in rows) == sorted(names)

    def bare(text: str) -> str:  # a name may wrap, and hyphenate, in its cell
        return re.sub(r"[\s\-\u2010\xad]", "", text)

    text = bare(" ".join(built.pages))
    for customer in names:
        assert bare(customer) in text, customer
