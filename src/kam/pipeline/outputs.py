"""Write a build's outputs all or nothing.

Each output is written to a temporary file beside its target; only when every one of
them is complete are they renamed into place, together. A failure at any point (an
error, a full disk, a folder where a file should go, SIGTERM) leaves the previous files
as they were and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kam import interrupt


class OutputError(OSError):
    """An output cannot be written; the message says which and why."""


class Outputs:
    """The files of one build. Use as a context manager: what is not committed when the
    block ends is removed."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (target, temporary file)
        interrupt.reset()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def stage(self, target: Path) -> Path:
        """A new temporary file for `target`, in the same folder (so renaming is atomic)."""
        target = Path(target)
        try:
            if target.is_dir():
                raise IsADirectoryError(21, "it is a folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise output_error(target, exc) from None
        os.close(fd)
        tmp = Path(name)
        self.staged.append((target, tmp))
        return tmp

    def write_text(self, target: Path, text: str) -> None:
        tmp = self.stage(target)
        try:
            tmp.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise output_error(target, exc) from None

    def commit(self) -> list[Path]:
        """Rename every staged file into place; on failure restore what was there."""
        interrupt.check()  # an interrupted build writes nothing, even if the signal was swallowed
        done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file)
        try:
            for target, tmp in self.staged:
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.chmod(tmp, 0o644)
                if target.is_dir():
                    raise IsADirectoryError(21, "it is a folder", str(target))
            for target, tmp in self.staged:
                backup = _backup(target)
                try:
                    os.replace(tmp, target)
                except OSError:
                    if backup is not None:
                        backup.unlink()
                    raise
                done.append((target, backup))
        except OSError as exc:
            for target, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            raise output_error(Path(exc.filename or self.staged[len(done)][0]), exc) from None
        for _target, backup in done:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
        written = [target for target, _tmp in self.staged]
        self.staged = []
        return written

    def discard(self) -> None:
        for _target, tmp in self.staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.staged = []


def _backup(target: Path) -> Path | None:
    """A hard link to the current `target` (None when there is none), to put it back."""
    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(target, backup)
    except OSError:
        return None  # no hard links here (some file systems): the old file cannot come back
    return backup


def output_error(target: Path, exc: OSError) -> OutputError:
    """Why `target` cannot be written, and what to do."""
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {target}: {reason}; choose a folder you can write to with -o")


def write_text_atomic(target: Path, text: str) -> None:
    with Outputs() as outputs:
        outputs.write_text(target, text)
        outputs.commit()
