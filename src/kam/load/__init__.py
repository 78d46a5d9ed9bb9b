"""Load: files → plain values with positions, and the project files they name.

Input: the entry file (`account.yaml`). Output: `Loaded`, the document as plain
values (dicts, lists, strings, numbers) with the file, line and column of each, ready
for validation; plus what the document names beyond YAML, read and checked here: the
CSV tables (`tables`), the logo (`images`) and the project's own `templates/`
(`overrides`, `stylesheet`). Problems are collected, never raised. Every file read is
a regular file inside the project folder (`paths`), or inside its workspace: the
folder of a `kam-workspace.yaml` above it, whose shared values the document inherits
(`workspace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kam.i18n import _, set_language
from kam.limits import MAX_DOCUMENT_CHARS
from kam.load import images, overrides, tables, workspace
from kam.load.cells import reads_dates
from kam.load.csvfile import check_encoding
from kam.load.paths import PathRefused, resolve_inside
from kam.load.yamlsource import Loc, Source, parse_yaml, raw_language
from kam.problems import Pos, Problems, key_path
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
    workspace: workspace.Workspace | None = None  # the kam-workspace.yaml above, if any

    @property
    def data(self) -> object:
        return self.source.value

    @property
    def boundary(self) -> Path:
        """The folder every file the document names must be inside: its workspace's
        root, or else the project folder."""
        if self.workspace is not None and self.workspace.usable:
            return self.workspace.root
        return self.root


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
        set_language(raw_language(entry))  # what follows speaks as its syntax errors did
        _workspace(loaded)  # its mistakes too: every mistake in one run
        return loaded
    loaded.source = source
    if isinstance(source.value, dict) and isinstance(source.value.get("locale"), str):
        set_language(source.value["locale"])  # messages from here on: the document's
    shared = _workspace(loaded)
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
    if shared is not None:
        workspace.inherit(source, shared)
    _check_text_size(loaded)
    loaded.parsed = not problems.errors
    # The files the document names are read even when its YAML has mistakes: every
    # mistake of a document is reported in one run.
    _read_purchases(loaded)
    _read_customers(loaded)
    _read_logo(loaded)
    loaded.templates = overrides.read(loaded.boundary, entry.parent, problems)
    return loaded


def _workspace(loaded: Loaded) -> Source | None:
    """Find the document's workspace, and read its shared values (None when there is
    none, or its file has a mistake). Without a `locale:` of its own, the document
    speaks the workspace's from here on."""
    found = workspace.find(loaded.root, loaded.entry.parent)
    if found is None:
        return None
    loaded.workspace = workspace.checked(found, loaded.problems)
    shared = workspace.read(loaded.workspace, loaded.problems)
    own = loaded.source.value
    if shared is not None and isinstance(own, dict) and "locale" not in own:
        locale = shared.value.get("locale")  # type: ignore[union-attr]
        if isinstance(locale, str):
            set_language(locale)
    return shared


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
        path = resolve_inside(loaded.boundary, including.parent, name)
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
        if path.is_relative_to(loaded.boundary):  # in the workspace
            return workspace.display(loaded.root, loaded.entry.parent, path)
        return path


def project_file(loaded: Loaded, loc: Loc, name: str) -> Path | None:
    """Resolve a file named at `loc` (relative to the YAML file that names it)."""
    pos = loaded.source.pos(loc)
    base = pos.file.resolve().parent if pos else loaded.root
    if pos and loaded.workspace and pos.file == loaded.workspace.file:
        base = loaded.workspace.root  # even when the workspace file is a link
    try:
        path = resolve_inside(loaded.boundary, base, name)
    except PathRefused as exc:
        loaded.problems.error(str(exc), pos, key=".".join(map(str, loc)))
        return None
    return _display(loaded, path)


def _read_customers(loaded: Loaded) -> None:
    """Read the table of `portfolio.customers: {csv: ...}` (or `{xlsx: ...}`). It is
    checked as it is read and kept by column beside the document, which keeps the
    mapping: a portfolio has up to a million customers, too many for a model each."""
    found = _table_file(loaded, ("portfolio", "customers"), tables.CUSTOMER_COLUMNS)
    if found is not None:
        path, options = found
        loaded.tables.customers = tables.read_customers(path, loaded.problems, options)


def _read_purchases(loaded: Loaded) -> None:
    """Read the lines of `analysis.purchase_history: {csv: ...}` (or `{xlsx: ...}`),
    aggregated as they are read (a file may hold millions)."""
    found = _table_file(loaded, ("analysis", "purchase_history"), tables.PURCHASE_COLUMNS)
    if found is not None:
        path, options = found
        loaded.tables.purchases = tables.read_purchases(path, loaded.problems, options)


def _table_file(
    loaded: Loaded, loc: Loc, columns: tuple[str, ...]
) -> tuple[Path, tables.TableOptions] | None:
    """The file a table names (`csv:` or `xlsx:`) and how to read it; None when there
    is none, or its options are wrong (said here, at their place, or by validation)."""
    raw = _raw(loaded, loc)
    if not isinstance(raw, dict):
        return None
    kinds = [kind for kind in ("csv", "xlsx") if isinstance(raw.get(kind), str)]
    if len(kinds) != 1:
        if not kinds and loc == ("portfolio", "customers") and not {"csv", "xlsx"} & set(raw):
            loaded.problems.error(
                _("give the customers as 'csv: path', 'xlsx: path' or a list of rows"),
                loaded.source.pos(loc),
                key=key_path(loc),
            )
        elif len(kinds) == 2:
            loaded.problems.error(
                _("give either 'csv' or 'xlsx', not both"),
                loaded.source.pos(loc + ("xlsx",)),
                key=key_path(loc + ("xlsx",)),
            )
        return None
    kind = kinds[0]
    options = _table_options(loaded, loc, raw, kind, columns)
    path = project_file(loaded, loc + (kind,), raw[kind])
    if options is None or path is None:
        return None
    return path, options


def _table_options(
    loaded: Loaded, loc: Loc, raw: dict, kind: str, columns: tuple[str, ...]
) -> tables.TableOptions | None:
    """The options beside the file's name, checked; None when one is wrong."""
    wrong = _option_problems(raw, kind, columns)
    for key, message in wrong:
        where = loc + (key if isinstance(key, tuple) else (key,))
        loaded.problems.error(message, loaded.source.pos(where), key=key_path(where))
    values = {key: raw.get(key) for key in ("decimal", "date_format", "encoding", "sheet")}
    mapping, encoding = raw.get("columns"), values["encoding"]
    if wrong or not _plain_options(values, mapping):
        return None  # what validation will say about their types
    locale = loaded.source.value.get("locale")  # type: ignore[union-attr]
    return tables.TableOptions(
        locale=locale if isinstance(locale, str) else None,
        decimal=values["decimal"],
        date_format=values["date_format"],
        encoding=check_encoding(encoding) if encoding else "utf-8",
        columns={str(k): v for k, v in (mapping or {}).items()},
        xlsx=kind == "xlsx",
        sheet=values["sheet"],
        at=loaded.source.pos(loc + (kind,)),
        sheet_at=loaded.source.pos(loc + ("sheet",)),
    )


def _option_problems(
    raw: dict, kind: str, columns: tuple[str, ...]
) -> list[tuple[str | tuple, str]]:
    """What is wrong with a table's options beside its file's name: each as the key
    it is under and a message."""
    wrong: list[tuple[str | tuple, str]] = []
    encoding = raw.get("encoding")
    if encoding is not None and kind == "xlsx":
        wrong.append(("encoding", _("'encoding' is for CSV files; a workbook says its own")))
    elif isinstance(encoding, str) and check_encoding(encoding) is None:
        message = _(
            "'{name}' is not an encoding kam can read a CSV file in; write utf-8, "
            "cp1252 or latin-1",
            name=encoding,
        )
        wrong.append(("encoding", message))
    if raw.get("sheet") is not None and kind == "csv":
        wrong.append(("sheet", _("'sheet' is for workbooks (xlsx:); a CSV file has no sheets")))
    date_format = raw.get("date_format")
    if isinstance(date_format, str) and not reads_dates(date_format):
        message = _(
            "the date_format '{format}' does not read a day, a month and a year; "
            'write it like "%d/%m/%Y" or "%m/%d/%y"',
            format=date_format,
        )
        wrong.append(("date_format", message))
    mapping = raw.get("columns")
    for name, column in (mapping or {}).items() if isinstance(mapping, dict) else ():
        if isinstance(column, str) and column not in columns:
            message = _(
                "'{column}' is not a column kam reads here; columns: {names}",
                column=column,
                names=", ".join(columns),
            )
            wrong.append((("columns", name), message))
    return wrong


def _plain_options(values: dict[str, object], mapping: object) -> bool:
    """The options have the types validation accepts (it says what is wrong)."""
    if values["decimal"] not in (None, ",", "."):
        return False
    if any(v is not None and not isinstance(v, str) for k, v in values.items()):
        return False
    if mapping is None:
        return True
    return isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())


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
