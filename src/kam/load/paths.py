"""Every file a document names must be a regular file inside its project folder
(the folder of the entry file): untrusted YAML must not read anything else."""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath, PureWindowsPath


class PathRefused(ValueError):
    """A path a document names cannot be used; the message says why."""


def resolve_inside(root: Path, base: Path, name: str) -> Path:
    """Resolve `name` (relative to the folder `base`) to a regular file in `root`."""
    if not name or not name.strip():
        raise PathRefused("the path is empty")
    if "\x00" in name:
        raise PathRefused("the path contains a NUL character")
    if (
        PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or PureWindowsPath(name).drive
    ):
        raise PathRefused(
            f"'{name}' is an absolute path; write a path relative to the file that names it"
        )
    if "://" in name or name.startswith("data:"):
        raise PathRefused(f"'{name}' is a URL; kam only reads files inside the project folder")
    root = root.resolve()
    candidate = base / name
    outside = (
        f"'{name}' is outside the project folder {root}; move the file into the project folder"
    )
    if not candidate.resolve().is_relative_to(root):
        raise PathRefused(outside)
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathRefused(f"file '{name}' does not exist") from None
    except (OSError, RuntimeError) as exc:
        raise PathRefused(f"cannot open '{name}': {exc.strerror or exc}") from None
    if not resolved.is_relative_to(root):
        raise PathRefused(outside)
    mode = resolved.stat().st_mode
    if not stat.S_ISREG(mode):
        raise PathRefused(f"'{name}' is not a regular file")
    return resolved
