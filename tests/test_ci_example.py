"""examples/ci/kam.yml, the GitHub Actions workflow teams copy: it parses, calls only
commands and options kam has, caches pip, uploads the deliverables even after a
failure, and its pull-request job writes what changed in each plan (run here, in a git
repository, as the runner would run it)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import yaml

from conftest import EXAMPLES
from kam.cli import app

WORKFLOW = EXAMPLES / "ci" / "kam.yml"
BIN = Path(sys.executable).parent


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def runs() -> list[tuple[str, str]]:
    """(job, script) of every `run:` step."""
    return [
        (name, step["run"])
        for name, job in workflow()["jobs"].items()
        for step in job["steps"]
        if "run" in step
    ]


def kam_calls(script: str) -> list[list[str]]:
    """The words of each `kam …` command line in a shell script."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"[;&|]+|\bthen\b|\bif\b|!", line):
            words = shlex.split(part.strip(), comments=True) if part.strip() else []
            if words[:1] == ["kam"]:
                calls.append(words)
    return calls


def test_the_workflow_calls_only_commands_and_options_kam_has():
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    called = set()
    for _job, script in runs():
        for words in kam_calls(script):
            name = words[1]
            assert name in commands, f"kam has no command {name!r}"
            known = {opt for param in commands[name].params for opt in param.opts}
            for word in words[2:]:
                if word.startswith("-"):
                    assert word.split("=")[0] in known, f"kam {name} has no option {word}"
            called.add(name)
    assert called == {"validate", "build", "diff"}


def test_pip_is_cached_artifacts_are_uploaded_always_and_kam_is_pinned_not_a_placeholder():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "OWNER" not in text
    flow = workflow()
    assert flow["env"]["KAM_SOURCE"] == ""  # set by the team; the install step says so
    for job in flow["jobs"].values():
        setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-"))
        assert setup["with"]["cache"] == "pip"
        install = next(
            s["run"] for s in job["steps"] if 'pip install "$KAM_SOURCE"' in s.get("run", "")
        )
        assert '[ -z "$KAM_SOURCE" ]' in install and "::error" in install
    steps = flow["jobs"]["kam"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"
    build = next(s for s in steps if "kam build" in s.get("run", ""))
    assert build["if"] == "success() || failure()"  # the valid accounts are built anyway


def test_the_pull_request_job_comments_with_permission_and_the_full_history():
    job = workflow()["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    comment = job["steps"][-1]
    assert "gh pr comment" in comment["run"] and comment["env"]["GH_TOKEN"] == "${{ github.token }}"


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_the_scripts_pass_shellcheck():
    for job, script in runs():
        plain = re.sub(r"\$\{\{[^}]*\}\}", "X", script)  # what GitHub substitutes
        result = subprocess.run(
            ["shellcheck", "-s", "bash", "-"], input=plain, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{job}: {result.stdout}"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


def test_the_changes_step_writes_a_section_per_account(tmp_path):
    repo = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "brightfield", repo / "accounts" / "brightfield")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    plan = repo / "accounts" / "brightfield" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("executive_summary: |", "executive_summary: |\n  New.", 1))
    shutil.copytree(EXAMPLES / "themed", repo / "accounts" / "themed")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a pull request")
    step = next(s for s in workflow()["jobs"]["changes"]["steps"] if "kam diff" in s.get("run", ""))
    assert step["env"]["BASE"] == "origin/${{ github.base_ref }}"
    env = {**os.environ, "BASE": "main~1", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    changes = (repo / "changes.md").read_text(encoding="utf-8")
    assert changes.startswith(
        "# accounts/brightfield/account.yaml\n\n## Changes since the previous version\n"
    )
    assert "# accounts/themed/account.yaml\n\nA new account.\n" in changes
    assert (repo / "comment.md").read_text(encoding="utf-8") == changes
