"""Text that could break a build or a report (issue 11, "Trust"): lone surrogates,
control characters in the JSON report and in `kam init` names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.build import prepare
from kam.cli import app

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
        "c.csv:2:2: byte 0xed is not valid UTF-8; save the file as UTF-8",
        "account.yaml: invalid",
    ]


# ------------------------------------------------------------ escapes in the JSON report


def test_json_escapes_c1_controls_and_bidi_overrides(tmp_path, monkeypatch):
    key = "ti\x85t\u202ele\u2028\x7f"
    (tmp_path / "account.yaml").write_text(BASE + '"ti\\x85t\\u202ele\\u2028\\x7f": Plan\n')
    result = invoke(tmp_path, monkeypatch, "validate", "--format", "json", "account.yaml")
    assert result.exit_code == 1
    for raw in ("\x85", "\u202e", "\u2028", "\x7f"):
        assert raw not in result.stdout
    assert '"key": "ti\\u0085t\\u202ele\\u2028\\u007f"' in result.stdout
    (problem,) = json.loads(result.stdout)["files"][0]["problems"]
    assert problem["key"] == key  # the escapes read back to the same text
    assert problem["message"].startswith(f"unknown key '{key}'; ")
    text = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert text.stderr.splitlines()[0].startswith(
        "account.yaml:6:1: ti\\u0085t\\u202ele\\u2028\\u007f: unknown key"
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
