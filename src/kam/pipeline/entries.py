"""Which documents read a changed file: `kam validate --changed`, the pre-commit hook.

A commit changes files (`plan.yaml`, a CSV table, the logo, a workspace's shared
customers); what must be checked are the documents that read them. A document is an
entry file: one named `account.yaml` (or `.yml`), or any YAML file with a top-level
`kam:` key. A changed file maps to:
- itself, when it is a document;
- each document in its folder or a folder above it (up to the top of the git
  repository; outside one, up to the current folder) that reads it: through an
  include (`plan: plan.yaml`), a table (`csv:` or `xlsx:`), the logo, or its
  `templates/` folder;
- inside a workspace (a `kam-workspace.yaml` above it), each document below the
  workspace root that reads it; a changed `kam-workspace.yaml` maps to every
  document below it.
A document whose YAML cannot be read counts as reading every file below its folder:
checking it reports its own mistake. The names are only compared, never opened
beyond the YAML files of the documents: `kam validate` then reads them with the
loader's rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kam.load import workspace
from kam.load.overrides import FOLDER as TEMPLATES
from kam.load.yamlsource import parse_yaml
from kam.problems import Problems
from kam.registry import INCLUDED_PARTS

ENTRY_NAMES = ("account.yaml", "account.yml")
YAML_SUFFIXES = (".yaml", ".yml")
_KAM_KEY = re.compile(r"^kam[ \t]*:", re.MULTILINE)
_GLANCE = 1 << 20  # how much of a YAML file is read to see whether it is a document
_SKIPPED = {"node_modules", "__pycache__"}  # and hidden folders: never documents' homes


def affected(changed: Iterable[Path]) -> list[Path]:
    """The documents that read any of the `changed` files, each once, in the order
    they were found; named from the current folder where they are below it."""
    found: dict[Path, Path] = {}
    seen = _Seen()
    for path in changed:
        for entry in _readers(Path(path), seen):
            found.setdefault(entry, _shown(entry))
    return list(found.values())


class _Seen:
    """What one call has already read: each document's files, each workspace's documents."""

    def __init__(self) -> None:
        self.reads: dict[Path, set[Path] | None] = {}
        self.below: dict[Path, list[Path]] = {}


def is_document(path: Path) -> bool:
    """An entry file: `account.yaml`, or a YAML file with a top-level `kam:` key."""
    if path.name in ENTRY_NAMES:
        return path.is_file()
    if path.suffix.lower() not in YAML_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            text = handle.read(_GLANCE).decode("utf-8", errors="replace")
    except OSError:
        return False
    return _KAM_KEY.search(text) is not None


def _readers(changed: Path, seen: _Seen) -> Iterator[Path]:
    """The documents (resolved) that read `changed`."""
    target = changed.absolute().resolve()
    if is_document(target):
        yield target
    for entry in dict.fromkeys(_candidates(target, seen)):
        if entry == target:
            continue
        if entry not in seen.reads:
            seen.reads[entry] = reads(entry)
        named = seen.reads[entry]
        if named is None:  # its YAML cannot be read: it may read anything below it
            if target.is_relative_to(entry.parent):
                yield entry
        elif target in named or target.is_relative_to(entry.parent / TEMPLATES):
            yield entry


def _candidates(target: Path, seen: _Seen) -> Iterator[Path]:
    """Documents that may read `target`: in its folder and above (to the repository's
    top), and below its workspace root."""
    folder = target.parent
    top = _top(folder)
    for place in (folder, *folder.parents):
        yield from _documents_in(place)
        if place == top:
            break
    found = workspace.find(folder, folder)
    if found is not None:
        if found.root not in seen.below:
            seen.below[found.root] = list(_documents_below(found.root))
        yield from seen.below[found.root]


def _documents_below(root: Path) -> Iterator[Path]:
    for place, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        yield from _documents_in(Path(place))


def _top(folder: Path) -> Path:
    """How far up documents are looked for: the top of the git repository holding
    `folder`; outside one, the current folder when `folder` is below it, else `folder`."""
    for place in (folder, *folder.parents):
        if os.path.lexists(place / ".git"):
            return place
    here = Path.cwd().resolve()
    return here if folder.is_relative_to(here) else folder


def _documents_in(folder: Path) -> Iterator[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        path = folder / name
        if (name in ENTRY_NAMES or name.lower().endswith(YAML_SUFFIXES)) and is_document(path):
            yield path.resolve()


def reads(entry: Path) -> set[Path] | None:
    """The files (resolved) the document `entry` names: itself, its includes, its
    tables and logo, its workspace file and the files that names; None when the entry's
    YAML cannot be read."""
    problems = Problems()  # the mistakes are kam validate's to report
    source = parse_yaml(entry, problems)
    if source is None or not isinstance(source.value, dict):
        return None
    named = {entry}
    _named_in(source.value, entry.parent, named)
    for key in INCLUDED_PARTS:
        name = source.value.get(key)
        if isinstance(name, str) and name.strip():
            path = (entry.parent / name).resolve()
            named.add(path)
            included = parse_yaml(path, problems) if path.is_file() else None
            if included is not None:
                _named_in(included.value, path.parent, named)
    found = workspace.find(entry.parent, entry.parent)
    if found is not None:
        file = found.root / workspace.FILE
        named.add(file)
        shared = parse_yaml(file, problems) if file.is_file() else None
        if shared is not None:
            _named_in(shared.value, found.root, named)
    return named


def _named_in(value: object, base: Path, named: set[Path]) -> None:
    """Add the files named by `csv:`, `xlsx:` or `logo:` anywhere in `value`."""
    for mapping in _mappings(value):
        for key in ("csv", "xlsx", "logo"):
            name = mapping.get(key)
            if isinstance(name, str) and name.strip() and "\x00" not in name:
                named.add((base / name).resolve())


def _mappings(value: object) -> Iterator[dict]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _shown(entry: Path) -> Path:
    """`entry` relative to the current folder when it is below it (as messages name
    files), else in full."""
    try:
        return entry.relative_to(Path.cwd().resolve())
    except ValueError:
        return entry
