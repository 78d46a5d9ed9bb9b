"""Text that could break a build or a report (issue 11, "Trust"): lone surrogates,
control characters in the JSON report and in `kam init` names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.pipeline import prepare

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"


def invoke(folder: Path, monkeypatch, *args: str):
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    return result


# -------------------------------------------------------------------- lone surrogates

SURROGATE = (
    "account.yaml:6:8: title: the text contains an invalid character "
    "(a lone surrogate, \\ud800); remove it"
)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_lone_surrogate_stops_the_build(tmp_path, monkeypatch, fmt):
    (tmp_path / "account.yaml").write_text(BASE + 'title: "Plan \\ud800"\n')
    result = invoke(tmp_path, monkeypatch, "build", "--format", fmt, "account.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [SURROGATE, "account.yaml: not built"]
    assert list(tmp_path.iterdir()) == [tmp_path / "account.yaml"]


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_a_lone_surrogate_in_machine_reports(tmp_path, monkeypatch, fmt):
    (tmp_path / "account.yaml").write_text(BASE + 'title: "Plan \\ud800"\n')
    result = invoke(tmp_path, monkeypatch, "validate", "--format", fmt, "account.yaml")
    assert result.exit_code == 1
    if fmt == "json":
        (problem,) = json.loads(result.stdout)["files"][0]["problems"]
        assert (problem["line"], problem["column"], problem["key"]) == (6, 8, "title")
        assert problem["message"] == SURROGATE.split("title: ", 1)[1]
    else:
        assert result.stdout == (
            "::error file=account.yaml,line=6,col=8::title: the text contains an invalid "
            "character (a lone surrogate, \\ud800); remove it\n"
        )


def test_a_surrogate_pair_written_as_two_escapes_is_one_character(tmp_path):
    (tmp_path / "account.yaml").write_text(BASE + 'title: "Plan \\ud83c\\udfe5"\n')
    prepared, problems = prepare(tmp_path / "account.yaml")
    assert problems.items == []
    assert prepared.doc.title == "Plan \U0001f3e5"


def test_a_surrogate_in_a_csv_file_is_not_utf8(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: c.csv}\n")
    (tmp_path / "c.csv").write_bytes(
        b"id,name,revenue,cogs,cost_to_serve\na,Al\xed\xa0\x80fa,1,1,1\n"
    )
    result = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.stderr.splitlines() == [
        "c.csv:2:2: byte 0xed is not valid UTF-8; save the file as UTF-8, or name its encoding "
        "(for example encoding: cp1252)",
        "account.yaml: invalid",
    ]


# ------------------------------------------------------------ escapes in the JSON report


def test_json_escapes_bidi_overrides_and_line_separators(tmp_path, monkeypatch):
    key = "ti\u202ele\u2028x"
    (tmp_path / "account.yaml").write_text(BASE + '"ti\\u202ele\\u2028x": Plan\n')
    result = invoke(tmp_path, monkeypatch, "validate", "--format", "json", "account.yaml")
    assert result.exit_code == 1
    for raw in ("\u202e", "\u2028"):
        assert raw not in result.stdout
    assert '"key": "ti\\u202ele\\u2028x"' in result.stdout
    (problem,) = json.loads(result.stdout)["files"][0]["problems"]
    assert problem["key"] == key  # the escapes read back to the same text
    assert problem["message"].startswith(f"unknown key '{key}'; ")
    text = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert text.stderr.splitlines()[0].startswith(
        "account.yaml:6:1: ti\\u202ele\\u2028x: unknown key"
    )


def test_json_escapes_c1_controls_in_any_message():
    """Control characters are refused in YAML text, but a message can still carry one
    (a file name, say): the JSON report escapes it."""
    from kam.cli.printing import as_json
    from kam.problems import Problem

    raw = "x\x85y\x7fz"
    text = as_json([(Path("account.yaml"), [Problem(f"file '{raw}' does not exist")], False)])
    assert "\x85" not in text and "\x7f" not in text
    assert "x\\u0085y\\u007fz" in text
    assert json.loads(text)["files"][0]["problems"][0]["message"] == f"file '{raw}' does not exist"


def test_a_control_character_written_as_an_escape_is_refused(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + 'title: "Plan\\x01"\n')
    result = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "account.yaml:6:8: title: the text contains a control character (\\u0001); remove it"
    )


# ------------------------------------------------------------------ kam init names


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--account",
            "a\nb",
            "kam: the account name contains a control character (\\n); write the name on "
            "one line, without control characters",
        ),
        (
            "--company",
            "Acme\tInc",
            "kam: the company name contains a control character (\\t); write the name on "
            "one line, without control characters",
        ),
        (
            "--account",
            "Beta\x9b2J",
            "kam: the account name contains a control character (\\u009b); write the name "
            "on one line, without control characters",
        ),
        (
            "--account",
            "Beta\u202e",
            "kam: the account name contains a control character (\\u202e); write the name "
            "on one line, without control characters",
        ),
        (
            "--company",
            "Caf\udce9",  # the byte 0xe9 of a Latin-1 terminal, as Python receives it
            "kam: the company name contains bytes that are not UTF-8 text (\\udce9); write "
            "the name in UTF-8",
        ),
    ],
)
def test_init_refuses_control_characters_and_writes_nothing(
    tmp_path, monkeypatch, option, value, message
):
    result = invoke(tmp_path, monkeypatch, "init", "project", option, value)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_in_every_report(tmp_path, fmt):
    """Python reads such a name with lone surrogates (`\\udce9`); printing one to a
    UTF-8 stream would fail, so every report escapes it (a real process, real streams)."""
    import os
    import subprocess
    import sys

    name = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / name).write_text(BASE + "titel: Plan\n")
    result = subprocess.run(
        [sys.executable, "-m", "kam", "validate", "--format", fmt, name],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 1, result.stderr
    out = (result.stdout + result.stderr).decode("utf-8")  # strict: valid UTF-8
    assert "caf\\udce9.yaml" in out and "Traceback" not in out
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["files"][0]["file"] == name
        assert report["files"][0]["problems"][0]["file"] == name


@pytest.mark.parametrize(
    ("part", "table", "message"),
    [
        (
            "analysis: {purchase_history: {csv: t.csv}}",
            "date,product,revenue\n2024-01-01,Ab\x01c,100\n",
            "t.csv:2:2: column 'product': the cell contains a control character (\\u0001); "
            "remove it",
        ),
        (
            "portfolio: {customers: {csv: t.csv}}",
            "id,name,revenue,cogs,cost_to_serve\nx,Cu\x1bst,1,0,0\n",
            "t.csv:2:2: column 'name': the cell contains a control character (\\u001b); remove it",
        ),
    ],
    ids=["product", "customer"],
)
def test_control_characters_in_csv_text_are_refused_where_they_are(
    tmp_path, monkeypatch, part, table, message
):
    """A product name with \\x01 made the PDF fail with '.notdef glyph' and no position."""
    (tmp_path / "t.csv").write_text(table)
    (tmp_path / "account.yaml").write_text(BASE + part + "\n")
    result = invoke(tmp_path, monkeypatch, "build", "account.yaml", "-f", "html")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message


@pytest.mark.parametrize("epoch", ["999999999999999", "99999999999"])
def test_a_source_date_epoch_beyond_the_calendar_is_ignored(tmp_path, monkeypatch, epoch):
    import datetime as dt

    from kam.pipeline import today

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert today() == dt.date.today()
    (tmp_path / "account.yaml").write_text(BASE)
    result = invoke(tmp_path, monkeypatch, "build", "account.yaml", "-f", "html")
    assert result.exit_code == 0, result.output
