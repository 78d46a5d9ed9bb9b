"""Load: files → plain values with positions, and the project files they name.

Input: the entry file (`account.yaml`). Output: `Loaded`, the document as plain
values (dicts, lists, strings, numbers) with the file, line and column of each, ready
for validation; plus what the document names beyond YAML, read and checked here: the
CSV tables (`tables`), the logo (`images`) and the project's own `templates/`
(`overrides`, `stylesheet`). Problems are collected, never raised. Every file read is
a regular file inside the project folder (`paths`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kam.i18n import set_language
from kam.limits import MAX_DOCUMENT_CHARS
from kam.load import images, overrides, tables
from kam.load.paths import PathRefused, resolve_inside
from kam.load.yamlsource import Loc, Source, parse_yaml
from kam.problems import Pos, Problems
from kam.registry import INCLUDED_PARTS


@dataclass
class Loaded:
    """A document's raw data, where each value came from, and the project files it
    names, read and checked."""

    entry: Path
    root: Path  # the project folder: the entry file's folder
    source: Source
    problems: Problems = field(default_factory=Problems)
    parsed: bool = False  # the YAML of every file was read: the data can be validated
    tables: tables.Tables = field(default_factory=tables.Tables)
    logo: images.Logo | None = None
    templates: overrides.Overrides | None = None  # the project's own templates/

    @property
    def data(self) -> object:
        return self.source.value


def load(entry: Path) -> Loaded:
    """Read `entry` and everything it includes; problems are collected, not raised."""
    entry = Path(entry)
    problems = Problems()
    set_language(None)  # until the document's locale is read: the environment's
    # The project folder is the folder the entry file is in, not where a link points.
    root = entry.absolute().parent.resolve()
    loaded = Loaded(entry=entry, root=root, source=Source(), problems=problems)
    if not entry.exists():
        problems.error(f"file '{entry}' does not exist", None)
        return loaded
    if not entry.is_file():
        problems.error(f"'{entry}' is not a regular file", None)
        return loaded
    if not entry.resolve().is_relative_to(root):
        problems.error(
            f"'{entry}' is a link to a file outside its folder ({entry.resolve()}); "
            "kam reads only files inside the project folder: copy the file there",
            None,
        )
        return loaded
    source = parse_yaml(entry, problems)
    if source is None:
        return loaded
    loaded.source = source
    if isinstance(source.value, dict) and isinstance(source.value.get("locale"), str):
        set_language(source.value["locale"])  # messages from here on: the document's
    if not isinstance(source.value, dict):
        problems.error(
            f"the file holds {_kind(source.value)}; it should hold a mapping of keys "
            "such as 'kam: 1', 'locale: es', 'company:', 'account:'",
            source.pos(()),
        )
        return loaded
    for key in INCLUDED_PARTS:
        value = source.value.get(key)
        if isinstance(value, str):
            _include(loaded, (key,), value, entry)
    _check_text_size(loaded)
    loaded.parsed = not problems.errors
    # The files the document names are read even when its YAML has mistakes: every
    # mistake of a document is reported in one run.
    _read_purchases(loaded)
    _read_customers(loaded)
    _read_logo(loaded)
    loaded.templates = overrides.read(root, entry.parent, problems)
    return loaded


def _check_text_size(loaded: Loaded) -> None:
    """Refuse a document with more text than MAX_DOCUMENT_CHARS (about a thousand
    pages, which take minutes to lay out), at the file that holds the most of it."""
    by_file: dict[Path, int] = {loaded.entry: 0}
    for key, value in loaded.source.value.items():  # type: ignore[union-attr]
        by_file[loaded.entry] += len(key)
        pos = loaded.source.pos((key,))  # the included file, for an include
        where = pos.file if pos is not None else loaded.entry
        by_file[where] = by_file.get(where, 0) + _text_size(value)
    total = sum(by_file.values())
    if total > MAX_DOCUMENT_CHARS:
        biggest = max(by_file, key=by_file.__getitem__)
        loaded.problems.error(
            f"the document holds {total:,} characters of text ({by_file[biggest]:,} in this "
            f"file); the limit is {MAX_DOCUMENT_CHARS:,}",
            Pos(biggest, 1, 1),
        )


def _text_size(value: object) -> int:
    """Characters of text in `value`: its strings and keys (iteratively; the YAML
    reader already bounded the nesting and the number of values)."""
    size, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            size += len(item)
        elif isinstance(item, dict):
            size += sum(len(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return size


def _kind(value: object) -> str:
    return {
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }.get(type(value), "no mapping")


def _include(loaded: Loaded, loc: Loc, name: str, including: Path) -> None:
    problems = loaded.problems
    pos = loaded.source.pos(loc)
    try:
        path = resolve_inside(loaded.root, including.parent, name)
    except PathRefused as exc:
        problems.error(str(exc), pos, key=".".join(map(str, loc)))
        loaded.source.value[loc[0]] = None  # type: ignore[index]
        return
    display = _display(loaded, path)
    sub = parse_yaml(display, problems, loc)
    if sub is None:
        loaded.source.value[loc[0]] = None  # type: ignore[index]
        return
    if not isinstance(sub.value, dict):
        problems.error(
            f"the file holds {_kind(sub.value)}; it should hold the keys of '{loc[0]}'",
            sub.pos(()),
        )
        loaded.source.value[loc[0]] = None  # type: ignore[index]
        return
    loaded.source.graft(loc, sub)


def _display(loaded: Loaded, path: Path) -> Path:
    """A path to show in messages: relative to the entry file's folder as given."""
    try:
        return loaded.entry.parent / path.relative_to(loaded.root)
    except ValueError:
        return path


def project_file(loaded: Loaded, loc: Loc, name: str) -> Path | None:
    """Resolve a file named at `loc` (relative to the YAML file that names it)."""
    pos = loaded.source.pos(loc)
    base = pos.file.resolve().parent if pos else loaded.root
    try:
        path = resolve_inside(loaded.root, base, name)
    except PathRefused as exc:
        loaded.problems.error(str(exc), pos, key=".".join(map(str, loc)))
        return None
    return _display(loaded, path)


def _read_customers(loaded: Loaded) -> None:
    """Read the table of `portfolio.customers: {csv: ...}`. It is checked as it is
    read and kept by column beside the document, which keeps `{csv: ...}`: a
    portfolio has up to a million customers, too many for a model each."""
    portfolio = loaded.source.value.get("portfolio")  # type: ignore[union-attr]
    if not isinstance(portfolio, dict):
        return
    customers = portfolio.get("customers")
    if not (isinstance(customers, dict) and set(customers) == {"csv"}):
        return
    if not isinstance(customers["csv"], str):
        return
    loc = ("portfolio", "customers", "csv")
    path = project_file(loaded, loc, customers["csv"])
    if path is None:
        return
    loaded.tables.customers = tables.read_customers(path, loaded.problems)


def _read_purchases(loaded: Loaded) -> None:
    """Read the lines of `analysis.purchase_history: {csv: ...}`, aggregated as they are
    read (a file may hold millions)."""
    name = _raw(loaded, ("analysis", "purchase_history", "csv"))
    if isinstance(name, str):
        path = project_file(loaded, ("analysis", "purchase_history", "csv"), name)
        if path is not None:
            loaded.tables.purchases = tables.read_purchases(path, loaded.problems)


def _read_logo(loaded: Loaded) -> None:
    """Read and check the cover logo: `theme.logo`, or else `company.logo`."""
    for loc in (("theme", "logo"), ("company", "logo")):
        name = _raw(loaded, loc)
        if not isinstance(name, str):
            continue
        path = project_file(loaded, loc, name)
        if path is None:
            return
        refused = images.check_logo(path, name)
        if refused:
            loaded.problems.error(refused, loaded.source.pos(loc), key=".".join(loc))
            return
        media_type = images.MEDIA_TYPES[path.suffix.lower()]
        loaded.logo = images.Logo(path, path.read_bytes(), media_type)
        return


def _raw(loaded: Loaded, loc: Loc) -> object:
    """The raw value at `loc`, or None where the data has no such key."""
    value = loaded.source.value
    for part in loc:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
