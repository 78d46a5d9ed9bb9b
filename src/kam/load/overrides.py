"""A project's `templates/` folder: its own templates and stylesheet, read and checked
while the document is loaded, so that rendering reads no file at all.

The folder is untrusted input. It must be a real folder (not a symbolic link) inside
the project; it is walked without following links, to a bounded depth and number of
files; each file must be a regular file inside the project and not too large. The
stylesheet is checked by `kam.load.stylesheet`. Templates are decoded when Jinja asks for them, so
a binary file nobody includes does no harm, and one that is included is reported at its
first bad byte.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kam.i18n import _
from kam.load import stylesheet as css
from kam.load.paths import PathRefused, resolve_inside
from kam.load.yamlsource import decode
from kam.problems import Pos, Problems
from kam.text import number

FOLDER = "templates"
STYLESHEET = "style.css"
MAX_DEPTH = 8  # folders below templates/
MAX_FILES = 500
MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 10_000_000


@dataclass
class Overrides:
    """What a project's templates/ folder holds, read once."""

    folder: Path
    files: dict[str, bytes] = field(default_factory=dict)  # "parts/cover.html.j2" → bytes
    style: str | None = None  # the checked stylesheet, url()s inlined


class TemplateReadError(Exception):
    """A project template that cannot be used as text; `pos` is its first bad byte."""

    def __init__(self, message: str, pos: Pos | None):
        super().__init__(message)
        self.pos = pos

    def __str__(self) -> str:
        return self.args[0]  # translated, with its English source


def read(root: Path, entry_folder: Path, problems: Problems) -> Overrides | None:
    """Read `templates/` beside the entry file, if there is one; problems are collected."""
    folder = entry_folder / FOLDER
    if not os.path.lexists(folder):
        return None
    where = Pos(folder, 1, 1)
    if folder.is_symlink():
        problems.error(
            _(
                "templates/ is a symbolic link; kam reads project templates only from a real "
                "folder inside the project"
            ),
            where,
        )
        return None
    if not folder.is_dir():
        problems.error(_("templates is not a folder; remove it or make it a folder"), where)
        return None
    overrides = Overrides(folder)
    names = _walk(folder, problems)
    if names is None:
        return None
    total = 0
    for name in names:
        path = folder / name
        try:
            resolved = resolve_inside(root, folder, name)
            size = resolved.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.error(
                    _(
                        "the file is {size} bytes; a file in templates/ may have at most {limit}",
                        size=number(size),
                        limit=number(MAX_FILE_BYTES),
                    ),
                    Pos(path, 1, 1),
                )
                continue
            total += size
            if total > MAX_TOTAL_BYTES:
                problems.error(
                    _(
                        "templates/ holds more than {limit} bytes (the limit)",
                        limit=number(MAX_TOTAL_BYTES),
                    ),
                    where,
                )
                return None
            overrides.files[name] = resolved.read_bytes()
        except PathRefused as exc:
            problems.error(_("cannot use this file: {reason}", reason=exc), Pos(path, 1, 1))
        except OSError as exc:
            reason = exc.strerror or exc
            problems.error(_("cannot read the file: {reason}", reason=reason), Pos(path, 1, 1))
    style = overrides.files.pop(STYLESHEET, None)
    if style is not None:
        overrides.style = _stylesheet(style, folder / STYLESHEET, root, problems)
    return overrides


def _walk(folder: Path, problems: Problems) -> list[str] | None:
    """The regular files under `folder` (relative POSIX names), without following links."""
    names: list[str] = []
    failed: list[OSError] = []
    for current, dirs, files in os.walk(folder, onerror=failed.append, followlinks=False):
        depth = len(Path(current).relative_to(folder).parts)
        if depth >= MAX_DEPTH and dirs:
            problems.error(
                _(
                    "templates/ is nested more than {limit} folders deep (the limit)",
                    limit=MAX_DEPTH,
                ),
                Pos(Path(current) / dirs[0], 1, 1),
            )
            return None
        dirs.sort()
        for name in sorted(files):
            path = Path(current) / name
            if path.is_symlink() or not path.is_file():
                continue  # only regular files can be templates (resolve_inside says why)
            names.append(path.relative_to(folder).as_posix())
            if len(names) > MAX_FILES:
                problems.error(
                    _("templates/ holds more than {limit} files (the limit)", limit=MAX_FILES),
                    Pos(folder, 1, 1),
                )
                return None
    if failed:
        error = failed[0]
        problems.error(
            _("cannot read the templates folder: {reason}", reason=error.strerror or error),
            Pos(Path(error.filename or folder), 1, 1),
        )
        return None
    return names


def _stylesheet(data: bytes, path: Path, root: Path, problems: Problems) -> str | None:
    text = decode(data, path, problems)
    if text is None:
        return None
    checked = css.check(text, path, root)
    for message, pos in checked.problems:
        problems.error(message, pos)
    return None if checked.problems else checked.text


def source(overrides: Overrides, name: str) -> str | None:
    """The text of template `name`, or None when the project has no such file."""
    data = overrides.files.get(name)
    if data is None:
        return None
    problems = Problems()
    text = decode(data, overrides.folder / name, problems)
    if text is None:
        first = problems.errors[0]
        message = _("the template is not UTF-8 text: {reason}", reason=first.message)
        raise TemplateReadError(message, first.pos)
    return text
