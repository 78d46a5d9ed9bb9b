"""kam's benchmark: generates its inputs, measures each performance target, prints a table.

Run with `make bench` (or `.venv/bin/python benchmarks/bench.py`). Every figure is the
median of at least 5 runs after a warm-up; ratios are measured pair by pair (kam, then
the reference, alternating) so that machine noise hits both sides alike.

    --quick     3 runs instead of 5 (for a smoke test; not for quoting figures)
    --only A,B  run only some measurements (help, validate, html, pdf, pptx, watch, batch,
                portfolio, csv, xlsx)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
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


def paired(first: list[str], second: list[str], runs: int) -> tuple[float, float, float]:
    """Medians of two commands run alternately, and the median of their pair ratios."""
    run(first)
    run(second)
    a_times, b_times, ratios = [], [], []
    for _ in range(runs):
        a, b = run(first), run(second)
        a_times.append(a)
        b_times.append(b)
        ratios.append(a / b)
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def measure_help(runs: int) -> list[Result]:
    t = median_of([*KAM, "--help"], runs)
    return [Result("kam --help", "< 0.25 s", f"{t:.3f} s", t < 0.25)]


def measure_validate(runs: int) -> list[Result]:
    t = median_of([*KAM, "validate", str(EXAMPLE)], runs)
    return [Result("kam validate (example)", "< 0.40 s", f"{t:.3f} s", t < 0.40)]


def measure_html(runs: int, out: Path) -> list[Result]:
    t = median_of([*KAM, "build", str(EXAMPLE), "-f", "html", "-o", str(out)], runs)
    return [Result("kam build --format html (example)", "< 1.0 s", f"{t:.3f} s", t < 1.0)]


#: The deck of an example in a fresh process: prepare (load, validate, analyze), then
#: write the pptx; prints the time of the deck alone.
_PPTX = (
    "import sys, time; from pathlib import Path; from kam.pipeline import prepare; "
    "from kam.deck import write_deck; p, _ = prepare(Path(sys.argv[1])); "
    "start = time.perf_counter(); "
    "write_deck(p.doc, p.figures, Path(sys.argv[2]), logo=p.loaded.logo); "
    "print(time.perf_counter() - start)"
)


def measure_pptx(runs: int, out: Path) -> list[Result]:
    """The QBR deck of the example (issue 17): the deck alone (python-pptx imported,
    slides laid out, the zip written), and the whole cold process beside it."""
    cmd = [sys.executable, "-c", _PPTX, str(EXAMPLE), str(out / "ribera.pptx")]
    subprocess.run(cmd, capture_output=True, check=True)  # warm-up
    alone, whole = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        whole.append(time.perf_counter() - start)
        alone.append(float(done.stdout.strip()))
    t, cold = statistics.median(alone), statistics.median(whole)
    return [
        Result("QBR deck alone, pptx (example)", "< 1.5 s", f"{t:.3f} s", t < 1.5),
        Result("QBR deck, cold process (prepare + pptx)", "—", f"{cold:.3f} s", None),
    ]


def measure_pdf(runs: int, out: Path) -> list[Result]:
    """kam's PDF build against WeasyPrint's own command line on kam's HTML, pair by pair."""
    run([*KAM, "build", str(EXAMPLE), "-f", "html", "-o", str(out)])
    html = out / "ribera.html"
    kam_cmd = [*KAM, "build", str(EXAMPLE), "-f", "pdf", "-o", str(out)]
    # The same output as kam's: a tagged PDF (kam always tags its PDFs).
    ref_cmd = [
        sys.executable, "-m", "weasyprint", "--pdf-tags", str(html), str(out / "reference.pdf")
    ]  # fmt: skip
    kam_time, ref_time, ratio = paired(kam_cmd, ref_cmd, runs)
    return [
        Result("kam build --format pdf (example)", "—", f"{kam_time:.3f} s", None),
        Result("python -m weasyprint on kam's HTML", "—", f"{ref_time:.3f} s", None),
        Result("PDF ratio kam / weasyprint", "≤ 1.25", f"{ratio:.3f}", ratio <= 1.25),
    ]


#: The edit the watch measurement makes in examples/ribera/plan.yaml: a risk, in chapter C.
WATCH_EDIT = ("Perder el lote de guantes", "Perder el lote anual de guantes")


def measure_watch(runs: int, work: Path) -> list[Result]:
    """Edit-to-output time in a warm `kam build --watch`, against a cold `kam build`."""
    results = []
    for fmt in ("html", "all"):
        project = work / f"watch-{fmt}"
        shutil.copytree(EXAMPLE.parent, project)
        entry = project / "account.yaml"
        cold = median_of([*KAM, "build", str(entry), "-f", fmt], runs)
        process = subprocess.Popen(
            [*KAM, "build", str(entry), "-f", fmt, "--watch"],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait_for(process, "watching for changes")
            plan = project / "plan.yaml"
            original = plan.read_text(encoding="utf-8")
            assert WATCH_EDIT[0] in original
            edited = original.replace(*WATCH_EDIT, 1)
            times = []
            for i in range(runs + 1):  # the first is a warm-up
                time.sleep(0.3)
                start = time.perf_counter()
                # A real edit of the text, undone the next time: every rebuild has to
                # lay out a changed chapter (C, five pages) again.
                plan.write_text(edited if i % 2 == 0 else original, encoding="utf-8")
                _wait_for(process, ": wrote ")
                if i:
                    times.append(time.perf_counter() - start)
        finally:
            process.terminate()
            process.wait(timeout=10)
        warm = statistics.median(times)
        label = "HTML" if fmt == "html" else "PDF and HTML"
        results += [
            Result(f"watch, {label}: cold build", "—", f"{cold:.3f} s", None),
            Result(f"watch, {label}: warm rebuild", "< ½ cold", f"{warm:.3f} s", warm < cold / 2),
        ]
    return results


def _wait_for(process: subprocess.Popen, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            raise SystemExit("kam --watch stopped")
        if text in line:
            return
    raise SystemExit(f"timed out waiting for {text!r}")


def measure_batch(runs: int, work: Path) -> list[Result]:
    """16 account builds (PDF and HTML) with --jobs 1 and --jobs 2, pair by pair."""
    entries = []
    for i in range(16):
        project = work / "batch" / f"account{i:02d}"
        shutil.copytree(ROOT / "examples" / "themed", project)
        entries.append(str(project / "account.yaml"))
    out = work / "batch-out"
    one = [*KAM, "build", *entries, "-o", str(out), "--jobs", "1"]
    two = [*KAM, "build", *entries, "-o", str(out), "--jobs", "2"]
    one_time, two_time, ratio = paired(one, two, runs)
    return [
        Result("batch of 16 builds, --jobs 1", "—", f"{one_time:.2f} s", None),
        Result("batch of 16 builds, --jobs 2", "—", f"{two_time:.2f} s", None),
        Result("batch speed-up --jobs 2 / --jobs 1", "≥ 1.7", f"{ratio:.2f}", ratio >= 1.7),
    ]


def measure_portfolio(runs: int, work: Path) -> list[Result]:
    """`kam portfolio` of 30 accounts (the three examples ten times), PDF and HTML."""
    entries = []
    for i in range(10):
        for name in ("ribera", "brightfield", "themed"):
            project = work / "portfolio" / f"{name}{i}"
            shutil.copytree(ROOT / "examples" / name, project)
            entries.append(str(project / "account.yaml"))
    cmd = [*KAM, "portfolio", *entries, "-o", str(work / "portfolio-out")]
    t = median_of(cmd, runs)
    return [Result("portfolio of 30 accounts (PDF and HTML)", "< 5 s", f"{t:.2f} s", t < 5)]


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
    t = median_of(cmd, runs)
    # ru_maxrss of children is the largest child so far: measure memory in a fresh process.
    probe = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *cmd], capture_output=True, text=True, check=True
    )
    peak = float(probe.stdout.strip())
    return [
        Result("1,000,000-line CSV: build --format html", "< 6 s", f"{t:.2f} s", t < 6),
        Result("1,000,000-line CSV: peak memory", "< 400 MB", f"{peak:.0f} MB", peak < 400),
    ]


def measure_xlsx(runs: int, work: Path) -> list[Result]:
    folder = work / "big-xlsx"
    folder.mkdir()
    shutil.copy(big_workbook(), folder / "ventas.xlsx")
    entry = folder / "account.yaml"
    entry.write_text(
        "kam: 1\nlocale: es\ncurrency: EUR\ndate: 2026-11-27\n"
        "company: {name: MedSuministros S.A.}\naccount: {name: Grupo Hospitalario Ribera}\n"
        "analysis:\n  purchase_history: {xlsx: ventas.xlsx, sheet: Ventas}\n",
        encoding="utf-8",
    )
    cmd = [*KAM, "build", str(entry), "-f", "html", "-o", str(folder)]
    t = median_of(cmd, runs)
    probe = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *cmd], capture_output=True, text=True, check=True
    )
    peak = float(probe.stdout.strip())
    return [
        Result("1,000,000-row xlsx: build --format html", "< 10 s", f"{t:.2f} s", t < 10),
        Result("1,000,000-row xlsx: peak memory", "< 500 MB", f"{peak:.0f} MB", peak < 500),
    ]


def big_workbook(rows: int = 1_000_000) -> Path:
    """A purchases workbook of `rows` order lines as Excel writes one (shared strings,
    dates as styled serial numbers, cell references), made once and kept in the
    temporary folder: its XML is written directly, openpyxl would take minutes."""
    path = Path(tempfile.gettempdir()) / f"kam-bench-purchases-{rows}.xlsx"
    if path.exists():
        return path
    partial = path.with_suffix(".part")
    rng = random.Random(20261127)
    products = ["Kits quirúrgicos", "Curas avanzadas", "Guantes", "Infusión", "EPI", "Otros"]
    header = ["date", "product", "revenue", "gross_margin", "units", "orders"]
    first = dt.date(2021, 1, 1).toordinal() - dt.date(1899, 12, 30).toordinal()
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        strings = "".join(f"<si><t>{s}</t></si>" for s in header + products)
        book.writestr(
            "xl/sharedStrings.xml",
            f'{_XML}<sst xmlns="{_MAIN}" count="12" uniqueCount="12">{strings}</sst>',
        )
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'.encode())
            head = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEF"))
            sheet.write(f"{head}</row>".encode())
            chunk = []
            for n in range(2, rows + 2):
                revenue = round(rng.uniform(50, 2000), 2)
                chunk.append(
                    f'<row r="{n}"><c r="A{n}" s="1"><v>{first + rng.randrange(1826)}</v></c>'
                    f'<c r="B{n}" t="s"><v>{6 + rng.randrange(6)}</v></c>'
                    f'<c r="C{n}"><v>{revenue}</v></c><c r="D{n}"><v>{round(revenue * 0.3, 2)}'
                    f'</v></c><c r="E{n}"><v>{rng.randrange(1, 50)}</v></c>'
                    f'<c r="F{n}"><v>1</v></c></row>'
                )
                if len(chunk) == 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    partial.replace(path)
    return path


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XLSX_PARTS = {
    "[Content_Types].xml": f'{_XML}<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
    "</Types>",
    "_rels/.rels": f'{_XML}<Relationships xmlns="{_PKG}/relationships"><Relationship '
    f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Ventas" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>",
    "xl/styles.xml": f'{_XML}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font/></fonts>'
    '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
}


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
    parser.add_argument(
        "--only", default="help,validate,html,pdf,pptx,watch,batch,portfolio,csv,xlsx"
    )
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
        if "pptx" in only:
            results += measure_pptx(runs, out)
        if "watch" in only:
            results += measure_watch(runs, work)
        if "batch" in only:
            results += measure_batch(runs, work)
        if "portfolio" in only:
            results += measure_portfolio(runs, work)
        if "csv" in only:
            results += measure_csv(runs, work)
        if "xlsx" in only:
            results += measure_xlsx(runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"kam benchmark — {os.cpu_count()} cores, median of {runs} runs after a warm-up\n")
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
