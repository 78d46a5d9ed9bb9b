"""A workspace: accounts that share files and defaults.

A `kam-workspace.yaml` in the project folder or a folder above it marks a workspace
root (the nearest one upward). The account's files may then name files anywhere
inside that root (`../../shared/customers.csv`), and the workspace file's `company`,
`theme`, `locale`, `currency` and `portfolio.customers` are the defaults of every
account below it: an account's own value wins; `company`, `theme` and `portfolio` are
merged key by key. Inherited values keep their place in the workspace file, so a
message about one points there, and a path in it is relative to the workspace root.

The search is bounded, because a workspace widens what a document may read:
- it stops at the top of a git repository (a folder holding `.git`): a repository's
  documents never reach files above the repository, and a revision of it
  (`kam diff --rev`) holds everything its documents read;
- it never looks in a shared temporary folder (writable by anyone, with the sticky
  bit, like /tmp) or above it: a file there could be anyone's;
- `ceiling()` sets a folder it never looks in, nor above (the copy of a revision).
The workspace file must be a regular file in its folder (a link to a file elsewhere is
refused), and holds only the shared keys.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from kam.i18n import _
from kam.load.paths import WORKSPACE_FILE
from kam.load.yamlsource import Loc, Source, parse_yaml_text, read_text
from kam.problems import Pos, Problems, key_path

FILE = WORKSPACE_FILE
#: The keys a workspace file may hold, in the order the docs list them.
SHARED = ("company", "theme", "locale", "currency", "portfolio")
#: The shared mappings an account merges key by key with its own.
MERGED = ("company", "theme", "portfolio")
#: What a workspace's `portfolio` may hold: each account names its own key account.
PORTFOLIO = ("customers",)
#: Spanish names of the shared keys, for "did you mean".
_SPANISH = {
    "empresa": "company",
    "compania": "company",
    "compañia": "company",
    "compañía": "company",
    "tema": "theme",
    "estilo": "theme",
    "idioma": "locale",
    "moneda": "currency",
    "divisa": "currency",
    "cartera": "portfolio",
    "clientes": "customers",
}

_ceiling: ContextVar[Path | None] = ContextVar("kam_workspace_ceiling", default=None)


@dataclass(frozen=True)
class Workspace:
    """A workspace root and its file."""

    root: Path  # resolved
    file: Path  # the workspace file as messages name it
    usable: bool = True  # False: a link out of its folder, or not a regular file


@contextmanager
def ceiling(folder: Path) -> Iterator[None]:
    """Within the block, the search never looks in `folder` or above it."""
    token = _ceiling.set(Path(folder).resolve())
    try:
        yield
    finally:
        _ceiling.reset(token)


def find(root: Path, shown: Path) -> Workspace | None:
    """The workspace of the project folder `root` (resolved; `shown`: that folder as
    the user named it), or None when there is none."""
    top = _ceiling.get()
    for folder in (root, *root.parents):
        if top is not None and top.is_relative_to(folder):
            return None
        if _shared_temporary(folder):
            return None
        if os.path.lexists(folder / FILE):
            return Workspace(folder, display(root, shown, folder / FILE))
        if os.path.lexists(folder / ".git"):
            return None
    return None


def _shared_temporary(folder: Path) -> bool:
    try:
        mode = folder.stat().st_mode
    except OSError:
        return True  # a folder kam cannot look at is no place to look above
    return bool(mode & stat.S_IWOTH and mode & stat.S_ISVTX)


def display(root: Path, shown: Path, path: Path) -> Path:
    """`path` (resolved, inside a workspace) as messages name it: from the project
    folder as the user named it (`accounts/a/../../shared/x.csv` written
    `shared/x.csv`), or in full where that way of writing it would name another file."""
    relative = Path(os.path.normpath(shown / os.path.relpath(path, root)))
    try:
        if relative.resolve() == path.resolve():
            return relative
    except (OSError, RuntimeError):
        pass
    return path


def checked(workspace: Workspace, problems: Problems) -> Workspace:
    """The workspace, marked unusable (with an error) when its file is a link to a
    file outside its folder or no regular file."""
    path = workspace.root / FILE
    where = Pos(workspace.file, 1, 1)
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        reason = getattr(exc, "strerror", None) or exc
        problems.error(_("cannot open '{name}': {reason}", name=FILE, reason=reason), where)
        return Workspace(workspace.root, workspace.file, usable=False)
    if not target.is_relative_to(workspace.root):
        problems.error(
            _(
                "{file} is a link to a file outside its folder ({target}); make it a "
                "regular file in the workspace folder",
                file=FILE,
                target=target,
            ),
            where,
        )
        return Workspace(workspace.root, workspace.file, usable=False)
    try:
        regular = stat.S_ISREG(target.stat().st_mode)
    except OSError:
        regular = False
    if not regular:
        problems.error(
            _("{file} is not a regular file; make it a YAML file, or remove it", file=FILE),
            where,
        )
        return Workspace(workspace.root, workspace.file, usable=False)
    return workspace


def read(workspace: Workspace | None, problems: Problems) -> Source | None:
    """The workspace file's shared values, checked; None when there is no workspace,
    or its file has a mistake (said in `problems`). An empty file shares nothing."""
    if workspace is None or not workspace.usable:
        return None
    text = read_text(workspace.file, problems)
    if text is None:
        return None
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Source(value={})
    before = len(problems.errors)
    source = parse_yaml_text(text, workspace.file, problems)
    if source is None:
        return None
    _check(source, problems)
    return source if len(problems.errors) == before else None


def _check(source: Source, problems: Problems) -> None:
    """Only the shared keys; `portfolio` holds only `customers`."""
    if not isinstance(source.value, dict):
        problems.error(
            _(
                "the workspace file should hold a mapping of the keys it shares: {allowed}",
                allowed=", ".join(SHARED),
            ),
            source.pos(()),
        )
        return
    _known_keys(source, (), SHARED, problems)
    portfolio = source.value.get("portfolio")
    if isinstance(portfolio, dict):
        _known_keys(source, ("portfolio",), PORTFOLIO, problems)
    elif "portfolio" in source.value:
        problems.error(
            _(
                "a workspace shares the portfolio's customers: write "
                "'portfolio: {customers: {csv: path}}'"
            ),
            source.pos(("portfolio",)),
            key="portfolio",
        )


def _known_keys(source: Source, loc: Loc, allowed: tuple[str, ...], problems: Problems) -> None:
    mapping = source.value
    for part in loc:
        mapping = mapping[part]  # type: ignore[index]
    for key in mapping:  # type: ignore[union-attr]
        if key in allowed:
            continue
        hint = _SPANISH.get(key.lower())
        if hint not in allowed:
            hint = next(iter(difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)), None)
        at = source.key_positions.get(loc + (key,)) or source.pos(loc + (key,))
        names = ", ".join(allowed)
        if hint:
            message = _(
                "unknown key '{key}'; did you mean '{hint}'? allowed keys: {allowed}",
                key=key,
                hint=hint,
                allowed=names,
            )
        else:
            message = _("unknown key '{key}'; allowed keys: {allowed}", key=key, allowed=names)
        problems.error(message, at, key=key_path(loc + (key,)))


def inherit(document: Source, shared: Source) -> None:
    """Give `document` the shared values it does not set itself, with their positions
    in the workspace file. A key the account writes wins, even `null`; a shared
    mapping and the account's mapping are merged key by key."""
    mine, theirs = document.value, shared.value
    if not isinstance(mine, dict) or not isinstance(theirs, dict):
        return
    for key, value in theirs.items():
        own = mine.get(key)
        if key not in mine:
            _graft(document, shared, (key,))
        elif key in MERGED and isinstance(own, dict) and isinstance(value, dict):
            for sub in value:
                if sub not in own:
                    _graft(document, shared, (key, sub))


def _graft(document: Source, shared: Source, loc: Loc) -> None:
    """Copy the shared value at `loc` (one or two keys deep) and its positions."""
    value = shared.value
    target = document.value
    for part in loc[:-1]:
        value = value[part]  # type: ignore[index]
        target = target[part]  # type: ignore[index]
    target[loc[-1]] = value[loc[-1]]  # type: ignore[index]
    depth = len(loc)
    for sub, pos in shared.positions.items():
        if sub[:depth] == loc:
            document.positions[sub] = pos
    for sub, pos in shared.key_positions.items():
        if sub[:depth] == loc:
            document.key_positions[sub] = pos
