"""kam's benchmark: generates its inputs, measures each performance target, prints a table.

Run with `make bench` (or `.venv/bin/python benchmarks/bench.py`). Every figure is the
median of at least 5 runs after a warm-up; ratios are measured pair by pair (kam, then
the reference, alternating) so that machine noise hits both sides alike.

    --quick     3 runs instead of 5 (for a smoke test; not for quoting figures)
    --only A,B  run only some measurements (help, validate, html, pdf, csv)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KAM = [str(BIN / "kam")] if (BIN / "kam").exists() else [sys.executable, "-m", "kam"]
EXAMPLE = ROOT / "examples" / "ribera" / "account.yaml"


@dataclass
class Result:
    name: str
    target: str
    figure: str
    ok: bool | None


def run(cmd: list[str], cwd: Path | None = None) -> float:
    """Wall time of one command, which must succeed."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{done.stderr}")
    return elapsed


def median_of(cmd: list[str], runs: int, cwd: Path | None = None) -> float:
    run(cmd, cwd)  # warm-up
    return statistics.median(run(cmd, cwd) for _ in range(runs))


def peak_rss_mb(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed = run(cmd, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def measure_help(runs: int) -> list[Result]:
    t = median_of([*KAM, "--help"], runs)
    return [Result("kam --help", "< 0.25 s", f"{t:.3f} s", t < 0.25)]


def measure_validate(runs: int) -> list[Result]:
    t = median_of([*KAM, "validate", str(EXAMPLE)], runs)
    return [Result("kam validate (example)", "< 0.40 s", f"{t:.3f} s", t < 0.40)]


def measure_html(runs: int, out: Path) -> list[Result]:
    t = median_of([*KAM, "build", str(EXAMPLE), "-f", "html", "-o", str(out)], runs)
    return [Result("kam build --format html (example)", "< 1.0 s", f"{t:.3f} s", t < 1.0)]


def measure_pdf(runs: int, out: Path) -> list[Result]:
    """kam's PDF build against WeasyPrint's own command line on kam's HTML, pair by pair."""
    run([*KAM, "build", str(EXAMPLE), "-f", "html", "-o", str(out)])
    html = out / "ribera.html"
    kam_cmd = [*KAM, "build", str(EXAMPLE), "-f", "pdf", "-o", str(out)]
    ref_cmd = [sys.executable, "-m", "weasyprint", str(html), str(out / "reference.pdf")]
    run(kam_cmd)
    run(ref_cmd)
    kam_times, ref_times, ratios = [], [], []
    for _ in range(runs):
        k = run(kam_cmd)
        r = run(ref_cmd)
        kam_times.append(k)
        ref_times.append(r)
        ratios.append(k / r)
    ratio = statistics.median(ratios)
    return [
        Result(
            "kam build --format pdf (example)", "—", f"{statistics.median(kam_times):.3f} s", None
        ),
        Result(
            "python -m weasyprint on kam's HTML", "—", f"{statistics.median(ref_times):.3f} s", None
        ),
        Result("PDF ratio kam / weasyprint", "≤ 1.25", f"{ratio:.3f}", ratio <= 1.25),
    ]


def write_big_csv(folder: Path, lines: int = 1_000_000) -> Path:
    """A purchases CSV of `lines` order lines over five years, and an account using it."""
    rng = random.Random(20261127)
    products = [
        "Kits quirúrgicos",
        "Curas avanzadas",
        "Guantes",
        "Infusión",
        "Esterilización",
        "EPI",
    ]
    first = dt.date(2021, 1, 1).toordinal()
    days = [dt.date.fromordinal(first + i).isoformat() for i in range(1826)]
    with open(folder / "purchases.csv", "w", encoding="utf-8") as handle:
        handle.write("date,product,revenue,gross_margin,units,orders\n")
        for _ in range(lines):
            revenue = rng.uniform(50, 2000)
            handle.write(
                f"{rng.choice(days)},{rng.choice(products)},{revenue:.2f},"
                f"{revenue * 0.3:.2f},{rng.randrange(1, 50)},1\n"
            )
    entry = folder / "account.yaml"
    entry.write_text(
        "kam: 1\nlocale: es\ncurrency: EUR\ndate: 2026-11-27\n"
        "company: {name: MedSuministros S.A.}\naccount: {name: Grupo Hospitalario Ribera}\n"
        "analysis:\n  purchase_history: {csv: purchases.csv}\n",
        encoding="utf-8",
    )
    return entry


def measure_csv(runs: int, work: Path) -> list[Result]:
    folder = work / "big"
    folder.mkdir()
    entry = write_big_csv(folder)
    cmd = [*KAM, "build", str(entry), "-f", "html", "-o", str(folder)]
    run(cmd)
    times, peaks = [], []
    for _ in range(runs):
        elapsed, _ = peak_rss_mb(cmd)
        times.append(elapsed)
    # ru_maxrss of children is the largest child so far: measure memory in a fresh process.
    probe = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *cmd], capture_output=True, text=True, check=True
    )
    peaks.append(float(probe.stdout.strip()))
    t = statistics.median(times)
    return [
        Result("1,000,000-line CSV: build --format html", "< 6 s", f"{t:.2f} s", t < 6),
        Result("1,000,000-line CSV: peak memory", "< 400 MB", f"{peaks[0]:.0f} MB", peaks[0] < 400),
    ]


_RSS_PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def table(results: list[Result]) -> str:
    rows = [("measurement", "target", "figure", "result")]
    for r in results:
        verdict = "—" if r.ok is None else ("pass" if r.ok else "FAIL")
        rows.append((r.name, r.target, r.figure, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="help,validate,html,pdf,csv")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="kam-bench-"))
    results: list[Result] = []
    try:
        out = work / "out"
        out.mkdir()
        if "help" in only:
            results += measure_help(runs)
        if "validate" in only:
            results += measure_validate(runs)
        if "html" in only:
            results += measure_html(runs, out)
        if "pdf" in only:
            results += measure_pdf(runs, out)
        if "csv" in only:
            results += measure_csv(runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"kam benchmark — {os.cpu_count()} cores, median of {runs} runs after a warm-up\n")
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
