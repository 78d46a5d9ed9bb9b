"""Every file a document names must be a regular file inside its project folder
(the folder of the entry file), or inside its workspace (the folder of the nearest
`kam-workspace.yaml` above it, `kam.load.workspace`): untrusted YAML must not read
anything else."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from kam.i18n import _

WORKSPACE_FILE = "kam-workspace.yaml"  # marks a workspace root (kam.load.workspace)


class PathRefused(ValueError):
    """A path a document names cannot be used; the message says why (in the user's
    language: `str()` gives the translated message, which keeps its English source)."""

    def __str__(self) -> str:
        return self.args[0]


def resolve_inside(root: Path, base: Path, name: str) -> Path:
    """Resolve `name` (relative to the folder `base`) to a regular file in `root`, the
    project folder or the workspace root (the folder that holds the workspace file)."""
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
    if not candidate.resolve().is_relative_to(root):
        raise PathRefused(_outside(name, root))
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathRefused(_("file '{name}' does not exist", name=name)) from None
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror or exc
        raise PathRefused(_("cannot open '{name}': {reason}", name=name, reason=reason)) from None
    if not resolved.is_relative_to(root):
        raise PathRefused(_outside(name, root))
    mode = resolved.stat().st_mode
    if not stat.S_ISREG(mode):
        raise PathRefused(_("'{name}' is not a regular file", name=name))
    return resolved


def _outside(name: str, root: Path) -> str:
    """Why `name` is refused: it is outside the boundary, named as what it is."""
    if os.path.lexists(root / WORKSPACE_FILE):
        return _(
            "'{name}' is outside the workspace {root}; move the file into the workspace folder",
            name=name,
            root=root,
        )
    return _(
        "'{name}' is outside the project folder {root}; move the file into the project folder",
        name=name,
        root=root,
    )
