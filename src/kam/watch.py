"""Rebuild documents when their inputs change (watchfiles), in one warm process."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from kam.batch import Options, Outcome, build_one
from kam.build import output_name

#: Files a project's build reads: YAML includes, CSV tables, images, templates, styles.
INPUT_SUFFIXES = {".yaml", ".yml", ".csv", ".png", ".jpg", ".jpeg", ".svg", ".j2", ".css"}


def _outputs(entry: Path, options: Options) -> set[Path]:
    folder = (options.out_dir or entry.parent).resolve()
    name = output_name(entry)
    return {folder / f"{name}.{fmt}" for fmt in options.formats}


def relevant(changed: Path, root: Path, outputs: set[Path]) -> bool:
    """Does a changed file concern the project at `root`? (Our own outputs do not.)"""
    return (
        changed.is_relative_to(root)
        and changed not in outputs
        and changed.suffix.lower() in INPUT_SUFFIXES
        and not changed.name.startswith(".")
    )


def watch(
    entries: Sequence[Path],
    options: Options,
    stop: threading.Event | None = None,
) -> Iterator[list[Outcome]]:
    """Yield the outcomes of each round of rebuilds, until `stop` is set."""
    from watchfiles import watch as watch_files

    roots = {entry: entry.resolve().parent for entry in entries}
    outputs = set().union(*(_outputs(entry, options) for entry in entries))
    folders = sorted(set(roots.values()))
    for changes in watch_files(*folders, stop_event=stop, debounce=80, step=40):
        changed = {Path(path).resolve() for _kind, path in changes}
        affected = [
            entry
            for entry in entries
            if any(relevant(path, roots[entry], outputs) for path in changed)
        ]
        if affected:
            yield [build_one(entry, options) for entry in affected]
