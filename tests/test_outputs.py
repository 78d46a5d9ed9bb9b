"""A build writes all of its outputs or none: a failure at any point leaves the previous
PDF and HTML as they were, and no temporary file behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.pipeline import output_name
from kam.pipeline import outputs as output

MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "account.yaml").write_text(MINIMAL + "plan: {executive_summary: New version.}\n")
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_folder_where_the_html_goes_fails_before_the_pdf_is_replaced(project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.pdf").write_bytes(b"old pdf")
    (out / "p.html").mkdir()
    result = CliRunner().invoke(app, ["build", str(project / "account.yaml"), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"cannot write {out / 'p.html'}: it is a folder; choose a folder you can write to with -o"
    )
    assert (out / "p.pdf").read_bytes() == b"old pdf"
    assert _leftovers(out) == []


def test_dev_null_as_the_output_folder_is_a_clean_error(project):
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", "/dev/null", "-f", "html"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("cannot write /dev/null/p.html: ")
    assert result.stderr.splitlines()[0].endswith("; choose a folder you can write to with -o")


def test_an_output_folder_under_a_file_is_a_clean_error(project, tmp_path):
    """`-o notes.txt/sub`: no folder can be made there (chmod does not stop root)."""
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(notes / "sub"), "-f", "html"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == (
        f"cannot write {notes / 'sub' / 'p.html'}: Not a directory; choose a folder you can "
        "write to with -o"
    )
    assert notes.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "p"]


def test_a_read_only_output_folder_leaves_the_outputs_as_they_were(project, tmp_path, monkeypatch):
    """No file can be created in out/ (a read-only file system): the temporary file is
    refused, the build exits 1 and the previous outputs are untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.pdf").write_bytes(b"old pdf")
    (out / "p.html").write_text("old html")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    real = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).parent == out and flags & os.O_CREAT:
            raise OSError(30, "Read-only file system", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(out), "-f", "html"]
    )
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"cannot write {out / 'p.html'}: Read-only file system; choose a folder you can write "
        "to with -o"
    )
    assert (out / "p.pdf").read_bytes() == b"old pdf"
    assert (out / "p.html").read_text() == "old html"
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_a_rename_that_fails_puts_the_first_output_back(project, tmp_path, monkeypatch):
    """The second rename fails (a read-only folder, say): the first output is restored."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.pdf").write_bytes(b"old pdf")
    (out / "p.html").write_text("old html")
    real = os.replace
    renames = []

    def replace(source, target):
        if str(source).endswith(".tmp"):
            renames.append(Path(target).name)
            if len(renames) == 2:
                raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = CliRunner().invoke(app, ["build", str(project / "account.yaml"), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert len(renames) == 2
    assert "Permission denied; choose a folder you can write to with -o" in result.stderr
    assert (out / "p.pdf").read_bytes() == b"old pdf"
    assert (out / "p.html").read_text() == "old html"
    assert _leftovers(out) == []


def test_a_full_disk_while_writing_leaves_nothing_behind(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.html").write_text("old html")

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)  # every output is written as bytes
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(out), "-f", "html"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"cannot write {out / 'p.html'}: No space left on device; choose a folder you can "
        "write to with -o"
    )
    monkeypatch.undo()
    assert (out / "p.html").read_text() == "old html"
    assert _leftovers(out) == []


def _interrupt_while_laying_out(entry: Path, out: Path, signum: int) -> subprocess.Popen | None:
    """Start a build and send `signum` while its PDF is being laid out; None when the
    moment was missed (the process is then left to finish).

    Deterministic on a loaded machine: once the temporary PDF appears the process is
    stopped (SIGSTOP), and the signal is sent only if the file is still there and
    still empty (WeasyPrint has not begun writing it: the layout is under way, long
    before the outputs are renamed into place); then the process continues."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kam", "build", str(entry), "-o", str(out)],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120  # a hang guard: the temporary PDF appears in seconds
    prefix = f".{output_name(entry)}.pdf."
    while not (temporary := [p for p in out.iterdir() if p.name.startswith(prefix)]):
        if process.poll() is not None:
            return _missed(process)
        assert time.monotonic() < deadline, "the PDF stage never began"
        time.sleep(0.005)
    process.send_signal(signal.SIGSTOP)
    _wait_until_stopped(process.pid)
    try:
        laying_out = temporary[0].stat().st_size == 0
    except FileNotFoundError:
        laying_out = False
    if laying_out:
        process.send_signal(signum)  # pending until the process continues
    process.send_signal(signal.SIGCONT)
    return process if laying_out else _missed(process)


def _wait_until_stopped(pid: int) -> None:
    """SIGSTOP takes effect a moment after kill() returns: wait for the state T."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + 30
    while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] not in "TtZX":
        assert time.monotonic() < deadline, "the process did not stop"
        time.sleep(0.001)


def _missed(process: subprocess.Popen) -> None:
    process.wait(timeout=120)
    process.stderr.close()
    return None


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"]
)
def test_a_signal_during_the_pdf_stage_leaves_no_temporary_file(project, tmp_path, signum):
    out = tmp_path / "out"
    for _attempt in range(5):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        (out / "p.pdf").write_bytes(b"old pdf")
        process = _interrupt_while_laying_out(project / "account.yaml", out, signum)
        if process is not None:
            break
    else:
        pytest.fail("five builds ended before the signal could be sent while laying out")
    code, stderr = process.wait(timeout=120), process.stderr.read()
    assert code == 128 + signum, stderr
    assert stderr.splitlines()[-1] == (
        "kam: interrupted; no output was written by the build in progress"
    )
    assert _leftovers(out) == []
    assert (out / "p.pdf").read_bytes() == b"old pdf"
    assert not (out / "p.html").exists()


def test_a_signal_after_the_command_has_ended_is_no_traceback():
    """A Ctrl-C that arrives once the command is done (as the process exits) ends it
    quietly with 130, never an unhandled KeyboardInterrupt (a traceback, exit -2)."""
    script = (
        "import os, signal, sys\n"
        "import kam.cli\n"
        "sys.argv = ['kam', '--version']\n"
        "kam.cli.app = lambda: None  # a command that ends at once\n"
        "real_exit = sys.exit\n"
        "def late_exit(code):\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # as main() is about to exit\n"
        "    real_exit(code)\n"
        "sys.exit = late_exit\n"
        "kam.cli.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""


def test_a_swallowed_signal_still_stops_the_commit(tmp_path, monkeypatch):
    """WeasyPrint draws SVG inside `except BaseException`: the recorded signal still counts."""
    from kam import interrupt

    with output.Outputs() as outputs, pytest.raises(SystemExit) as stopped:
        outputs.write_text(tmp_path / "a.html", "new")
        monkeypatch.setattr(interrupt, "received", signal.SIGTERM)  # as if the handler ran
        outputs.commit()
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
