"""Hostile sizes end quickly with a clear message (issue 11, "Trust").

Each test asserts the mechanism (the limit was hit, the cap applied, the message
and its position); wall-clock checks are only generous guards against a hang.
"""

from __future__ import annotations

import json
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
