"""Every file a document names must be a regular file inside its project folder
(the folder of the entry file): untrusted YAML must not read anything else."""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from kam.i18n import _


class PathRefused(ValueError):
    """A path a document names cannot be used; the message says why (in the user's
    language: `str()` gives the translated message, which keeps its English source)."""

    def __str__(self) -> str:
        return self.args[0]


def resolve_inside(root: Path, base: Path, name: str) -> Path:
    """Resolve `name` (relative to the folder `base`) to a regular file in `root`."""
    if not name or not name.strip():
        raise PathRefused(_("the path is empty"))
    if "\x00" in name:
        raise PathRefused(_("the path contains a NUL character"))
    if (
        PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or PureWindowsPath(name).drive
    ):
        raise PathRefused(
            _(
                "'{name}' is an absolute path; write a path relative to the file that names it",
                name=name,
            )
        )
    if "://" in name or name.startswith("data:"):
        raise PathRefused(
            _("'{name}' is a URL; kam only reads files inside the project folder", name=name)
        )
    root = root.resolve()
    candidate = base / name
    outside = _(
        "'{name}' is outside the project folder {root}; move the file into the project folder",
        name=name,
        root=root,
    )
    if not candidate.resolve().is_relative_to(root):
        raise PathRefused(outside)
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathRefused(_("file '{name}' does not exist", name=name)) from None
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror or exc
        raise PathRefused(_("cannot open '{name}': {reason}", name=name, reason=reason)) from None
    if not resolved.is_relative_to(root):
        raise PathRefused(outside)
    mode = resolved.stat().st_mode
    if not stat.S_ISREG(mode):
        raise PathRefused(_("'{name}' is not a regular file", name=name))
    return resolved
