"""The command line: options, output locations, messages and exit codes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from typer.testing import CliRunner

from conftest import EXAMPLES
from kam import __version__
from kam.cli import app

runner = CliRunner()

MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kam {__version__}"


def test_python_dash_m_kam():
    result = subprocess.run(
        [sys.executable, "-m", "kam", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"kam {__version__}"


def test_build_html_only_next_to_the_input_by_default(tmp_path):
    entry = tmp_path / "beta.yaml"
    entry.write_text(MINIMAL)
    result = runner.invoke(app, ["build", str(entry), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "beta.html").is_file()
    assert not (tmp_path / "beta.pdf").exists()
    html = (tmp_path / "beta.html").read_text(encoding="utf-8")
    assert html.count("Not provided yet.") >= 30


def test_account_yaml_is_named_after_its_folder(tmp_path):
    project = tmp_path / "northwind"
    project.mkdir()
    (project / "account.yaml").write_text(MINIMAL)
    result = runner.invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(tmp_path / "o"), "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "northwind.html").is_file()


def test_two_inputs_that_would_write_the_same_file_are_a_usage_error(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(MINIMAL)
    result = runner.invoke(
        app,
        [
            "build",
            str(tmp_path / "a" / "plan.yaml"),
            str(tmp_path / "b" / "plan.yaml"),
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "would both write" in result.output


def test_invalid_input_exits_1_with_positions_on_stderr(tmp_path):
    entry = tmp_path / "bad.yaml"
    entry.write_text(MINIMAL + "plan:\n  executive_sumary: hi\n")
    result = subprocess.run(
        [sys.executable, "-m", "kam", "build", "bad.yaml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        "bad.yaml:7:3: plan.executive_sumary: unknown key 'executive_sumary'; "
        "did you mean 'executive_summary'?"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "bad.html").exists()


def test_validate_reports_every_problem_in_one_pass(tmp_path):
    entry = tmp_path / "bad.yaml"
    entry.write_text(
        "kam: 1\nlocale: en\ncurrency: usd\ncompany: {}\naccount: {name: B}\n"
        "rewards:\n  split: {team: 70, individual: 40}\n"
    )
    result = runner.invoke(app, ["validate", str(entry)])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if re.search(r"bad\.yaml:\d+:", ln)]
    assert any(":3:11: currency: 'usd' is not valid here" in ln for ln in lines), lines
    assert any(":4:10: company.name: required key 'name' is missing" in ln for ln in lines), lines
    assert len(lines) == 2  # the split sum is checked once the schema errors are fixed
    assert result.output.splitlines()[-1].endswith("bad.yaml: invalid")


def test_build_examples_into_one_folder(tmp_path):
    result = runner.invoke(
        app,
        ["build", str(EXAMPLES / "ribera" / "account.yaml"), str(EXAMPLES / "brightfield" / "account.yaml"), "-o", str(tmp_path), "-f", "html"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brightfield.html", "ribera.html"]


def test_missing_file(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_example_copy_builds_pdf_from_any_cwd(tmp_path):
    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    result = subprocess.run(
        [sys.executable, "-m", "kam", "build", str(project / "account.yaml"), "-f", "pdf"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (project / "ribera.pdf").read_bytes().startswith(b"%PDF-")
