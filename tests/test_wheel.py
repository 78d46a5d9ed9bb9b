"""The wheel carries the templates: install it in a fresh venv, build outside the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import EXAMPLES, ROOT


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_wheel_installs_and_builds_an_example_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    result = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-w", dist, ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    wheel = next(dist.glob("kam-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    # Dependencies come from the test environment (no network needed); kam itself
    # only from the wheel: a path in a .pth file does not load that folder's .pth files,
    # so the editable install of the checkout stays invisible.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    result = run(sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, wheel)
    assert result.returncode == 0, result.stderr
    assert (site / "kam" / "templates" / "document.html.j2").is_file()
    assert (site / "kam" / "locales" / "es.yaml").is_file()

    project = tmp_path / "elsewhere" / "brightfield"
    shutil.copytree(EXAMPLES / "brightfield", project)
    where = run(python, "-c", "import kam; print(kam.__file__)", cwd=tmp_path)
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr
    result = run(python, "-m", "kam", "build", "account.yaml", "-o", tmp_path / "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "brightfield.pdf").stat().st_size > 50_000
    html = (tmp_path / "out" / "brightfield.html").read_text(encoding="utf-8")
    assert "Key account analysis" in html
