"""Write a build's outputs all or nothing.

Each output is written to a temporary file beside its target; only when every one of
them is complete are they renamed into place, together. A failure at any point (an
error, a full disk, a folder where a file should go, SIGTERM) leaves the previous files
as they were and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from pathlib import Path

from kam import interrupt
from kam.i18n import N_, _

#: Why a file cannot be written, in the user's language (in English, the C library's
#: own words); other reasons are given as the system gives them.
_REASONS = {
    errno.EISDIR: N_("it is a folder"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENOENT: N_("No such file or directory"),
}


class OutputError(OSError):
    """An output cannot be written; the message says which and why."""

    @property
    def message(self) -> str:
        """The message as written, in the user's language, with its English source
        (the stable code of JSON reports) where str() would lose it."""
        return self.args[0] if self.args else str(self)


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
        """A new temporary file for `target`, in the same folder (so renaming is atomic).

        The file is listed before it is created: a signal arriving the instant after it
        is created (the handlers raise at once) still finds it listed, and removed."""
        target = Path(target)
        try:
            if target.is_dir():
                raise IsADirectoryError(21, "it is a folder")
            target.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # the folder, or one above it, is a file (/dev/null)
            raise output_error(target, NotADirectoryError(errno.ENOTDIR, "")) from None
        except OSError as exc:
            raise output_error(target, exc) from None
        while True:
            tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
            self.staged.append((target, tmp))
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                return tmp
            except FileExistsError:
                self.staged.pop()  # another file's name: not ours to remove
            except OSError as exc:
                self.staged.pop()
                raise output_error(target, exc) from None

    def write_text(self, target: Path, text: str) -> None:
        self.write_bytes(target, text.encode("utf-8"))

    def write_bytes(self, target: Path, data: bytes) -> None:
        tmp = self.stage(target)
        try:
            tmp.write_bytes(data)
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
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    reason = _(known) if known else exc.strerror or str(exc)
    return OutputError(
        _(
            "cannot write {path}: {reason}; choose a folder you can write to with -o",
            path=target,
            reason=reason,
        )
    )


def write_text_atomic(target: Path, text: str) -> None:
    with Outputs() as outputs:
        outputs.write_text(target, text)
        outputs.commit()
