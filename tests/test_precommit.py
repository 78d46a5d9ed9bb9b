"""The pre-commit hooks (.pre-commit-hooks.yaml): any committed YAML, CSV or Excel
file, logo or template maps to the documents that read it, and those are validated.

The hooks run here as pre-commit runs them: in a git repository, on the files staged
for the commit (`git diff --cached --name-only --diff-filter=ACMRTUXB`), kept when the
hook's `files` pattern finds them (`re.search`), passed after the entry and its `args`
(`pass_filenames`), all at once (`require_serial`), from the repository's top folder;
the hook fails when the command's exit code is not 0. (The pre-commit tool itself
would install kam from its repository into a new environment, which needs the network.
Checked by hand with pre-commit 4.7.0 and `repo:` this repository at a commit: a broken
plan.yaml fails with its plan.yaml:2:12 message, a clean change and an unrelated YAML
file pass, and kam-validate-project without args no longer asks for files.)
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from kam.pipeline.entries import affected, is_document

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
ACCOUNT = (
    "kam: 1\nlocale: {locale}\ncurrency: EUR\ncompany: {{name: Acme}}\n"
    "account: {{name: {name}}}\nplan: plan.yaml\n"
)
PLAN = "executive_summary: A plan for the year.\n"
BROKEN_PLAN = "executive_summary: A plan for the year.\nsituation: [unclosed\n"
WORKSPACE = "currency: GBP\nportfolio:\n  customers: {csv: shared/customers.csv}\n"
CUSTOMERS = "id,name,revenue,cogs,cost_to_serve\nbeta,Beta,100,60,10\n"
BAD_CUSTOMERS = "id,name,revenue,cogs,cost_to_serve\nbeta,Beta,lots,60,10\n"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def repository(tmp_path: Path, files: dict[str, str]) -> Path:
    """A git repository holding `files`, committed."""
    repo = tmp_path / "plans"
    repo.mkdir()
    git(repo, "init", "-q")
    write(repo, files)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    return repo


def run_hook(repo: Path, hook_id: str = "kam-validate", args: tuple[str, ...] = ()):
    """Run the hook on the staged files as pre-commit would; None when it is skipped."""
    hook = HOOKS[hook_id]
    staged = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMRTUXB", "-z")
    names = [n for n in staged.split("\0") if n and re.search(hook["files"], n)]
    if hook.get("pass_filenames", True) and not names:
        return None  # pre-commit skips a hook none of whose files changed
    command = shlex.split(hook["entry"]) + list(hook.get("args", ())) + list(args)
    if hook.get("pass_filenames", True):
        command += names
    assert command[0] == "kam"
    return subprocess.run(
        [sys.executable, "-m", "kam", *command[1:]],
        cwd=repo, capture_output=True, text=True, timeout=120,
        env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""},
    )  # fmt: skip


def stage(repo: Path, files: dict[str, str]) -> None:
    write(repo, files)
    git(repo, "add", *files)


def test_the_hooks_validate_what_a_commit_changes_and_take_no_project_argument():
    for hook in HOOKS.values():
        assert hook["entry"] == "kam validate --strict --changed"
        assert hook.get("pass_filenames", True) and hook["require_serial"]
        assert "types" not in hook  # a CSV file is not YAML
        for name in ("a/plan.yaml", "a/data/x.CSV", "t.xlsx", "assets/logo.svg", "t/x.j2"):
            assert re.search(hook["files"], name), name
        assert not re.search(hook["files"], "README.md")


@pytest.mark.parametrize("locale", ["en", "es"])
def test_a_broken_plan_yaml_fails_the_commit_at_its_line(tmp_path, locale):
    repo = repository(
        tmp_path,
        {"accounts/beta/account.yaml": ACCOUNT.format(locale=locale, name="Beta"),
         "accounts/beta/plan.yaml": PLAN},
    )  # fmt: skip
    stage(repo, {"accounts/beta/plan.yaml": BROKEN_PLAN})
    result = run_hook(repo)
    assert result.returncode == 1, result.stderr
    message, invalid = {
        "en": ("the '[' opened here is never closed: add ']' at the end of the value", "invalid"),
        "es": (
            "el '[' que se abre aquí no se cierra nunca: añadan ']' al final del valor",
            "no es válido",
        ),
    }[locale]
    assert result.stderr.splitlines() == [
        f"accounts/beta/plan.yaml:2:12: {message}",
        "    situation: [unclosed",
        "               ^",
        f"accounts/beta/account.yaml: {invalid}",
    ]


def test_a_clean_change_passes(tmp_path):
    repo = repository(
        tmp_path,
        {"accounts/beta/account.yaml": ACCOUNT.format(locale="en", name="Beta"),
         "accounts/beta/plan.yaml": PLAN},
    )  # fmt: skip
    stage(repo, {"accounts/beta/plan.yaml": PLAN.replace("year", "next year")})
    result = run_hook(repo)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "accounts/beta/account.yaml: valid\n"


def test_a_yaml_file_no_document_reads_is_no_error(tmp_path):
    repo = repository(
        tmp_path,
        {"accounts/beta/account.yaml": ACCOUNT.format(locale="en", name="Beta"),
         "accounts/beta/plan.yaml": PLAN},
    )  # fmt: skip
    stage(repo, {".github/workflows/x.yml": "on: [push\n", "accounts/beta/notes.yaml": "- [\n"})
    result = run_hook(repo)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "kam: no document reads the changed files; nothing to validate\n"


def test_a_broken_csv_table_fails_the_documents_that_read_it(tmp_path):
    shutil.copytree(EXAMPLES / "brightfield", tmp_path / "bf")
    repo = repository(tmp_path, {})
    shutil.move(tmp_path / "bf", repo / "brightfield")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "brightfield")
    purchases = repo / "brightfield" / "data" / "purchases.csv"
    lines = purchases.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("3021.57", "three thousand")
    stage(repo, {"brightfield/data/purchases.csv": "".join(lines)})
    result = run_hook(repo)
    assert result.returncode == 1
    assert "brightfield/data/purchases.csv:3:" in result.stderr
    assert result.stderr.endswith("brightfield/account.yaml: invalid\n")


def test_a_workspace_file_or_a_shared_table_maps_to_every_account_that_reads_it(tmp_path):
    accounts = {
        f"accounts/{name}/account.yaml": ACCOUNT.format(locale="en", name=name)
        for name in ("alpha", "beta")
    }
    plans = {f"accounts/{name}/plan.yaml": PLAN for name in ("alpha", "beta")}
    repo = repository(
        tmp_path,
        {"kam-workspace.yaml": WORKSPACE, "shared/customers.csv": CUSTOMERS, **accounts, **plans},
    )
    stage(repo, {"shared/customers.csv": BAD_CUSTOMERS})
    result = run_hook(repo)
    assert result.returncode == 1
    assert result.stderr.count("shared/customers.csv:2:") == 2, result.stderr
    assert "accounts/alpha/account.yaml: invalid" in result.stderr
    assert "accounts/beta/account.yaml: invalid" in result.stderr
    stage(repo, {"shared/customers.csv": CUSTOMERS, "kam-workspace.yaml": WORKSPACE + "\n"})
    result = run_hook(repo)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "accounts/alpha/account.yaml: valid",
        "accounts/beta/account.yaml: valid",
    ]


def test_the_old_project_hook_with_account_arguments_still_works(tmp_path):
    repo = repository(
        tmp_path,
        {"accounts/beta/account.yaml": ACCOUNT.format(locale="en", name="Beta"),
         "accounts/beta/plan.yaml": PLAN, "other.yaml": "x: 1\n"},
    )  # fmt: skip
    stage(repo, {"other.yaml": "x: 2\n"})
    result = run_hook(repo, "kam-validate-project", ("accounts/beta/account.yaml",))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "accounts/beta/account.yaml: valid\n"


def test_documents_that_read_a_file(tmp_path, monkeypatch):
    repo = repository(
        tmp_path,
        {
            "a/account.yaml": (
                "kam: 1\nplan: parts/plan.yaml\nanalysis: parts/analysis.yaml\n"
                "theme: {logo: logo.svg}\n"
            ),
            "a/parts/plan.yaml": "x: 1\n",
            "a/parts/analysis.yaml": "purchase_history: {csv: ../data/p.csv}\n",
            "a/b/account.yml": "kam: 1\nportfolio: {customers: {xlsx: c.xlsx}}\n",
            "a/templates/document.html.j2": "",
            "ribera.yaml": "# a document under another name\nkam: 1\n",
            "broken/account.yaml": "kam: 1\nplan: [\n",
        },
    )
    monkeypatch.chdir(repo)
    assert affected([Path("a/parts/plan.yaml")]) == [Path("a/account.yaml")]
    assert affected([Path("a/data/p.csv")]) == [Path("a/account.yaml")]
    assert affected([Path("a/b/c.xlsx")]) == [Path("a/b/account.yml")]
    assert affected([Path("a/logo.svg"), Path("a/templates/document.html.j2")]) == [
        Path("a/account.yaml")
    ]
    assert affected([Path("ribera.yaml")]) == [Path("ribera.yaml")]
    assert affected([Path("broken/data/x.csv")]) == [Path("broken/account.yaml")]
    assert affected([Path("a/unrelated.yaml"), Path("elsewhere.csv")]) == []
    assert is_document(repo / "ribera.yaml") and not is_document(repo / "a/parts/plan.yaml")


def test_the_readme_pins_a_commit_and_its_local_hook_is_the_same_hook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)]
    configs = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    remote = next(c["repos"][0] for c in configs if c["repos"][0]["repo"] != "local")
    assert re.fullmatch(r"[0-9a-f]{40}", remote["rev"])  # kam has no release tags to pin
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout
    assert not tags, "kam has release tags now: pin one in README and .pre-commit-hooks.yaml"
    local = next(c["repos"][0]["hooks"][0] for c in configs if c["repos"][0]["repo"] == "local")
    hook = HOOKS["kam-validate"]
    assert (local["entry"], local["files"], local["require_serial"]) == (
        hook["entry"], hook["files"], hook["require_serial"],
    )  # fmt: skip


def test_outside_a_repository_documents_are_looked_for_up_to_the_current_folder(
    tmp_path, monkeypatch
):
    write(
        tmp_path,
        {
            "account.yaml": "kam: 1\nplan: proj/plan.yaml\n",  # above the current folder
            "proj/account.yaml": "kam: 1\nplan: plan.yaml\n",
            "proj/plan.yaml": "x: 1\n",
        },
    )
    monkeypatch.chdir(tmp_path / "proj")
    assert affected([Path("plan.yaml")]) == [Path("account.yaml")]
