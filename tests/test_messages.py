"""How problems are reported: `--format text|json|github`, `--strict`, exit codes
0/1/2/3, and escaping of what a document (or its file name) could smuggle into a
terminal or a CI log."""

from __future__ import annotations

import json
import re
import sys

import pytest
from typer.testing import CliRunner

from kam import cli
from kam.cli import app

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
ALLOWED_TOP = (
    "kam, locale, currency, title, date, period, confidential, theme, company, account, "
    "prepared_by, analysis, plan, rewards, portfolio"
)
# An error in an included file and a warning in the entry file.
PROJECT = {
    "account.yaml": BASE + "plan: plan.yaml\n",
    "plan.yaml": (
        "current_position:\n"
        "  team: [{id: ana, name: Ana}]\n"
        "  contacts:\n"
        "    - {id: c1, name: Marta, attitude: suporter}\n"
    ),
}
SUPORTER = (
    "'suporter' is not allowed; did you mean 'supporter'? "
    "Expected one of: champion, supporter, neutral, skeptic, opponent"
)
WARNED = BASE + (
    "plan:\n"
    "  current_position:\n"
    "    team: [{id: ana, name: Ana}]\n"
    "  company_strategy:\n"
    "    objectives:\n"
    "      - {id: o1, objective: Grow, metric: revenue, target: 10, deadline: 2027-12-31, "
    "owner: ana}\n"
)
NO_ACTION = "objective 'o1' has no action in D.1; add an action with 'objective: o1'"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def write(folder, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def invoke(folder, monkeypatch, *args: str):
    monkeypatch.chdir(folder)
    return CliRunner().invoke(app, list(args))


# ---------------------------------------------------------------------------- text


def test_text_format_is_the_default(tmp_path, monkeypatch):
    write(tmp_path, PROJECT)
    result = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"plan.yaml:4:39: plan.current_position.contacts[0].attitude: {SUPORTER}",
        "account.yaml: invalid",
    ]


def test_several_files_each_get_a_verdict(tmp_path, monkeypatch):
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    write(tmp_path / "good", {"account.yaml": BASE})
    write(tmp_path / "bad", PROJECT)
    result = invoke(tmp_path, monkeypatch, "validate", "good/account.yaml", "bad/account.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "good/account.yaml: valid",
        f"bad/plan.yaml:4:39: plan.current_position.contacts[0].attitude: {SUPORTER}",
        "bad/account.yaml: invalid",
    ]


def test_warnings_exit_0_and_strict_makes_them_fail(tmp_path, monkeypatch):
    write(tmp_path, {"account.yaml": WARNED})
    line = f"account.yaml:11:14: warning: plan.company_strategy.objectives[0].id: {NO_ACTION}"
    relaxed = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert relaxed.exit_code == 0
    assert relaxed.stderr.splitlines() == [line, "account.yaml: valid"]
    strict = invoke(tmp_path, monkeypatch, "validate", "--strict", "account.yaml")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [line, "account.yaml: invalid"]


def test_strict_build_writes_nothing(tmp_path, monkeypatch):
    write(tmp_path, {"account.yaml": WARNED})
    result = invoke(tmp_path, monkeypatch, "build", "--strict", "-f", "html", "account.yaml")
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["account.yaml"]


def test_control_characters_in_a_file_name_are_escaped(tmp_path, monkeypatch):
    name = "evil\x1b[2J\u202e.yaml"
    write(tmp_path, {name: BASE + "titel: x\n"})
    result = invoke(tmp_path, monkeypatch, "validate", name)
    assert result.exit_code == 1
    assert not CONTROL.search(result.stderr), repr(result.stderr)
    assert "evil\\u001b[2J\\u202e.yaml: invalid" in result.stderr.splitlines()


def test_newlines_in_user_text_cannot_forge_a_problem_line(tmp_path, monkeypatch):
    write(tmp_path, {"account.yaml": BASE + '"x\\naccount.yaml:1:1: kam: all good": 1\n'})
    result = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("account.yaml:6:1: x\\naccount.yaml:1:1: kam: all good: unknown key")


# ---------------------------------------------------------------------------- json


def test_json_report(tmp_path, monkeypatch):
    write(tmp_path, PROJECT)
    (tmp_path / "w").mkdir()
    write(tmp_path / "w", {"account.yaml": WARNED})
    result = invoke(
        tmp_path, monkeypatch, "validate", "--format", "json", "account.yaml", "w/account.yaml"
    )
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "version": 1,
        "valid": False,
        "files": [
            {
                "file": "account.yaml",
                "valid": False,
                "errors": 1,
                "warnings": 0,
                "omitted": 0,
                "problems": [
                    {
                        "severity": "error",
                        "code": "is-not-allowed",
                        "file": "plan.yaml",
                        "line": 4,
                        "column": 39,
                        "key": "plan.current_position.contacts[0].attitude",
                        "message": SUPORTER,
                    }
                ],
            },
            {
                "file": "w/account.yaml",
                "valid": True,
                "errors": 0,
                "warnings": 1,
                "omitted": 0,
                "problems": [
                    {
                        "severity": "warning",
                        "code": "objective-without-action",
                        "file": "w/account.yaml",
                        "line": 11,
                        "column": 14,
                        "key": "plan.company_strategy.objectives[0].id",
                        "message": NO_ACTION,
                    }
                ],
            },
        ],
    }


def test_json_problem_without_position_has_nulls(tmp_path, monkeypatch):
    result = invoke(tmp_path, monkeypatch, "validate", "-f", "json", "missing.yaml")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (problem,) = report["files"][0]["problems"]
    assert problem == {
        "severity": "error",
        "code": "file-does-not-exist",
        "file": None,
        "line": None,
        "column": None,
        "key": None,
        "message": "file 'missing.yaml' does not exist",
    }


def test_json_strict_marks_warned_file_invalid(tmp_path, monkeypatch):
    write(tmp_path, {"account.yaml": WARNED})
    result = invoke(tmp_path, monkeypatch, "validate", "-f", "json", "--strict", "account.yaml")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["files"][0]["valid"] is False


# -------------------------------------------------------------------------- github


def test_github_annotations(tmp_path, monkeypatch):
    write(tmp_path, PROJECT)
    (tmp_path / "w").mkdir()
    write(tmp_path / "w", {"account.yaml": WARNED})
    result = invoke(
        tmp_path, monkeypatch, "validate", "-f", "github", "account.yaml", "w/account.yaml"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=plan.yaml,line=4,col=39::plan.current_position.contacts[0].attitude: "
        + SUPORTER,
        "::warning file=w/account.yaml,line=11,col=14::plan.company_strategy.objectives[0].id: "
        + NO_ACTION,
    ]


def test_github_escapes_percent_cr_lf_and_file_name(tmp_path, monkeypatch):
    name = "a,b:c.yaml"
    write(tmp_path, {name: BASE + '"50%\\r\\nx": 1\n'})
    result = invoke(tmp_path, monkeypatch, "validate", "-f", "github", name)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=a%2Cb%3Ac.yaml,line=6,col=1::50%25%0D%0Ax: unknown key '50%25%0D%0Ax'; "
        f"allowed keys: {ALLOWED_TOP}"
    ]


def test_github_escapes_control_characters(tmp_path, monkeypatch):
    # An escape character in a key is refused; a bidi override reaches the message.
    expected = {
        '"x\\u202e": 1': f"x\\u202e: unknown key 'x\\u202e'; allowed keys: {ALLOWED_TOP}",
        '"y\\e[2J": 2': "the key contains a control character (\\u001b); remove it",
    }
    for line, message in expected.items():
        write(tmp_path, {"account.yaml": BASE + line + "\n"})
        result = invoke(tmp_path, monkeypatch, "validate", "-f", "github", "account.yaml")
        assert result.exit_code == 1
        assert not CONTROL.search(result.stdout), repr(result.stdout)
        assert result.stdout.splitlines() == [f"::error file=account.yaml,line=6,col=1::{message}"]


# ---------------------------------------------------------------------- exit codes


def test_exit_0_for_a_valid_document(tmp_path, monkeypatch):
    write(tmp_path, {"account.yaml": BASE})
    result = invoke(tmp_path, monkeypatch, "validate", "account.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["account.yaml: valid"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "--bogus", "account.yaml"],
        ["validate", "--format", "xml", "account.yaml"],
        ["build", "--format", "docx", "account.yaml"],
        ["frobnicate"],
    ],
    ids=["missing-argument", "unknown-option", "bad-format", "bad-build-format", "unknown-command"],
)
def test_exit_2_for_usage_errors(tmp_path, monkeypatch, args):
    write(tmp_path, {"account.yaml": BASE})
    result = invoke(tmp_path, monkeypatch, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_exit_3_for_internal_errors_with_one_line_and_no_traceback(tmp_path, monkeypatch, capsys):
    write(tmp_path, {"account.yaml": BASE})
    monkeypatch.chdir(tmp_path)

    def broken(entry):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("kam.pipeline.prepare", broken)
    monkeypatch.setattr(sys, "argv", ["kam", "validate", "account.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("kam: internal error")
    assert "bug in kam" in lines[0] and "report" in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_internal_error_is_one_line_even_when_the_exception_text_is_not(
    tmp_path, monkeypatch, capsys
):
    write(tmp_path, {"account.yaml": BASE})
    monkeypatch.chdir(tmp_path)

    def broken(entry):
        raise ValueError('unacceptable character\n  in "<unicode string>", position 87\x1b[2J')

    monkeypatch.setattr("kam.pipeline.prepare", broken)
    monkeypatch.setattr(sys, "argv", ["kam", "validate", "account.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert not CONTROL.search(err), repr(err)
