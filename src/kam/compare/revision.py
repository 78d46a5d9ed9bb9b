"""A project as it was at a git revision, read into a temporary folder.

`snapshot(entry, rev)` copies the regular files of the entry's folder (the project
folder: everything it may include lies inside it) as they were at `rev`, and yields
the old entry file in that copy. When the project was in a workspace at `rev` (a
`kam-workspace.yaml` in its folder or above, up to the repository's top), the copy is
of the workspace's folder, the shared files with it. Nothing else of the repository is
read, and the loader looks for no workspace outside the copy. Symbolic
links and submodules in the old tree are left out (the loader refuses links out of a
project, and a link is never written here); paths are the tree's own, checked to stay
inside the copy. The revision is resolved first with `--end-of-options` and
`^{commit}`, and every later git call names the commit by its hash: a revision that
looks like an option, or names anything but a commit, is refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kam.i18n import _
from kam.load import workspace

MAX_REV_CHARS = 200
MAX_SNAPSHOT_BYTES = 2 * 1024**3  # the old project's files, all together
_REGULAR = ("100644", "100755")


class RevisionError(Exception):
    """Why a project cannot be read at a revision (a message for the user)."""


@dataclass(frozen=True)
class Snapshot:
    """The old entry file in the temporary copy, and how to name its files."""

    entry: Path
    folder: Path  # the copy of the project folder (or of its workspace's)
    rev: str  # as the user wrote it
    prefix: str  # that folder in the repository, `examples/ribera/` or ``

    def name(self, path: Path) -> Path:
        """A file of the copy as the user knows it: `HEAD~1:examples/ribera/plan.yaml`."""
        for candidate in (Path(os.path.abspath(path)), Path(path).resolve()):
            if candidate.is_relative_to(self.folder):
                inside = candidate.relative_to(self.folder).as_posix()
                return Path(f"{self.rev}:{self.prefix}{inside}")
        return path


@contextmanager
def snapshot(entry: Path, rev: str) -> Iterator[Snapshot]:
    """The project of `entry` as it was at `rev`, in a temporary folder removed on exit.
    Raises RevisionError."""
    check_rev(rev)
    git = shutil.which("git")
    if git is None:
        raise RevisionError(_("git is not installed (or not on PATH); --rev needs it"))
    folder = Path(os.path.abspath(entry)).parent
    if not folder.is_dir():
        raise RevisionError(_("the folder of '{entry}' does not exist", entry=entry))
    top = _git(git, folder, "rev-parse", "--show-toplevel", failure=_not_a_repository(folder))
    prefix = _git(git, folder, "rev-parse", "--show-prefix", failure=_not_a_repository(folder))
    commit = _git(
        git, folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}",
        failure=_("'{rev}' is not a revision of the repository at {top}", rev=rev, top=top),
    )  # fmt: skip
    base = _workspace(git, Path(top), commit, prefix)
    files = _tree(git, Path(top), commit, base)
    name = prefix + Path(entry).name
    if name not in files:
        raise RevisionError(
            _("'{name}' is not in revision '{rev}' (it is not committed there)", name=name, rev=rev)
        )
    shown = Path(top, base).name if base != prefix else folder.name
    with tempfile.TemporaryDirectory(prefix="kam-rev-") as tmp, workspace.ceiling(Path(tmp)):
        copy = Path(tmp) / (shown or "project")
        copy.mkdir()
        _extract(git, Path(top), files, base, copy)
        old = copy.joinpath(*PurePosixPath(name[len(base) :]).parts)
        yield Snapshot(old, copy.resolve(), rev, base)


def check_rev(rev: str) -> None:
    """Refuse what is not a revision's name: empty, an option, spaces or control
    characters, or very long."""
    if (
        not rev
        or rev.startswith("-")
        or len(rev) > MAX_REV_CHARS
        or any(c.isspace() or not c.isprintable() for c in rev)
    ):
        raise RevisionError(
            _(
                "'{rev}' is not a revision; name a commit, branch or tag, e.g. HEAD~1 or main",
                rev=rev[:MAX_REV_CHARS],
            )
        )


def _not_a_repository(folder: Path) -> str:
    return _(
        "'{folder}' is not in a git repository; --rev reads the project's files from git",
        folder=folder,
    )


def _git(git: str, cwd: Path, *args: str, failure: str) -> str:
    """Run git; its output's first line, or RevisionError(failure) with git's reason."""
    result = _run(git, cwd, *args)
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"{failure} ({reason[0]})" if reason else failure)
    return result.stdout.decode("utf-8", "replace").strip()


def _run(git: str, cwd: Path, *args: str, data: bytes | None = None):
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        return subprocess.run(
            [git, "--no-pager", *args], cwd=cwd, input=data, capture_output=True, env=env
        )
    except OSError as exc:
        raise RevisionError(_("cannot run git: {reason}", reason=exc.strerror or exc)) from None


def _workspace(git: str, top: Path, commit: str, prefix: str) -> str:
    """The folder (a prefix) to copy: the nearest folder from the project's up to the
    repository's top that holds a workspace file (a regular one) at `commit`, or the
    project's."""
    parts = PurePosixPath(prefix).parts
    folders = ["".join(part + "/" for part in parts[:n]) for n in range(len(parts), -1, -1)]
    candidates = [folder + workspace.FILE for folder in folders]
    args = ("--literal-pathspecs", "ls-tree", "-z", "--full-tree", commit, "--", *candidates)
    result = _run(git, top, *args)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip())
    found = {}
    for record in result.stdout.split(b"\0"):
        meta, _tab, path = record.partition(b"\t")
        if meta:
            found[path.decode("utf-8", "surrogateescape")] = meta.decode("ascii").split()[0]
    for folder, candidate in zip(folders, candidates, strict=True):
        if candidate in found:
            return folder if found[candidate] in _REGULAR else prefix
    return prefix


def _tree(git: str, top: Path, commit: str, prefix: str) -> dict[str, str]:
    """The regular files under `prefix` at `commit`: path → blob hash."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    result = _run(git, top, *args)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip())
    files = {}
    for record in result.stdout.split(b"\0"):
        if not record:
            continue
        meta, _tab, path = record.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        if kind == "blob" and mode in _REGULAR:
            files[path.decode("utf-8", "surrogateescape")] = blob
    return files


def _extract(git: str, top: Path, files: dict[str, str], prefix: str, copy: Path) -> None:
    """Write each file into `copy`, read from git in one batch."""
    names = list(files)
    data = "".join(f"{files[n]}\n" for n in names).encode("ascii")
    result = _run(git, top, "cat-file", "--batch", data=data)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode("utf-8", "replace").strip())
    out, at, total = result.stdout, 0, 0
    for name in names:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        body = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        total += size
        if total > MAX_SNAPSHOT_BYTES:
            raise RevisionError(_("the project's files at this revision are too large to read"))
        _write(copy, PurePosixPath(name[len(prefix) :]), body)


def _write(copy: Path, relative: PurePosixPath, body: bytes) -> None:
    """Write one file inside `copy`; a path that would leave it is skipped."""
    if relative.is_absolute() or any(part in ("", ".", "..") for part in relative.parts):
        return
    target = copy.joinpath(*relative.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(copy.resolve()):
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
