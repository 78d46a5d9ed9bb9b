"""A workspace: `kam-workspace.yaml` above the accounts shares files and defaults.

Thirty accounts in one repository share a customers file, a logo and a theme: the
accounts inherit the workspace's `company`, `theme`, `locale`, `currency` and
`portfolio.customers`, and may override them. The workspace root is the new boundary,
attacked as the project folder is (tests/test_security.py, tests/test_bad_inputs.py):
absolute paths, `..` escapes, links out of it, a workspace file that is a link, a FIFO,
huge or malformed. Each is exit 1 with a clear message, and reads nothing outside.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import have
from kam.cli import app
from kam.load import load, workspace

runner = CliRunner()

WORKSPACE = """\
# What every account of the team shares.
company: {name: Kestrel Packaging, logo: shared/logo.svg}
theme: {primary: "#4a2c6f", accent: "#d17a22"}
locale: en-GB
currency: GBP
portfolio:
  customers: {csv: shared/customers.csv}
"""
CUSTOMERS = (
    "id,name,revenue,cogs,cost_to_serve\n"
    "harbour,Harbour & Vale,248400,188900,21300\n"
    "northmill,Northmill Foods,612000,498000,80000\n"
    "pennant,Pennant Pies,96500,61200,6100\n"
)
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
ACCOUNT_A = "kam: 1\naccount: {name: Harbour & Vale}\nportfolio: {key_account: harbour}\n"
ACCOUNT_B = (
    "kam: 1\nlocale: es-ES\ncompany: {name: Kestrel Iberia}\naccount: {name: Pennant}\n"
    "portfolio: {key_account: pennant}\n"
)
SECRET = "id,name,revenue,cogs,cost_to_serve\nsecret,SECRET-MARKER,1,1,1\n"

# Files opened while the audit hook below is switched on (a list), or None.
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str | Path):
        _opened.append(os.path.abspath(args[0]))


sys.addaudithook(_audit)
_last_opened: list[str] = []  # what the last `validate` opened


@pytest.fixture
def team(tmp_path) -> Path:
    """tmp/team: the workspace file, shared/ (customers, logo), accounts/a and
    accounts/b; tmp/outside: files nobody may read."""
    root = tmp_path / "team"
    (root / "shared").mkdir(parents=True)
    (root / "kam-workspace.yaml").write_text(WORKSPACE)
    (root / "shared" / "customers.csv").write_text(CUSTOMERS)
    (root / "shared" / "logo.svg").write_text(LOGO)
    for name, text in (("a", ACCOUNT_A), ("b", ACCOUNT_B)):
        (root / "accounts" / name).mkdir(parents=True)
        (root / "accounts" / name / "account.yaml").write_text(text)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(SECRET)
    (outside / "secret.yaml").write_text("executive_summary: SECRET-MARKER\n")
    (outside / "kam-workspace.yaml").write_text("company: {name: SECRET-MARKER}\n")
    return root


def validate(folder: Path, entry: str, monkeypatch) -> tuple[int, list[str]]:
    """`kam validate ENTRY` in `folder`: its exit code and lines, recording the files
    it opens; none may lie in tmp/outside."""
    global _opened
    monkeypatch.chdir(folder)
    _opened = []
    try:
        result = runner.invoke(app, ["validate", entry])
    finally:
        opened, _opened = _opened, None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    outside = f"{os.sep}outside{os.sep}"  # tmp/outside, beside the workspace
    assert [p for p in opened if outside in p] == []
    _last_opened[:] = opened
    assert "SECRET-MARKER" not in result.output
    return result.exit_code, result.stderr.splitlines()


# ------------------------------------------------------------------ inheritance


def test_accounts_inherit_the_shared_defaults_and_files(team):
    loaded = load(team / "accounts" / "a" / "account.yaml")
    assert loaded.problems.errors == []
    data = loaded.data
    assert data["company"] == {"name": "Kestrel Packaging", "logo": "shared/logo.svg"}
    assert data["theme"] == {"primary": "#4a2c6f", "accent": "#d17a22"}
    assert (data["locale"], data["currency"]) == ("en-GB", "GBP")
    assert data["portfolio"] == {
        "key_account": "harbour",
        "customers": {"csv": "shared/customers.csv"},
    }
    assert loaded.boundary == team.resolve() and loaded.root == (team / "accounts/a").resolve()
    assert len(loaded.tables.customers.ids) == 3
    assert loaded.logo is not None and loaded.logo.data == LOGO.encode()
    # An inherited value is where the workspace file writes it.
    at = loaded.source.pos(("company", "logo"))
    assert (at.file.resolve(), at.line, at.col) == ((team / "kam-workspace.yaml").resolve(), 2, 42)
    assert loaded.source.pos(("portfolio", "key_account")).file.name == "account.yaml"


def test_an_account_overrides_what_it_writes_and_merges_company_and_theme(team):
    loaded = load(team / "accounts" / "b" / "account.yaml")
    assert loaded.problems.errors == []
    data = loaded.data
    assert data["locale"] == "es-ES" and data["currency"] == "GBP"
    assert data["company"] == {"name": "Kestrel Iberia", "logo": "shared/logo.svg"}
    assert loaded.source.pos(("company", "name")).file.name == "account.yaml"
    assert loaded.source.pos(("company", "logo")).file.name == "kam-workspace.yaml"
    # A key the account writes wins, even null.
    entry = team / "accounts" / "b" / "account.yaml"
    entry.write_text(ACCOUNT_B + "theme: null\n")
    assert load(entry).data["theme"] is None
    # Without a portfolio of its own, the account gets the shared customers; null
    # leaves the portfolio out.
    entry.write_text("kam: 1\naccount: {name: Pennant}\n")
    assert load(entry).data["portfolio"] == {"customers": {"csv": "shared/customers.csv"}}
    entry.write_text("kam: 1\naccount: {name: Pennant}\nportfolio: null\n")
    loaded = load(entry)
    assert loaded.data["portfolio"] is None and loaded.tables.customers is None


def test_both_accounts_build_with_the_shared_files(team, monkeypatch):
    monkeypatch.chdir(team)
    result = runner.invoke(
        app,
        ["build", "accounts/a/account.yaml", "accounts/b/account.yaml", "-f", "html", "-o", "out"],
    )
    assert result.exit_code == 0, result.output
    english = (team / "out" / "a.html").read_text()
    spanish = (team / "out" / "b.html").read_text()
    assert '<html lang="en-GB"' in english and '<html lang="es-ES"' in spanish
    assert "Kestrel Packaging" in english and "Kestrel Iberia" in spanish
    # The shared customers: the portfolio's whale curve, over its three customers.
    assert "Whale curve (cumulative profit by customer)" in english
    assert "Curva de ballena" in spanish
    assert "#4a2c6f" in english and "#4a2c6f" in spanish
    assert "£" in english


def test_validate_reads_the_shared_files(team, monkeypatch):
    """The audit hook sees what kam opens: the shared files, here."""
    assert validate(team / "accounts" / "a", "account.yaml", monkeypatch) == (
        0,
        ["account.yaml: valid"],
    )
    shared = str(team / "shared")
    assert sorted({Path(p).name for p in _last_opened if p.startswith(shared)}) == [
        "customers.csv",
        "logo.svg",
    ]


def test_an_empty_workspace_file_shares_files_only(team, monkeypatch):
    (team / "kam-workspace.yaml").write_text("# the accounts of the team\n")
    (team / "accounts" / "a" / "account.yaml").write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: K, logo: ../../shared/logo.svg}\n"
        "account: {name: A}\n"
    )
    assert validate(team / "accounts" / "a", "account.yaml", monkeypatch) == (
        0,
        ["account.yaml: valid"],
    )


def test_a_mistake_in_an_inherited_value_points_at_the_workspace_file(team, monkeypatch):
    (team / "kam-workspace.yaml").write_text(WORKSPACE.replace("currency: GBP", "currency: pounds"))
    message = (
        "currency: 'pounds' is not valid here; write an ISO 4217 code in capitals, such as "
        "EUR, USD or MXN"
    )
    assert validate(team, "accounts/a/account.yaml", monkeypatch) == (
        1,
        [f"kam-workspace.yaml:5:11: {message}", "accounts/a/account.yaml: invalid"],
    )
    assert validate(team / "accounts" / "a", "account.yaml", monkeypatch) == (
        1,
        [f"../../kam-workspace.yaml:5:11: {message}", "account.yaml: invalid"],
    )


# ------------------------------------------------------------ the workspace file


def test_unknown_keys_in_the_workspace_file_with_did_you_mean(team, monkeypatch):
    (team / "kam-workspace.yaml").write_text(
        WORKSPACE + "empresa: {name: X}\nplan: plan.yaml\ncurency: EUR\n"
    )
    allowed = "company, theme, locale, currency, portfolio"
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (code, lines) == (
        1,
        [
            "kam-workspace.yaml:8:1: empresa: unknown key 'empresa'; did you mean 'company'? "
            f"allowed keys: {allowed}",
            f"kam-workspace.yaml:9:1: plan: unknown key 'plan'; allowed keys: {allowed}",
            "kam-workspace.yaml:10:1: curency: unknown key 'curency'; did you mean "
            f"'currency'? allowed keys: {allowed}",
            "accounts/a/account.yaml: invalid",
        ],
    )
    # In the document's language.
    _code, lines = validate(team, "accounts/b/account.yaml", monkeypatch)
    assert lines[0] == (
        "kam-workspace.yaml:8:1: empresa: clave desconocida 'empresa'; ¿quisieron decir "
        f"'company'? Claves permitidas: {allowed}"
    )


def test_the_workspace_shares_only_the_portfolios_customers(team, monkeypatch):
    (team / "kam-workspace.yaml").write_text(
        WORKSPACE.replace("portfolio:\n", "portfolio:\n  key_account: harbour\n")
    )
    assert validate(team, "accounts/a/account.yaml", monkeypatch) == (
        1,
        [
            "kam-workspace.yaml:7:3: portfolio.key_account: unknown key 'key_account'; "
            "allowed keys: customers",
            "accounts/a/account.yaml: invalid",
        ],
    )
    (team / "kam-workspace.yaml").write_text("portfolio: shared/customers.csv\n")
    assert validate(team, "accounts/a/account.yaml", monkeypatch)[1][0] == (
        "kam-workspace.yaml:1:12: portfolio: a workspace shares the portfolio's customers: "
        "write 'portfolio: {customers: {csv: path}}'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "company: {name: K\n",
            "kam-workspace.yaml:1:10: the '{' opened here is never closed: add '}' at the "
            "end of the value",
        ),
        (
            "- company\n- theme\n",
            "kam-workspace.yaml:1:1: the workspace file should hold a mapping of the keys it "
            "shares: company, theme, locale, currency, portfolio",
        ),
        (
            "company: !!python/object {}\n",
            "kam-workspace.yaml:1:10: company: the YAML tag '!!python/object' is not allowed; "
            "kam reads plain YAML only (maps, lists, text, numbers, true/false, null)",
        ),
    ],
    ids=["unclosed", "list", "tag"],
)
def test_a_malformed_workspace_file(team, monkeypatch, text, expected):
    (team / "kam-workspace.yaml").write_text(text)
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert code == 1 and lines[0] == expected, lines


def test_an_alias_bomb_or_a_huge_workspace_file_is_refused(team, monkeypatch):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        bomb.append(f"a{level}: &a{level} [{refs}]")
    (team / "kam-workspace.yaml").write_text("\n".join(bomb) + "\n")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert code == 1 and "expands to more than 2,000,000 values" in lines[0], lines
    with (team / "kam-workspace.yaml").open("w") as file:
        file.write("# " + "x" * (11 * 1024 * 1024) + "\n")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert code == 1 and lines[0] == (
        "kam-workspace.yaml:1:1: YAML file is 11,534,339 bytes; the limit is 10,485,760 bytes"
    )


def test_a_workspace_file_that_links_out_of_its_folder_is_refused_unread(team, monkeypatch):
    outside = team.parent / "outside" / "kam-workspace.yaml"
    (team / "kam-workspace.yaml").unlink()
    os.symlink(outside, team / "kam-workspace.yaml")
    (team / "accounts" / "a" / "account.yaml").write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: K}\naccount: {name: A}\n"
        "plan: ../../shared/plan.yaml\n"
    )
    (team / "shared" / "plan.yaml").write_text("executive_summary: shared\n")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        "kam-workspace.yaml:1:1: kam-workspace.yaml is a link to a file outside its folder "
        f"({outside}); make it a regular file in the workspace folder",
    )
    # Without a usable workspace file, the boundary is the project folder.
    assert lines[1] == (
        "accounts/a/account.yaml:6:7: plan: '../../shared/plan.yaml' is outside the project "
        f"folder {(team / 'accounts' / 'a').resolve()}; move the file into the project folder"
    )


def test_a_workspace_file_linked_within_its_folder_is_read(team, monkeypatch):
    (team / "kam-workspace.yaml").rename(team / "shared" / "workspace.yaml")
    os.symlink("shared/workspace.yaml", team / "kam-workspace.yaml")
    assert validate(team, "accounts/a/account.yaml", monkeypatch) == (
        0,
        ["accounts/a/account.yaml: valid"],
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "loop"])
def test_a_workspace_file_that_is_no_regular_file_is_refused(team, monkeypatch, kind):
    path = team / "kam-workspace.yaml"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # read, it would block
    elif kind == "folder":
        path.mkdir()
    else:
        os.symlink(path.name, path)
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    if kind == "loop":  # the reason is Python's: "Symlink loop from …" (3.11, 3.12)
        assert code == 1
        assert lines[0].startswith("kam-workspace.yaml:1:1: cannot open 'kam-workspace.yaml': ")
        return
    assert (code, lines[0]) == (
        1,
        "kam-workspace.yaml:1:1: kam-workspace.yaml is not a regular file; make it a YAML "
        "file, or remove it",
    )


# ------------------------------------------------------------------ the boundary


def _account(team: Path, line: str) -> None:
    (team / "accounts" / "a" / "account.yaml").write_text(ACCOUNT_A + line + "\n")


def _outside_message(name: str, team: Path) -> str:
    return f"'{name}' is outside the workspace {team.resolve()}; move the file into the workspace folder"


def test_absolute_paths_are_refused(team, monkeypatch):
    _account(team, "plan: /etc/passwd")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        "accounts/a/account.yaml:4:7: plan: '/etc/passwd' is an absolute path; write a path "
        "relative to the file that names it",
    )
    (team / "kam-workspace.yaml").write_text(
        WORKSPACE.replace("shared/logo.svg", str(team.parent / "outside" / "logo.svg"))
    )
    _account(team, "")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert code == 1 and lines[0].startswith("kam-workspace.yaml:2:42: company.logo: '/")
    assert lines[0].endswith("is an absolute path; write a path relative to the file that names it")


def test_dotdot_beyond_the_workspace_root_is_refused(team, monkeypatch):
    _account(team, "plan: ../../../outside/secret.yaml")
    assert validate(team, "accounts/a/account.yaml", monkeypatch) == (
        1,
        [
            "accounts/a/account.yaml:4:7: plan: "
            + _outside_message("../../../outside/secret.yaml", team),
            "accounts/a/account.yaml: invalid",
        ],
    )
    # From the workspace file, relative to the workspace root.
    (team / "kam-workspace.yaml").write_text(
        WORKSPACE.replace("shared/customers.csv", "../outside/secret.csv")
    )
    _account(team, "")
    code, lines = validate(team / "accounts" / "a", "account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        "../../kam-workspace.yaml:7:20: portfolio.customers.csv: "
        + _outside_message("../outside/secret.csv", team),
    )


def test_links_out_of_the_workspace_are_refused(team, monkeypatch):
    outside = team.parent / "outside"
    os.symlink(outside / "secret.csv", team / "shared" / "link.csv")
    os.symlink(outside, team / "elsewhere")
    _account(team, "analysis: {purchase_history: {csv: ../../shared/link.csv}}")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        "accounts/a/account.yaml:4:36: analysis.purchase_history.csv: "
        + _outside_message("../../shared/link.csv", team),
    )
    (team / "kam-workspace.yaml").write_text(
        WORKSPACE.replace("shared/customers.csv", "elsewhere/secret.csv")
    )
    _account(team, "")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        "kam-workspace.yaml:7:20: portfolio.customers.csv: "
        + _outside_message("elsewhere/secret.csv", team),
    )


def test_the_outside_message_in_spanish(team, monkeypatch):
    (team / "accounts" / "b" / "account.yaml").write_text(ACCOUNT_B + "plan: ../../../x.yaml\n")
    code, lines = validate(team, "accounts/b/account.yaml", monkeypatch)
    assert (code, lines[0]) == (
        1,
        f"accounts/b/account.yaml:6:7: plan: '../../../x.yaml' está fuera del espacio de "
        f"trabajo {team.resolve()}; muevan el archivo a la carpeta del espacio de trabajo",
    )


def test_templates_may_use_shared_files_but_not_beyond(team, monkeypatch):
    templates = team / "accounts" / "a" / "templates"
    templates.mkdir()
    (templates / "style.css").write_text(
        "h1 { background: url(../../../shared/logo.svg) }\n"
        "h2 { background: url(../../../../outside/logo.svg) }\n"
    )
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0] == (
        "accounts/a/templates/style.css:2:18: url(../../../../outside/logo.svg) cannot be used: "
        + _outside_message("../../../../outside/logo.svg", team)
    )


# ------------------------------------------------------------- where it stops


def test_without_a_workspace_the_project_folder_is_the_boundary(team, monkeypatch):
    (team / "kam-workspace.yaml").unlink()
    folder = (team / "accounts" / "a").resolve()
    _account(team, "plan: ../../shared/plan.yaml")
    (team / "shared" / "plan.yaml").write_text("executive_summary: x\n")
    code, lines = validate(team, "accounts/a/account.yaml", monkeypatch)
    assert (
        "accounts/a/account.yaml:4:7: plan: '../../shared/plan.yaml' is outside the project "
        f"folder {folder}; move the file into the project folder"
    ) in lines


def test_the_search_stops_at_the_top_of_a_git_repository(team):
    """A repository's documents never reach files above it: a workspace file above
    the repository is not this project's."""
    (team / "accounts" / ".git").mkdir()
    assert workspace.find((team / "accounts" / "a").resolve(), Path("accounts/a")) is None
    (team / "accounts" / "kam-workspace.yaml").write_text("")
    found = workspace.find((team / "accounts" / "a").resolve(), Path("accounts/a"))
    assert found is not None and found.root == (team / "accounts").resolve()


def test_the_search_stops_below_a_shared_temporary_folder(tmp_path):
    """/tmp is anyone's: a kam-workspace.yaml there is no team's."""
    shared = tmp_path / "tmp"
    (shared / "p").mkdir(parents=True)
    (shared / "kam-workspace.yaml").write_text("company: {name: Anyone}\n")
    shared.chmod(0o1777)
    try:
        assert workspace.find((shared / "p").resolve(), Path("p")) is None
    finally:
        shared.chmod(0o755)
    assert workspace.find((shared / "p").resolve(), Path("p")).root == shared.resolve()
    with workspace.ceiling(shared):
        assert workspace.find((shared / "p").resolve(), Path("p")) is None


# ------------------------------------------------------------------------ --rev


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "kam", "GIT_AUTHOR_EMAIL": "kam@example.com",
           "GIT_COMMITTER_NAME": "kam", "GIT_COMMITTER_EMAIL": "kam@example.com"}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(not have("git"), reason="git is not installed")
def test_a_revision_holds_the_shared_files(team, monkeypatch):
    from kam.compare.revision import snapshot

    git(team, "init", "-q")
    git(team, "add", ".")
    git(team, "commit", "-q", "-m", "team")
    with snapshot(team / "accounts" / "a" / "account.yaml", "HEAD") as snap:
        names = sorted(p.relative_to(snap.folder).as_posix() for p in snap.folder.rglob("*"))
        assert "kam-workspace.yaml" in names and "shared/customers.csv" in names
        assert snap.entry == snap.folder / "accounts" / "a" / "account.yaml"
        assert snap.name(snap.folder / "shared" / "customers.csv") == Path(
            "HEAD:shared/customers.csv"
        )
    # The old version reads the shared files as they were: the same document.
    monkeypatch.chdir(team / "accounts" / "a")
    result = runner.invoke(app, ["diff", "account.yaml", "--rev", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\nNo changes.\n"), result.stdout
    # A mistake in the old workspace file is named at the revision.
    (team / "kam-workspace.yaml").write_text(WORKSPACE.replace("GBP", "pounds"))
    git(team, "commit", "-q", "-a", "-m", "broken")
    (team / "kam-workspace.yaml").write_text(WORKSPACE)
    result = runner.invoke(app, ["diff", "account.yaml", "--rev", "HEAD"])
    assert result.exit_code == 1
    assert result.stderr.startswith("HEAD:kam-workspace.yaml:5:11: currency: 'pounds'")
