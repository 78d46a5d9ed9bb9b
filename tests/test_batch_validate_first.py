"""`kam build` with many files: every file validated first, the invalid ones reported
all at once, then the valid ones built from what was prepared (nothing twice); on a
terminal a bar names the files being built and lists each finished one.

Measured (not asserted): validating thirty `kam init` starters takes 0.47 s, thirty
copies of examples/ribera (3,000 purchase lines each) 2.0–2.5 s, on a shared 2-core
machine; reading the purchase history is most of it.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.pipeline import batch

runner = CliRunner()
ACCOUNT = (
    "kam: 1\nlocale: {locale}\ncurrency: USD\ncompany: {{name: Acme}}\naccount: {{name: {name}}}\n"
)
TYPO = "plan: {executive_sumary: x}\n"
WROTE = re.compile(r": (wrote|escrito) ")
WARNED = (
    "plan:\n"
    "  current_position:\n"
    "    team: [{id: ana, name: Ana}]\n"
    "  company_strategy:\n"
    "    objectives:\n"
    "      - {id: o1, objective: Grow, metric: revenue, target: 10, deadline: 2027-12-31, "
    "owner: ana}\n"
)
MESSAGES = {
    "en": {
        "typo": "unknown key 'executive_sumary'; did you mean 'executive_summary'?",
        "not built": "not built",
        "summary": "2 of 4 documents are invalid; building the other 2",
        "built": "built 2 of 4 documents",
        "building": "building",
        "bracket": "the '[' opened here is never closed: add ']' at the end of the value",
    },
    "es": {
        "typo": "clave desconocida 'executive_sumary'; ¿quisieron decir 'executive_summary'?",
        "not built": "no se ha construido",
        "summary": "2 de 4 documentos no son válidos; se construyen los otros 2",
        "built": "construidos 2 de 4 documentos",
        "building": "construyendo",
        "bracket": "el '[' que se abre aquí no se cierra nunca: añadan ']' al final del valor",
    },
}


def projects(tmp_path: Path, locale: str) -> list[Path]:
    """Four accounts: a, c valid; b with a typo, d with a YAML syntax error."""
    entries = []
    for name in "abcd":
        folder = tmp_path / name
        folder.mkdir()
        text = ACCOUNT.format(locale=locale, name=f"Beta {name}")
        text += {"b": TYPO, "d": "plan: [x, y\n"}.get(name, "")
        (folder / "account.yaml").write_text(text, encoding="utf-8")
        entries.append(Path(name) / "account.yaml")
    return entries


def kam(*args: str | Path, cwd: Path, env: dict | None = None):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kam", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120, env=environment,
    )  # fmt: skip


@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_invalid_file_is_reported_before_anything_is_built(tmp_path, locale):
    entries = projects(tmp_path, locale)
    result = kam("build", *entries, "-o", "out", "-f", "html", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    words = MESSAGES[locale]
    lines = result.stderr.splitlines()
    first_written = next(i for i, line in enumerate(lines) if WROTE.search(line))
    before = "\n".join(lines[:first_written])
    assert f"b/account.yaml:6:8: plan.executive_sumary: {words['typo']}" in before
    assert f"d/account.yaml:6:7: {words['bracket']}" in before
    assert f"[1/4] b/account.yaml: {words['not built']}" in lines
    assert f"[2/4] d/account.yaml: {words['not built']}" in lines
    assert lines[first_written - 1] == words["summary"]
    assert sorted(line.split(" ")[1] for line in lines[first_written:] if WROTE.search(line)) == [
        "a/account.yaml:",
        "c/account.yaml:",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.html", "c.html"]
    assert "\x1b[" not in result.stderr  # plain lines on a pipe


def test_strict_warnings_count_as_invalid_before_the_builds(tmp_path):
    entries = projects(tmp_path, "en")[:1]
    warned = tmp_path / "w" / "account.yaml"
    warned.parent.mkdir()
    warned.write_text(ACCOUNT.format(locale="en", name="W") + WARNED, encoding="utf-8")
    result = kam("build", *entries, "w/account.yaml", "--strict", "-o", "out", "-f", "html",
                 cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines()[:3] == [
        "w/account.yaml:11:14: warning: plan.company_strategy.objectives[0].id: objective "
        "'o1' has no action in D.1; add an action with 'objective: o1'",
        "[1/2] w/account.yaml: not built",
        "1 of 2 documents are invalid; building the other 1",
    ]
    assert result.stderr.splitlines()[3].startswith("[2/2] a/account.yaml: wrote ")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_document_is_prepared_once(tmp_path, monkeypatch, jobs):
    """Validated once up front; the build (in this process or a forked worker) uses
    what was prepared."""
    import kam.pipeline as pipeline

    calls = tmp_path / "calls"
    prepare = pipeline.prepare

    def counted(entry, *args, **kwargs):
        with open(calls, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {entry}\n")
        return prepare(entry, *args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", counted)
    monkeypatch.chdir(tmp_path)
    entries = [str(e) for e in projects(tmp_path, "en")]
    result = runner.invoke(app, ["build", *entries, "-o", "out", "-f", "html", "--jobs", jobs])
    assert result.exit_code == 1, result.output
    logged = calls.read_text(encoding="utf-8").splitlines()
    assert sorted(line.split(" ", 1)[1] for line in logged) == entries
    assert {line.split(" ", 1)[0] for line in logged} == {str(os.getpid())}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.html", "c.html"]


def test_a_batch_reports_in_order_as_the_pool_hands_documents_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entries = projects(tmp_path, "en")
    options = batch.Options(out_dir=tmp_path / "out", formats=("html",))
    checked = batch.check_all(entries, options)
    assert [r.entry for r in checked.ready] == [entries[0], entries[2]]
    assert [o.entry for o in checked.invalid] == [entries[1], entries[3]]
    assert all(not o.ok and o.problems for o in checked.invalid)
    started: list[Path] = []
    outcomes = list(batch.build_many(checked.ready, options, 2, started.append))
    assert started == [entries[0], entries[2]]
    assert all(o.ok for o in outcomes)
    assert {o.entry for o in outcomes} == {entries[0], entries[2]}
    assert all(o.seconds >= r.seconds for o, r in zip(outcomes, checked.ready, strict=True))


def on_a_terminal(args: list[str], cwd: Path, env: dict | None = None) -> tuple[int, str]:
    """Run kam with its standard error on a pseudo-terminal; what it wrote there."""
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update({"COLUMNS": "120", "TERM": "xterm", **(env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "kam", *args], cwd=cwd, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=slave, env=environment,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        ready, _w, _x = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(master)
    code = process.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", errors="replace")


def screens(output: str) -> list[str]:
    """Each state the terminal showed, its escapes removed."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)
    return [part.strip() for part in re.split(r"[\r\n]+", plain) if part.strip()]


@pytest.mark.parametrize("locale", ["en", "es"])
def test_on_a_terminal_the_bar_names_the_files_being_built_and_lists_each_one(tmp_path, locale):
    projects(tmp_path, locale)
    args = ["build", "a/account.yaml", "b/account.yaml", "c/account.yaml", "d/account.yaml"]
    code, output = on_a_terminal([*args, "-o", "out", "-f", "html", "-j", "2"], tmp_path)
    assert code == 1
    shown = screens(output)
    words = MESSAGES[locale]
    assert "\x1b[" in output  # a live display
    assert any(line.startswith(f"{words['building']} a, c ") for line in shown), shown
    assert any(line.startswith("a/account.yaml: ") and "out/a.html" in line for line in shown)
    assert any(line.startswith("c/account.yaml: ") and "out/c.html" in line for line in shown)
    assert not any(line.startswith("[") for line in shown)  # the bar counts, not the lines
    assert shown.index(words["summary"]) < min(
        i for i, line in enumerate(shown) if WROTE.search(line)
    )
    assert shown[-1] == words["built"]


def test_past_the_budget_of_kept_customers_a_document_is_prepared_again(tmp_path, monkeypatch):
    """Thirty accounts sharing a portfolio of a million customers would hold 6 GB: the
    documents past KEPT_CUSTOMERS keep only their verdict."""
    monkeypatch.chdir(tmp_path)
    entries = []
    for name in ("p", "q", "r"):
        (tmp_path / name).mkdir()
        portfolio = "portfolio: {key_account: beta, customers: {csv: customers.csv}}\n"
        (tmp_path / name / "account.yaml").write_text(
            ACCOUNT.format(locale="en", name=name) + portfolio, encoding="utf-8"
        )
        (tmp_path / name / "customers.csv").write_text(
            "id,name,revenue,cogs,cost_to_serve\nbeta,Beta,100,60,10\nzeta,Zeta,50,20,5\n"
        )
        entries.append(Path(name) / "account.yaml")
    monkeypatch.setattr(batch, "KEPT_CUSTOMERS", 5)
    options = batch.Options(out_dir=tmp_path / "out", formats=("html",))
    checked = batch.check_all(entries, options)
    assert [r.prepared is not None for r in checked.ready] == [True, True, False]
    outcomes = list(batch.build_many(checked.ready, options, 1))
    assert [o.ok for o in outcomes] == [True, True, True]
    assert all(r.prepared is None for r in checked.ready)  # each let go once built
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p.html", "q.html", "r.html"]
