"""The reference of the benchmark: kam v0.1 (commit e684c7b) in its own virtual environment.

The commit's files are unpacked with `git archive` into `.bench/v0.1/src/` (its own copy
of the examples comes with them) and installed into `.bench/v0.1/venv/` by pip, with
the versions of the libraries kam's own environment has (WeasyPrint, pydantic, typer …)
as constraints, so that the two sides differ by kam's code only. Both are kept and
reused by later runs; a stamp records the commit and the constraints they were made
with, and the folder is made again when either changes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMIT = "e684c7b"
CACHE = ROOT / ".bench" / "v0.1"


@dataclass(frozen=True)
class Reference:
    commit: str
    source: Path  # the commit's files, with its own examples/
    kam: Path  # its `kam` command

    @property
    def ribera(self) -> Path:
        return self.source / "examples" / "ribera" / "account.yaml"


def _constraints() -> str:
    """The libraries installed beside the kam under test, pinned (kam itself left out)."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [
        line
        for line in frozen.splitlines()
        if "==" in line and not line.lower().startswith("kam==")
    ]
    return "\n".join(sorted(lines)) + "\n"


def ensure_reference(commit: str = COMMIT, cache: Path = CACHE) -> Reference:
    """The installed reference, made once (about 20 s) and reused while it is current."""
    source, venv = cache / "src", cache / "venv"
    kam = venv / "bin" / "kam"
    constraints = _constraints()
    stamp_text = f"{commit}\n{hashlib.sha256(constraints.encode()).hexdigest()}\n"
    stamp = cache / "stamp"
    if kam.exists() and stamp.exists() and stamp.read_text() == stamp_text:
        return Reference(commit, source, kam)
    print(f"installing the reference, kam {commit}, into {cache} …", file=sys.stderr)
    shutil.rmtree(cache, ignore_errors=True)
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pinned = cache / "constraints.txt"
    pinned.write_text(constraints)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    done = subprocess.run(
        [*pip, "-c", str(pinned), str(source)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"could not install kam {commit}:\n{done.stderr}")
    stamp.write_text(stamp_text)
    return Reference(commit, source, kam)
