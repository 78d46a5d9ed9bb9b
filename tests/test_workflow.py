"""Everyday workflow: init, check, schema, batch builds, watch, reproducible output."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kam.cli import app

runner = CliRunner()
MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"


def kam(*args: str | Path, cwd: Path | None = None, env: dict | None = None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "kam", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("locale", ["es", "en"])
def test_init_then_validate_then_build_with_no_edits(tmp_path, locale):
    project = tmp_path / "nuevo"
    result = runner.invoke(
        app, ["init", str(project), "--locale", locale, "--account", "Acme: Norte"]
    )
    assert result.exit_code == 0, result.output
    assert (
        (project / "account.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=schema/account.schema.json")
    )
    result = runner.invoke(app, ["validate", "--strict", str(project / "account.yaml")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["build", str(project / "account.yaml"), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert "Acme: Norte" in (project / "nuevo.html").read_text(encoding="utf-8")
    again = runner.invoke(app, ["init", str(project), "--locale", locale])
    assert again.exit_code == 1
    # in the project's language, which --locale names
    assert ("nothing was written" if locale == "en" else "no se ha escrito nada") in again.output


def test_init_refuses_an_unknown_locale(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--locale", "fr"])
    assert result.exit_code == 2  # a usage error: the choice is not offered


def test_check_scores_a_complete_example_above_a_skeleton(tmp_path):
    skeleton = tmp_path / "skeleton.yaml"
    skeleton.write_text(MINIMAL)
    full = runner.invoke(app, ["check", str(EXAMPLES / "ribera" / "account.yaml"), "-f", "json"])
    bare = runner.invoke(app, ["check", str(skeleton), "-f", "json"])
    assert full.exit_code == 0 and bare.exit_code == 0
    full_score = json.loads(full.stdout)["overall"]
    bare_score = json.loads(bare.stdout)["overall"]
    assert full_score >= 90 and bare_score <= 10
    strict = runner.invoke(app, ["check", str(skeleton), "--min-score", "50"])
    assert strict.exit_code == 1
    assert "below --min-score 50" in strict.output
    text = runner.invoke(app, ["check", str(EXAMPLES / "ribera" / "account.yaml")])
    assert "Analiza la cuenta clave" in text.stdout


def test_schema_command_prints_the_committed_schema(tmp_path):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (EXAMPLES.parent / "schema" / "account.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed
    target = tmp_path / "plan.schema.json"
    assert runner.invoke(app, ["schema", "--part", "plan", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text())["$ref"] == "#/$defs/Plan"


def test_batch_with_one_bad_file_builds_the_others_and_exits_1(tmp_path):
    good = []
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "account.yaml").write_text(MINIMAL.replace("Beta", f"Beta {name}"))
        good.append(tmp_path / name / "account.yaml")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "account.yaml").write_text(MINIMAL + "plan: {executive_sumary: x}\n")
    out = tmp_path / "out"
    result = kam(
        "build", good[0], bad / "account.yaml", *good[1:], "-o", out, "-f", "html", "--jobs", "2"
    )
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "b.html", "c.html"]
    assert "unknown key 'executive_sumary'" in result.stderr
    assert "bad/account.yaml: not built" in result.stderr
    assert result.stderr.count(": wrote ") == 3
    assert "\x1b[" not in result.stderr  # plain lines when not on a terminal


def test_quiet_prints_only_errors_and_verbose_prints_timings(tmp_path):
    entry = tmp_path / "beta.yaml"
    entry.write_text(MINIMAL)
    quiet = kam("build", entry, "-f", "html", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = kam("build", entry, "-f", "html", "--verbose")
    assert "timings: load" in verbose.stderr and "render" in verbose.stderr
    timings = kam("build", entry, "-f", "html", "--timings")
    assert "timings: load" in timings.stderr


def test_no_color_gives_plain_help():
    result = kam("--help", env={"NO_COLOR": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert "build" in result.stdout


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_give_byte_identical_html_and_pdf(tmp_path):
    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        result = kam("build", project / "account.yaml", "-o", out)
        assert result.returncode == 0, result.stderr
    for name in ("ribera.pdf", "ribera.html"):
        assert _sha(first / name) == _sha(second / name), name


def test_source_date_epoch_sets_the_date_of_an_undated_document(tmp_path):
    entry = tmp_path / "beta.yaml"
    entry.write_text(MINIMAL)
    epoch = "1798761600"  # 2027-01-01T00:00:00Z
    result = kam("build", entry, "-f", "html", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0
    assert "January 1, 2027" in (tmp_path / "beta.html").read_text(encoding="utf-8")


def _watching(tmp_path: Path, *options: str, env: dict | None = None):
    """A project p/ whose plan says "First version.", and `kam build --watch` on it."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "account.yaml").write_text(MINIMAL + "plan: plan.yaml\n")
    (project / "plan.yaml").write_text("executive_summary: First version.\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "kam", "build", "account.yaml", "--watch", *options],
        cwd=project, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
    )  # fmt: skip
    process.lines = queue.Queue()  # stderr read by a thread, so a wait can time out

    def read() -> None:
        for line in process.stderr:
            process.lines.put(line)
        process.lines.put("")  # the end of the output

    threading.Thread(target=read, daemon=True).start()
    return project, process


def _next_line(process, text: str, seconds: float = 60) -> str:
    """The next line of the watch's stderr that contains `text` (a generous hang guard:
    the wait ends after `seconds` even when the watch prints nothing)."""
    deadline = time.monotonic() + seconds
    seen = []
    while True:
        try:
            line = process.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        assert line, f"no line with {text!r} in {seen!r}"
        if text in line:
            return line
        seen.append(line)


def _edit(process, path: Path, content: str, expect: str) -> str:
    """Write `content` to `path` and wait for the watch's line with `expect`. An edit
    the file watcher may not have seen yet (it starts watching just after it prints)
    is written once more after 15 s, before the hang guard's 60 s."""
    path.write_text(content)
    try:
        return _next_line(process, expect, 15)
    except AssertionError:
        path.write_text(content)
        return _next_line(process, expect)


def test_watch_rebuilds_a_changed_include(tmp_path):
    project, process = _watching(tmp_path, "-f", "html")
    try:
        output = project / "p.html"
        _next_line(process, "watching for changes")
        assert "First version." in output.read_text(encoding="utf-8")
        time.sleep(0.3)
        # the rebuild event
        _edit(
            process, project / "plan.yaml", "executive_summary: Second version.\n", "wrote p.html"
        )
        assert "Second version." in output.read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_watch_sees_an_edit_saved_before_its_watcher_started(tmp_path):
    """An edit saved the moment the watch says it is watching (before the file watcher
    has started, while the first build's garbage is collected) is rebuilt, once, with
    no second save."""
    project, process = _watching(tmp_path, "-f", "html")
    try:
        _next_line(process, "watching for changes")
        (project / "plan.yaml").write_text("executive_summary: Saved at once.\n")
        _next_line(process, "wrote p.html")
        assert "Saved at once." in (project / "p.html").read_text(encoding="utf-8")
        with pytest.raises(AssertionError):
            _next_line(process, "wrote p.html", 3)  # one rebuild, not one per report
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_watch_rebuilds_an_edit_saved_while_the_first_build_ran(tmp_path):
    """The CLI starts the watch (which notes the inputs) before the first build: an
    edit saved during that build, before any watcher runs, is rebuilt at the start."""
    from kam.pipeline import watch
    from kam.pipeline.batch import Options, build_one

    project = tmp_path / "p"
    project.mkdir()
    (project / "account.yaml").write_text(MINIMAL + "plan: plan.yaml\n")
    (project / "plan.yaml").write_text("executive_summary: First version.\n")
    entry = project / "account.yaml"
    options = Options(formats=("html",))
    stop = threading.Event()
    events = watch.watch([entry], options, stop)
    assert build_one(entry, options).ok  # the first build
    (project / "plan.yaml").write_text("executive_summary: Saved during the build.\n")
    guard = threading.Timer(60, stop.set)  # a generous hang guard
    guard.start()
    try:
        (outcome,) = next(events)
    finally:
        stop.set()
        guard.cancel()
    assert outcome.ok and outcome.entry == entry
    assert "Saved during the build." in (project / "p.html").read_text(encoding="utf-8")


def test_kam_build_watch_notes_the_inputs_before_the_first_build(tmp_path, monkeypatch):
    from kam.cli import build as command
    from kam.pipeline import watch

    order = []
    monkeypatch.setattr(watch, "watch", lambda files, options: order.append("watch") or iter(()))
    monkeypatch.setattr(command, "_build_all", lambda *args: order.append("build") or [])
    monkeypatch.setattr(command, "_watch", lambda *args: order.append("rebuilds"))
    entry = tmp_path / "account.yaml"
    entry.write_text(MINIMAL)
    monkeypatch.setattr(sys, "argv", ["kam", "build", str(entry), "--watch"])
    from kam.cli import main

    with pytest.raises(SystemExit):
        main()
    assert order == ["watch", "build", "rebuilds"]


def test_watch_missed_changes_are_the_inputs_changed_added_or_removed(tmp_path):
    from kam.pipeline import watch

    (tmp_path / "plan.yaml").write_text("a: 1\n")
    (tmp_path / "old.csv").write_text("x\n")
    (tmp_path / "notes.txt").write_text("not an input\n")
    seen = watch._files([tmp_path])
    assert watch._missed(seen, [tmp_path]) == set()
    (tmp_path / "plan.yaml").write_text("a: 22\n")
    (tmp_path / "old.csv").unlink()
    (tmp_path / "new.yaml").write_text("b: 2\n")
    (tmp_path / "notes.txt").write_text("still not an input\n")
    assert watch._missed(seen, [tmp_path]) == {
        (tmp_path / name).absolute() for name in ("plan.yaml", "old.csv", "new.yaml")
    }


def test_watch_lays_out_again_only_the_pages_of_a_changed_pdf_chapter(tmp_path):
    epoch = {"SOURCE_DATE_EPOCH": "1798761600"}
    project, process = _watching(tmp_path, "-f", "pdf", "--timings", env=epoch)

    try:
        first = _next_line(process, "  timings:")
        assert re.search(r"layout \d", first), first  # the first build lays out everything
        _next_line(process, "watching for changes")
        time.sleep(0.3)
        plan = project / "plan.yaml"
        timings = _edit(process, plan, "executive_summary: Second version.\n", "  timings:")
        again = re.search(r"layout \((\d+) of (\d+) pages\)", timings)
        assert again, "the rebuild did not reuse the layout"
        assert 0 < int(again.group(1)) < int(again.group(2))
    finally:
        process.terminate()
        process.wait(timeout=10)
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(project / "p.pdf").pages)
    assert "Second version." in text and "First version." not in text
    cold = tmp_path / "cold"
    result = kam("build", project / "account.yaml", "-f", "pdf", "-o", cold, env=epoch)
    assert result.returncode == 0, result.stderr
    assert (cold / "p.pdf").read_bytes() == (project / "p.pdf").read_bytes()


def test_ci_examples_are_well_formed():
    import yaml

    workflow = yaml.safe_load((EXAMPLES / "ci" / "kam.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["kam"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "kam validate --strict --format github" in runs
    assert "kam build" in runs and "SOURCE_DATE_EPOCH" in runs
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    hooks = yaml.safe_load((EXAMPLES.parent / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"kam-validate", "kam-validate-project"}
    assert all(h["entry"].startswith("kam validate") for h in hooks)


def test_github_format_is_what_the_workflow_relies_on(tmp_path):
    entry = tmp_path / "account.yaml"
    entry.write_text(MINIMAL + "plan: {executive_sumary: x}\n")
    result = kam("validate", "--strict", "--format", "github", "account.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=account.yaml,line=6,col=8::plan.executive_sumary")


def test_watch_does_not_follow_a_link_to_the_root_of_the_disk(tmp_path):
    from kam.pipeline import watch

    project = tmp_path / "p"
    (project / "data" / "deep").mkdir(parents=True)
    os.symlink("/", project / "rootlink")
    assert watch.folders(project.resolve()) == [
        project.resolve(),
        project.resolve() / "data",
        project.resolve() / "data" / "deep",
    ]
    many = tmp_path / "many"
    for index in range(watch.MAX_FOLDERS + 50):
        (many / f"f{index:03}").mkdir(parents=True)
    assert len(watch.folders(many)) == watch.MAX_FOLDERS


def test_watch_rebuilds_with_a_root_link_in_the_project(tmp_path):
    project, process = _watching(tmp_path, "-f", "html")
    os.symlink("/", project / "rootlink")
    try:
        _next_line(process, "watching for changes")
        time.sleep(0.3)
        _edit(
            process, project / "plan.yaml", "executive_summary: Second version.\n", "wrote p.html"
        )
        assert "Second version." in (project / "p.html").read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_watch_follows_a_project_folder_that_is_removed_and_created_again(tmp_path):
    project, process = _watching(tmp_path, "-f", "html")
    try:
        _next_line(process, "watching for changes")
        saved = {p.name: p.read_bytes() for p in project.iterdir() if p.suffix == ".yaml"}
        shutil.rmtree(project)
        _next_line(process, "the project folder is gone; waiting for it to come back")
        project.mkdir()
        for name, data in saved.items():
            (project / name).write_bytes(data)
        (project / "plan.yaml").write_text("executive_summary: Third version.\n")
        # The folder may be rebuilt before the last file is written: wait for the build
        # that saw it (each rebuild prints one line; the guard is generous).
        html, deadline = project / "p.html", time.monotonic() + 120
        while not html.exists() or "Third version." not in html.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the recreated folder was never rebuilt"
            try:
                _next_line(process, "wrote p.html", 15)
            except AssertionError:  # an edit the new folder's watcher did not see yet
                (project / "plan.yaml").write_text("executive_summary: Third version.\n")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_watch_goes_at_most_eight_folders_deep(tmp_path):
    """MAX_DEPTH: a chain of 12 nested folders is watched to the 8th below the project."""
    from kam.pipeline import watch

    project = tmp_path / "p"
    chain = [project]
    for index in range(12):
        chain.append(chain[-1] / f"d{index}")
    chain[-1].mkdir(parents=True)
    assert watch.folders(project) == chain[:9]
