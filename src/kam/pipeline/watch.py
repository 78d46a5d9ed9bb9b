"""Rebuild documents when their inputs change (watchfiles), in one warm process.

Only the project folders are watched, each on its own and without following links
(a `rootlink -> /` inside a project must not make kam watch the whole disk): the
project folder and its real subfolders, to a bounded depth and number. The set is
looked at again after every change and every second, so a new subfolder is picked up,
and a project folder that is removed and created again is watched again (and rebuilt).
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kam.i18n import _
from kam.pipeline import output_paths
from kam.pipeline.batch import Options, Outcome, build_one

#: Files a project's build reads: YAML includes, CSV tables, images, templates, styles.
INPUT_SUFFIXES = {".yaml", ".yml", ".csv", ".xlsx", ".xlsm", ".xls", ".png", ".jpg", ".jpeg"}
INPUT_SUFFIXES |= {".svg", ".j2", ".css"}
MAX_FOLDERS = 200  # folders watched per project
MAX_DEPTH = 8
_SKIP = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache"}


@dataclass
class Notice:
    """Something the user should know while watching (a folder gone, back again)."""

    text: str


def relevant(changed: Path, root: Path, outputs: set[Path]) -> bool:
    """Does a changed file concern the project at `root`? (Our own outputs do not.)"""
    return (
        changed.is_relative_to(root)
        and changed not in outputs
        and changed.suffix.lower() in INPUT_SUFFIXES
        and not changed.name.startswith(".")
    )


def folders(root: Path) -> list[Path]:
    """`root` and its real subfolders (no links), breadth first, within the limits."""
    found = [root]
    queue = [(root, 0)]
    while queue and len(found) < MAX_FOLDERS:
        folder, depth = queue.pop(0)
        if depth >= MAX_DEPTH:
            continue
        try:
            children = sorted(
                entry.path
                for entry in os.scandir(folder)
                if entry.is_dir(follow_symlinks=False) and entry.name not in _SKIP
            )
        except OSError:
            continue
        for child in children[: MAX_FOLDERS - len(found)]:
            found.append(Path(child))
            queue.append((Path(child), depth + 1))
    return found


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = folder.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def watch(
    entries: Sequence[Path],
    options: Options,
    stop: threading.Event | None = None,
) -> Iterator[list[Outcome] | Notice]:
    """Yield the outcomes of each round of rebuilds (and notices), until `stop` is set.

    Where the projects are is settled now, before the first change: by then the working
    folder may be gone."""
    roots = {entry: entry.absolute().parent.resolve() for entry in entries}
    outputs = {
        path.resolve()
        for entry in entries
        for path in output_paths(entry, options.out_dir, options.formats, options.edition).values()
    }
    cwd = os.getcwd()  # entries may be relative to it, and it may be removed and created again
    # The inputs as the first build will read them (call this before it): an edit saved
    # from now on is rebuilt, even one saved before the watcher starts.
    return _rounds(entries, options, stop, roots, outputs, cwd, _inputs(roots))


def _rounds(
    entries: Sequence[Path],
    options: Options,
    stop: threading.Event | None,
    roots: dict[Path, Path],
    outputs: set[Path],
    cwd: str,
    seen: dict[str, tuple[int, int]],
) -> Iterator[list[Outcome] | Notice]:

    def rebuild(affected: Sequence[Path]) -> list[Outcome] | None:
        nonlocal seen
        seen = _inputs(roots)  # as the rebuild reads them
        return [build_one(entry, options) for entry in affected] if _reattach(cwd) else None

    _settle()  # after the first build
    while not (stop and stop.is_set()):
        projects = sorted(set(roots.values()))
        identities = {root: _identity(root) for root in projects}
        present = [root for root in projects if identities[root] is not None]
        watched = _folders(present)
        if not watched:
            yield Notice(_("the project folder is gone; waiting for it to come back"))
            if _wait(stop, projects):
                return
            if outcomes := rebuild(entries):
                yield outcomes
                _settle()
            continue
        starting = True
        for changes in _changes(watched, stop):
            changed = {Path(path).absolute() for _kind, path in changes}
            if starting:  # what changed before the watcher started is not reported
                changed |= _missed(seen, watched)
                starting = False
            affected = [
                entry
                for entry in entries
                if any(relevant(path, roots[entry], outputs) for path in changed)
            ]
            moved = [r for r in projects if _identity(r) != identities[r]]
            if affected and not moved and (outcomes := rebuild(affected)):
                yield outcomes
                _settle()
            if moved or _folders(present) != watched:
                if any(_identity(r) is not None for r in moved):
                    yield Notice(_("a project folder was replaced; watching it again"))
                    if outcomes := rebuild([e for e in entries if roots[e] in moved]):
                        yield outcomes
                        _settle()
                break  # watch the new set of folders


def _folders(projects: Sequence[Path]) -> list[Path]:
    """The folders watched for `projects`: each one's own (see folders)."""
    return [folder for root in projects for folder in folders(root)]


def _inputs(roots: dict[Path, Path]) -> dict[str, tuple[int, int]]:
    """The input files of the projects at `roots` that exist (see _files)."""
    projects = sorted(set(roots.values()))
    return _files(_folders([root for root in projects if _identity(root) is not None]))


def _files(watched: list[Path]) -> dict[str, tuple[int, int]]:
    """The input files in the `watched` folders: their modification time and size."""
    found = {}
    for folder in watched:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if Path(entry.name).suffix.lower() in INPUT_SUFFIXES:
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found[entry.path] = (info.st_mtime_ns, info.st_size)
    return found


def _missed(seen: dict[str, tuple[int, int]], watched: list[Path]) -> set[Path]:
    """The input files changed, added or removed since `seen`: an edit saved between a
    build's reading and the watcher's start (during the first build, the collection
    after a rebuild, a new set of folders) is not reported by the watcher."""
    now = _files(watched)
    return {
        Path(path).absolute()
        for path in seen.keys() | now.keys()
        if seen.get(path) != now.get(path)
    }


def _settle() -> None:
    """Between rebuilds, once their outcomes are reported: collect the last build's
    garbage, then put what survives (the layouts and painted pages kept for the next
    rebuild, hundreds of thousands of objects) out of the cycle collector's reach.
    Otherwise the next rebuild pays for a full collection over them, which reading the
    project triggers (0.27 s instead of 0.05 s for ribera). The command keeps them
    frozen (kam.cycles) until this runs again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _changes(folders: list[Path], stop: threading.Event | None) -> Iterator[set]:
    """The changes in `folders` (an empty set every second). Ends when the watch cannot
    go on: a folder vanished as it was being watched (the caller looks again).

    watchfiles looks for new changes every `step` ms and reports them once a step
    brings none (or after `debounce` ms of changes): an editor's save, even written
    to a temporary file and renamed, is one group. A step of 10 ms reports an edit
    20 ms after it is saved (medians of 12 edits; 31 ms with a step of 20, 48 with 40):
    a warm HTML rebuild of ribera is about 0.1 s, a PDF one 0.8-0.9 s."""
    from watchfiles import watch as watch_files

    try:
        yield from watch_files(
            *folders,
            stop_event=stop,
            debounce=80,
            step=10,
            recursive=False,
            rust_timeout=1000,
            yield_on_timeout=True,
            ignore_permission_denied=True,
        )
    except OSError:
        time.sleep(0.2)  # the folders changed under the watcher; look at them again


def _reattach(cwd: str) -> bool:
    """Make `cwd` the working folder again if it was removed and created again; False
    when it does not exist (relative entry paths cannot be read then)."""
    here, there = _identity(Path(".")), _identity(Path(cwd))
    if there is None:
        return False
    if here != there:
        os.chdir(cwd)
    return True


def _wait(stop: threading.Event | None, projects: list[Path]) -> bool:
    """Wait until a project folder exists again; True when `stop` was set first."""
    event = stop or threading.Event()
    while all(_identity(root) is None for root in projects):
        if event.wait(0.5):
            return True
    return False
