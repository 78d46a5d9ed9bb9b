"""Hostile sizes end quickly with a clear message (issue 11, "Trust").

Each test asserts the mechanism (the limit was hit, the cap applied, the message
and its position); wall-clock checks are only generous guards against a hang.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.load import tables
from kam.problems import MAX_PROBLEMS, Omitted, Problems, Severity

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
HANG_GUARD = 60.0  # seconds; the cases below take one or two


def run(folder: Path, monkeypatch, *args: str):
    monkeypatch.chdir(folder)
    start = time.perf_counter()
    result = CliRunner().invoke(app, list(args))
    elapsed = time.perf_counter() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    assert elapsed < HANG_GUARD
    return result


# ------------------------------------------------------------------ the problem cap

MISSPELT = 20_000


def misspelt_keys(tmp: Path, count: int = MISSPELT, more: str = "") -> Path:
    """An account mapping with 20,000 (`count`) misspelt keys: as many problems; `more`
    is added to the document."""
    keys = "".join(f"  indutsry{i}: x\n" for i in range(count))
    tmp.mkdir(exist_ok=True)
    (tmp / "account.yaml").write_text(
        BASE.replace("account: {name: Beta}\n", "") + "account:\n  name: Beta\n" + keys + more
    )
    return tmp


def test_problems_beyond_the_cap_are_counted_in_one_line(tmp_path, monkeypatch):
    result = run(misspelt_keys(tmp_path), monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert lines[0] == (
        "account.yaml:7:3: account.indutsry0: unknown key 'indutsry0'; did you mean "
        "'industry'? allowed keys: name, industry, country, customer_since, relationship_stage"
    )
    assert lines[MAX_PROBLEMS - 1].startswith("account.yaml:206:3: account.indutsry199: ")
    assert lines[-2] == "… and 19,800 more problems (19,800 errors, 0 warnings) not shown"
    assert lines[-1] == "account.yaml: invalid"


def test_the_json_report_carries_the_totals(tmp_path, monkeypatch):
    result = run(misspelt_keys(tmp_path), monkeypatch, "validate", "-f", "json", "account.yaml")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (entry,) = report["files"]
    assert (entry["errors"], entry["warnings"], entry["omitted"]) == (MISSPELT, 0, 19_800)
    assert len(entry["problems"]) == MAX_PROBLEMS
    assert all(p["key"].startswith("account.indutsry") for p in entry["problems"])


def test_github_annotations_are_capped_too(tmp_path, monkeypatch):
    result = run(misspelt_keys(tmp_path), monkeypatch, "validate", "-f", "github", "account.yaml")
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == "::error::… and 19,800 more problems (19,800 errors, 0 warnings) not shown"


def test_a_failed_build_prints_the_capped_problems(tmp_path, monkeypatch):
    result = run(misspelt_keys(tmp_path), monkeypatch, "build", "-f", "html", "account.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert lines[-2] == "… and 19,800 more problems (19,800 errors, 0 warnings) not shown"
    assert lines[-1] == "account.yaml: not built"
    assert not (tmp_path / f"{tmp_path.name}.html").exists()


def _work_of_wording(tmp_path: Path, count: int) -> int:
    """Lines run in kam.validate.messages, plus Python calls made anywhere, while the
    validation errors of `count` misspelt keys (and of `count` list items of the wrong
    kind) become problems: the work, counted rather than timed."""
    from pydantic import ValidationError

    from kam.load import load
    from kam.models import Document
    from kam.validate import messages

    folder = tmp_path / str(count)
    misspelt_keys(folder, count, "portfolio:\n  customers: [" + ", ".join(["x"] * count) + "]\n")
    loaded = load(folder / "account.yaml")
    with pytest.raises(ValidationError) as raised:
        Document.model_validate(loaded.data)
    assert raised.value.error_count() >= 2 * count
    work = 0

    def lines(frame, event, arg):
        nonlocal work
        work += event == "line"
        return lines

    def calls(frame, event, arg):
        nonlocal work
        work += 1
        return lines if frame.f_code.co_filename == messages.__file__ else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        messages.report(raised.value, loaded, Document)
    finally:
        sys.settrace(previous)
    assert loaded.problems.error_count >= 2 * count
    return work


def test_wording_validation_errors_is_linear_in_their_number(tmp_path):
    """Four times the mistakes, about four times the work: a check that compares every
    error with every other (sixteen times the work) fails here whatever the machine."""
    small, large = (_work_of_wording(tmp_path, n) for n in (1000, 4000))
    assert small < large < 5 * small, (small, large)


def test_two_hundred_thousand_unknown_header_columns(tmp_path, monkeypatch):
    columns = ",".join(f"x{i}" for i in range(200_000))
    (tmp_path / "customers.csv").write_text(f"id,name,revenue,cogs,cost_to_serve,{columns}\n")
    (tmp_path / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: customers.csv}\n")
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert len(result.stderr) < 40_000  # not 32 MB
    assert lines[0].startswith("customers.csv:1:6: unknown column 'x0'; expected columns: id,")
    assert lines[-2] == "… and 199,800 more problems (199,800 errors, 0 warnings) not shown"


def test_an_error_takes_the_place_of_a_warning_when_full():
    problems = Problems(limit=3)
    for i in range(4):
        problems.warning(f"w{i}")
    problems.error("e0")
    problems.count_error()
    assert problems.error_count == 2 and problems.warning_count == 4
    assert [p.message for p in problems.items[:-1]] == ["w0", "w1", "e0"]
    rest = problems.items[-1]
    assert isinstance(rest, Omitted)
    assert (rest.errors, rest.warnings, rest.severity) == (1, 2, Severity.ERROR)
    assert rest.message == "… and 3 more problems (1 error, 2 warnings) not shown"
    assert problems.errors  # the build stops


def test_only_warnings_left_out_make_a_warning_line():
    problems = Problems(limit=1)
    problems.warning("w0")
    problems.warning("w1")
    assert problems.items[-1].severity is Severity.WARNING
    assert problems.items[-1].message == "… and 1 more problem (0 errors, 1 warning) not shown"
    assert not problems.errors


# ------------------------------------------------------------------- CSV reading

CUSTOMERS = "portfolio:\n  customers: {csv: c.csv}\n"
PURCHASES = "analysis:\n  purchase_history: {csv: p.csv}\n"
LONG_CELL = (
    "the cell is longer than 131,072 characters (the limit); "
    'check for a quote (") that is never closed'
)


def csv_problems(tmp: Path, monkeypatch, yaml: str, name: str, data: bytes) -> list[str]:
    (tmp / "account.yaml").write_text(BASE + yaml)
    (tmp / name).write_bytes(data)
    result = run(tmp, monkeypatch, "build", "--format", "html", "account.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "account.yaml: not built"
    return lines[:-1]


def test_a_header_cell_over_the_csv_limit(tmp_path, monkeypatch):
    data = b'id,name,revenue,cogs,cost_to_serve,"' + b"x" * 140_000 + b'"\n'
    assert csv_problems(tmp_path, monkeypatch, CUSTOMERS, "c.csv", data) == [
        f"c.csv:1:6: {LONG_CELL}"
    ]


def test_a_quote_never_closed_makes_a_cell_over_the_limit(tmp_path, monkeypatch):
    rows = b"".join(b"2025-01-%02d,Kits,100\n" % (i % 28 + 1) for i in range(8000))
    data = b'date,product,revenue\n2025-01-01,Kits,1\n2025-01-02,"Kits,2\n' + rows
    assert csv_problems(tmp_path, monkeypatch, PURCHASES, "p.csv", data) == [
        f"p.csv:3:2: {LONG_CELL}"
    ]


def test_a_line_over_the_csv_limit(tmp_path, monkeypatch):
    data = b"date,product,revenue\n2025-01-01,Kits,1\n" + b"," * (4 * 1024 * 1024 + 1) + b"\n"
    assert csv_problems(tmp_path, monkeypatch, PURCHASES, "p.csv", data) == [
        "p.csv:3:1: the line is longer than 4,194,304 characters (the limit); "
        "a CSV file holds one row per line"
    ]


def test_a_header_line_over_the_csv_limit(tmp_path, monkeypatch):
    data = b"id," * (2 * 1024 * 1024)
    assert csv_problems(tmp_path, monkeypatch, CUSTOMERS, "c.csv", data) == [
        "c.csv:1:1: the line is longer than 4,194,304 characters (the limit); "
        "a CSV file holds one row per line"
    ]


def test_a_csv_file_over_the_size_limit(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + PURCHASES)
    with open(tmp_path / "p.csv", "wb") as handle:  # sparse: nothing is written
        handle.truncate(256 * 1024 * 1024 + 1)
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "p.csv:1:1: CSV file is 268,435,457 bytes; the limit is 268,435,456 bytes",
        "account.yaml: invalid",
    ]


def test_a_bad_byte_after_the_first_megabyte_is_located(tmp_path, monkeypatch):
    """The file is searched again in chunks; a character cut by a chunk's end is not
    mistaken for the bad byte."""
    head = b"date,product,revenue\n"
    row = b"2025-01-01,K\xc3\xa9,1\n"  # 17 bytes
    body = head + row * ((1 << 20) // len(row))
    body = body[: (1 << 20) - 1] + b"\xe2\x82\xac\n"  # € across the 1 MiB boundary
    body += row * 10 + b"2025-01-01,Caf\xe9,1\n"
    line = body.count(b"\n", 0, body.index(b"Caf\xe9")) + 1
    assert csv_problems(tmp_path, monkeypatch, PURCHASES, "p.csv", body) == [
        f"p.csv:{line}:2: byte 0xe9 is not valid UTF-8; save the file as UTF-8, or name its "
        "encoding (for example encoding: cp1252)"
    ]


# ------------------------------------------------------------------- list limits


def list_of(key_path: str, item: str, count: int) -> str:
    """YAML with `count` copies of `item` in the list at `key_path` (dotted)."""
    keys = key_path.split(".")
    text = ""
    for depth, key in enumerate(keys[:-1]):
        text += "  " * depth + f"{key}:\n"
    text += "  " * (len(keys) - 1) + f"{keys[-1]}:\n"
    indent = "  " * len(keys)
    return text + "".join(f"{indent}- {item.format(i=i)}\n" for i in range(count))


LISTS = {
    # key path: (item, count, first item line, column, message)
    "plan.current_position.contacts": ("{{id: c{i}, name: C}}", 501, "500 contacts"),
    "plan.current_position.team": ("{{id: m{i}, name: M}}", 101, "100 team members"),
    "plan.action_review.actions": ("{{id: a{i}, action: A}}", 501, "500 actions"),
    "plan.action_review.review.kpis": ("{{kpi: K}}", 201, "200 KPIs"),
    "plan.customer_business.strengths": ("Strong", 51, "50 strengths"),
    "analysis.pest": ("{{dimension: legal, factor: F}}", 201, "200 PEST factors"),
    "analysis.value_chain": ("{{activity: service}}", 51, "50 activities"),
    "rewards.payout_curve": ("{{from: {i}, to: {i}.5, payout: 1}}", 201, "200 payout bands"),
    "prepared_by": ("m{i}", 21, "20 team members"),
}


@pytest.mark.parametrize("key_path", sorted(LISTS))
def test_a_list_over_its_limit(key_path, tmp_path, monkeypatch):
    item, count, limit = LISTS[key_path]
    (tmp_path / "account.yaml").write_text(BASE + list_of(key_path, item, count))
    depth = key_path.count(".") + 1
    line, col = 6 + depth, 2 * depth + 1  # the first item, after the keys above it
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"account.yaml:{line}:{col}: {key_path}: has {count} items; the limit is {limit}",
        "account.yaml: invalid",
    ]


def test_a_nested_list_over_its_limit(tmp_path, monkeypatch):
    deps = ", ".join(f"a{i}" for i in range(11))
    (tmp_path / "account.yaml").write_text(
        BASE
        + f"plan:\n  action_review:\n    actions:\n      - {{id: a1, action: A, depends_on: [{deps}]}}\n"
    )
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines()[0] == (
        "account.yaml:9:41: plan.action_review.actions[0].depends_on: has 11 items; "
        "the limit is 10 actions"
    )


def test_a_list_at_its_limit_is_fine(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(
        BASE + list_of("plan.current_position.contacts", "{{id: c{i}, name: C}}", 500)
    )
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 0, result.stderr


# -------------------------------------------------------------------- text limits


def test_a_name_and_a_text_over_their_limits(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(
        BASE.replace("{name: Acme}", "{name: " + "A" * 501 + "}")
        + "plan:\n  executive_summary: "
        + "x" * 20_001
        + "\n"
    )
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "account.yaml:4:17: company.name: has 501 characters; the limit is 500 characters",
        "account.yaml:7:22: plan.executive_summary: has 20,001 characters; the limit is "
        "20,000 characters",
        "account.yaml: invalid",
    ]


def test_the_text_of_the_whole_document_is_bounded(tmp_path, monkeypatch):
    """26 PEST factors of 20,000 characters each: every text within its own limit, the
    document over 500,000 characters; the message names the file that holds most."""
    pest = "".join(
        f"  - {{dimension: legal, factor: F, implication: {'y' * 20_000}}}\n" for _ in range(26)
    )
    (tmp_path / "account.yaml").write_text(BASE + "analysis: analysis.yaml\n")
    (tmp_path / "analysis.yaml").write_text("pest:\n" + pest)
    result = run(tmp_path, monkeypatch, "build", "account.yaml")
    assert result.exit_code == 1
    entry = len("kamlocaleencurrencyEURcompanynameAcmeaccountnameBeta" + "analysis")
    included = len("pest") + 26 * len("dimensionlegalfactorFimplication" + "y" * 20_000)
    assert result.stderr.splitlines() == [
        f"analysis.yaml:1:1: the document holds {entry + included:,} characters of text "
        f"({included:,} in this file); the limit is 500,000",
        "account.yaml: not built",
    ]


def test_a_long_unknown_key_is_shortened_in_messages(tmp_path, monkeypatch):
    key = "k" * 400_000
    (tmp_path / "account.yaml").write_text(BASE + f"? {key}\n: 1\n")  # an explicit key
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    (line, summary) = result.stderr.splitlines()
    assert line.startswith(f"account.yaml:6:3: {'k' * 59}…: unknown key '{'k' * 59}…'; ")
    assert len(line) < 400


def test_csv_names_and_products_over_the_limit(tmp_path, monkeypatch):
    name = "N" * 501
    (tmp_path / "account.yaml").write_text(
        BASE + CUSTOMERS + "analysis:\n  purchase_history: {csv: p.csv}\n"
    )
    (tmp_path / "c.csv").write_text(f"id,name,revenue,cogs,cost_to_serve\na,{name},1,1,1\n")
    (tmp_path / "p.csv").write_text(f"period,product,revenue\n2025,{name},1\n")
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [  # both files, in one run
        "p.csv:2:2: column 'product': has 501 characters; the limit is 500",
        "c.csv:2:2: portfolio.customers[0].name: has 501 characters; the limit is 500",
        "account.yaml: invalid",
    ]
    (tmp_path / "c.csv").write_text("id,name,revenue,cogs,cost_to_serve\na,A,1,1,1\n")
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "p.csv:2:2: column 'product': has 501 characters; the limit is 500",
        "account.yaml: invalid",
    ]


# ------------------------------------------------------------- rows of CSV files


def test_customers_beyond_the_row_limit(tmp_path, monkeypatch):
    """The mechanism, with the limit lowered from 1,000,000 to 3."""
    monkeypatch.setattr(tables, "MAX_CUSTOMERS", 3)
    rows = "".join(f"c{i},C,1,1,1\n" for i in range(5))
    (tmp_path / "account.yaml").write_text(BASE + CUSTOMERS)
    (tmp_path / "c.csv").write_text("id,name,revenue,cogs,cost_to_serve\n" + rows)
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "c.csv:5:1: the file has more than 3 customers (the limit)",
        "account.yaml: invalid",
    ]


def test_purchases_beyond_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_PURCHASE_ROWS", 3)
    rows = "".join("2025-01-01,K,1\n" for _ in range(5))
    (tmp_path / "account.yaml").write_text(BASE + PURCHASES)
    (tmp_path / "p.csv").write_text("date,product,revenue\n" + rows)
    result = run(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "p.csv:5:1: the file has more than 3 rows (the limit); sum its order lines by day or month",
        "account.yaml: invalid",
    ]


# ------------------------------------------- every limit as docs/validation.md gives it

# (module, constant, how docs/validation.md's "Limits and safety" writes it): `v` is the
# value, `mib`/`gib` it in MiB/GiB, `exp` its power of ten, `pct` it as a percentage.
DOCUMENTED = [
    ("kam.limits", "MAX_AMOUNT", "is at most 10^{exp} in size (`MAX_AMOUNT`"),
    ("kam.limits", "MAX_ATTAINMENT_PCT", "are at most {v:,} % (`MAX_ATTAINMENT_PCT`)"),
    ("kam.limits", "MIN_DATE", "Every date is between {v} and"),
    ("kam.limits", "MAX_DATE", "and {v} (`MIN_DATE`, `MAX_DATE`)"),
    ("kam.limits", "MAX_TEAM", "| {v} (`MAX_TEAM`) |"),
    ("kam.limits", "MAX_CONTACTS", "| {v} (`MAX_CONTACTS`) |"),
    ("kam.limits", "MAX_ACTIONS", "| {v} (`MAX_ACTIONS`) |"),
    ("kam.limits", "MAX_ITEMS", "| {v} each (`MAX_ITEMS`) |"),
    ("kam.limits", "MAX_STAGES", "| {v} each (`MAX_STAGES`) |"),
    ("kam.limits", "MAX_TEXTS", "| {v} each (`MAX_TEXTS`) |"),
    ("kam.limits", "MAX_REFS", "| {v} (`MAX_REFS`) |"),
    ("kam.limits", "MAX_NESTED", "| {v} (`MAX_NESTED`) |"),
    ("kam.limits", "MAX_PURCHASE_RECORDS", "| {v:,} (`MAX_PURCHASE_RECORDS`) |"),
    ("kam.limits", "MAX_CATEGORY_SPEND", "| {v} (`MAX_CATEGORY_SPEND`,"),
    ("kam.limits", "MAX_CUSTOMERS", "| {v:,} (`MAX_CUSTOMERS`) |"),
    ("kam.limits", "MAX_NAME_CHARS", "at most {v} characters (`MAX_NAME_CHARS`)"),
    ("kam.limits", "MAX_TEXT_CHARS", "a Markdown text at most {v:,} (`MAX_TEXT_CHARS`)"),
    ("kam.limits", "MAX_DOCUMENT_CHARS", "at most {v:,} characters (`MAX_DOCUMENT_CHARS`;"),
    ("kam.load.yamlsource", "MAX_YAML_BYTES", "A YAML file larger than {mib} MiB"),
    ("kam.load.yamlsource", "MAX_NODES", "expand to more than {v:,} values"),
    ("kam.load.yamlsource", "MAX_DEPTH", "nest deeper than {v} levels"),
    ("kam.load.images", "MAX_LOGO_BYTES", "at most {v:,} bytes (5 MB), whatever its format"),
    ("kam.load.images", "MAX_LOGO_SIDE", "at most {v:,} pixels a side and"),
    ("kam.load.images", "MAX_LOGO_PIXELS", "{v:,} pixels in all"),
    ("kam.load.images", "MAX_SVG_ELEMENTS", "an SVG may draw at most {v:,} elements"),
    ("kam.load.images", "MAX_SVG_DEPTH", "At most {v} levels deep"),
    ("kam.load.images", "MAX_SVG_COORDINATE", "most {v:,.0f} (10^{exp}) either way"),
    ("kam.load.overrides", "MAX_DEPTH", "at most {v} folders deep and"),
    ("kam.load.overrides", "MAX_FILES", "folders deep and {v} files"),
    ("kam.load.overrides", "MAX_FILE_BYTES", "each file at most {v:,} bytes"),
    ("kam.load.overrides", "MAX_TOTAL_BYTES", "and {v:,} bytes in all"),
    ("kam.render.sandbox", "MAX_ITERATIONS", "all loops together | {v:,} |"),
    ("kam.render.sandbox", "MAX_CALLS", "| calls made by template code | {v:,} |"),
    ("kam.render.sandbox", "MAX_SIZE", "`~` builds | {v:,} |"),
    ("kam.render.sandbox", "MAX_FILTER_ARGUMENT", "`center` …) | {v:,} |"),
    ("kam.render.sandbox", "MAX_INT_BITS", "`*` and `**` | {v:,} bits |"),
    ("kam.render.sandbox", "MAX_OUTPUT", "| HTML produced | {v:,} characters |"),
    ("kam.render.sandbox", "MAX_SECONDS", "| time | {v:g} s |"),
    ("kam.load.stylesheet", "MAX_URL_BYTES", "inside the project, at most {v:,} bytes"),
    ("kam.load.stylesheet", "MAX_LENGTH_MM", "page sizes included | {v:,.0f} mm |"),
    ("kam.load.stylesheet", "MAX_RELATIVE", "`ex`, `ch` … | {v:g} |"),
    ("kam.load.stylesheet", "MAX_FONT_SCALE", "| {v:g}em, {pct:g} % |"),
    ("kam.load.stylesheet", "MAX_VIEWPORT", "| `vw`, `vh` … | {v:,.0f} |"),
    ("kam.load.stylesheet", "MAX_PERCENT", "| other percentages | {v:,.0f} % |"),
    ("kam.load.stylesheet", "MAX_COLUMNS", "| `columns`, `column-count` | {v} |"),
    ("kam.load.stylesheet", "MAX_REPEAT", "in grid templates | {v} |"),
    ("kam.load.stylesheet", "MAX_LINE_HEIGHT", "| unitless `line-height` | {v:g} |"),
    ("kam.load.csvfile", "MAX_CSV_BYTES", "A CSV file is at most {mib} MiB (`MAX_CSV_BYTES`)"),
    ("kam.load.csvfile", "MAX_CSV_LINE_CHARS", "a line at most {v:,} characters"),
    ("kam.load.csvfile", "MAX_CSV_CELL_CHARS", "a cell at most {v:,} characters"),
    ("kam.load.xlsx", "MAX_XLSX_BYTES", "at most {mib} MiB on disk (`MAX_XLSX_BYTES`"),
    ("kam.load.xlsx", "MAX_XLSX_XML_BYTES", "at most {mib} MiB in all (`MAX_XLSX_XML_BYTES`;"),
    ("kam.load.xlsx", "MAX_XLSX_CELLS", "more than {v:,} cells (`MAX_XLSX_CELLS`"),
    ("kam.load.tables", "MAX_PURCHASE_ROWS", "at most {v:,} rows (`MAX_PURCHASE_ROWS`)"),
    ("kam.load.tables", "MAX_HISTORY_YEARS", "spans at most {v} years (`MAX_HISTORY_YEARS`"),
    ("kam.load.tables", "MAX_PRODUCTS", "names at most {v} products (`MAX_PRODUCTS`"),
    ("kam.load.tables", "MAX_ID_CHARS", "at most {v} characters (`MAX_ID_CHARS`)"),
    ("kam.problems", "MAX_PROBLEMS", "At most {v} problems are printed per document"),
    ("kam.render.pdf", "MAX_PDF_SECONDS", "has a time budget of {v:g} s"),
    ("kam.render.pdf", "MAX_MESSAGE_CHARS", "Renderer messages are at most {v} characters"),
    ("kam.pipeline.watch", "MAX_FOLDERS", "real subfolders (at most {v},"),
    ("kam.pipeline.watch", "MAX_DEPTH", ", {v} deep)"),
    ("kam.compare.revision", "MAX_REV_CHARS", "at most {v} characters (`MAX_REV_CHARS`)"),
    ("kam.compare.revision", "MAX_SNAPSHOT_BYTES", "at most {gib} GiB in all (`MAX_SNAPSHOT_BYTES`"),
    ("kam.validate.references", "MAX_LISTED_IDS", "at most {v} of them (`MAX_LISTED_IDS`)"),
    ("kam.validate.references", "MAX_SUGGESTION_POOL", "at most {v:,} (`MAX_SUGGESTION_POOL`)"),
    ("kam.analysis.portfolio", "LIST_ALL", "more than {v} customers (`LIST_ALL`)"),
    ("kam.analysis.portfolio", "TOP", "listed as its {v} most and"),
    ("kam.analysis.portfolio", "BOTTOM", "and {v} least profitable customers (`TOP`, `BOTTOM`)"),
    ("kam.analysis.portfolio", "MATRIX_BUBBLES", "beyond {v} rated customers (`MATRIX_BUBBLES`)"),
]  # fmt: skip


def _limits_section() -> str:
    text = (Path(__file__).parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    section = text.partition("\n## Limits and safety\n")[2].partition("\n## ")[0]
    return " ".join(section.split())  # lines wrap anywhere


def _fields(value: object) -> dict[str, object]:
    if not isinstance(value, int | float):
        return {"v": value}
    return {
        "v": value,
        "mib": f"{value / 2**20:g}",
        "gib": f"{value / 2**30:g}",
        "exp": f"{math.log10(value):g}",  # "15.301" for 2e15: not written as 10^15
        "pct": value * 100,
    }


@pytest.mark.parametrize(
    ("module", "name", "written"), DOCUMENTED, ids=[f"{m}.{n}" for m, n, _w in DOCUMENTED]
)
def test_each_limit_is_documented_with_its_value(module, name, written):
    """The figure docs/validation.md gives is the constant's: change one, change both."""
    value = getattr(importlib.import_module(module), name)
    assert written.format(**_fields(value)) in _limits_section()
