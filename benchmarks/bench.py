"""kam's benchmark: measures each performance target against kam v0.1 and prints a table.

Run with `make bench` (or `.venv/bin/python benchmarks/bench.py`). The reference is kam
v0.1 (commit e684c7b), installed once in its own virtual environment under
`.bench/v0.1/` (benchmarks/reference.py). Every figure is the median of at least 5 runs
after a warm-up; the two versions are run alternately, run by run (and in turn first),
so that the load of the machine hits both alike, and each ratio is the median of the
pair-by-pair ratios. v0.1 cannot read today's examples, so both versions build v0.1's
own copy of examples/ribera; the figures without a v0.1 counterpart use today's.

    --quick     3 runs instead of 5 (for development; not for quoting figures)
    --only A,B  run only some measurements (help, validate, html, pdf, pptx, check,
                diff, watch, batch, portfolio, csv, xlsx; and weasyprint, not run by
                default: kam's PDF against WeasyPrint's command line on kam's HTML)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference import Reference, ensure_reference  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KAM = [str(BIN / "kam")] if (BIN / "kam").exists() else [sys.executable, "-m", "kam"]
EXAMPLE = ROOT / "examples" / "ribera" / "account.yaml"
DEFAULT = "help,validate,html,pdf,pptx,check,diff,watch,batch,portfolio,csv,xlsx"


@dataclass
class Result:
    name: str
    target: str
    kam: str
    ok: bool | None
    reference: str = "—"
    ratio: str = "—"
    verdict: str | None = None  # instead of pass/FAIL/— (e.g. for a goal)


@dataclass
class Bench:
    runs: int
    work: Path
    out: Path
    ref: Reference

    @property
    def quick_runs(self) -> int:
        """Runs of the commands that take under a second (--help, validate, an HTML
        build): three times as many, as cheap as the others' and steadier. Single runs
        there move by a third with the machine's spikes (a validate of 0.19 s read
        0.16-0.29 s in 20 runs), which 5 pairs' median does not smooth out."""
        return 3 * self.runs


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one command, which must succeed."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")
            raise SystemExit(f"command failed: {' '.join(cmd)}\n{text}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    """Median time and median peak memory of `runs` runs after a warm-up."""
    run(cmd, cwd)  # warm-up
    times, peaks = zip(*(run(cmd, cwd) for _ in range(runs)), strict=True)
    return statistics.median(times), statistics.median(peaks)


@dataclass
class Paired:
    """Medians of commands run in alternation, and of the pair-by-pair ratios."""

    times: list[float]  # median time of each command
    peaks: list[float]  # median peak memory of each command (MB)
    ratio: float  # median of time[0] / time[1], run by run
    peak_ratio: float  # median of peak[0] / peak[1], run by run


def alternated(cmds: list[list[str]], runs: int) -> Paired:
    """Every command once as a warm-up, then `runs` rounds of all of them, the order
    turned by one each round so that no command always runs first."""
    for cmd in cmds:
        run(cmd)
    times: list[list[float]] = [[] for _ in cmds]
    peaks: list[list[float]] = [[] for _ in cmds]
    for r in range(runs):
        for i in [(r + k) % len(cmds) for k in range(len(cmds))]:
            t, m = run(cmds[i])
            times[i].append(t)
            peaks[i].append(m)
    return Paired(
        [statistics.median(t) for t in times],
        [statistics.median(m) for m in peaks],
        statistics.median(a / b for a, b in zip(times[0], times[1], strict=True)),
        statistics.median(a / b for a, b in zip(peaks[0], peaks[1], strict=True)),
    )


def versus(name: str, target: float, kam: list[str], v01: list[str], runs: int) -> Result:
    """kam against v0.1 on the same command, pair by pair: pass when ratio ≤ target."""
    p = alternated([kam, v01], runs)
    return Result(
        name,
        f"≤ {target:g} × v0.1",
        f"{p.times[0]:.3f} s",
        p.ratio <= target,
        f"{p.times[1]:.3f} s",
        f"{p.ratio:.2f}",
    )


def measure_help(b: Bench) -> list[Result]:
    p = alternated([[*KAM, "--help"], [str(b.ref.kam), "--help"]], b.quick_runs)
    t = p.times[0]
    return [
        Result(
            "kam --help",
            "≤ 0.8 × v0.1",
            f"{t:.3f} s",
            p.ratio <= 0.8,
            f"{p.times[1]:.3f} s",
            f"{p.ratio:.2f}",
        ),
        Result(
            "kam --help, goal",
            "median ≤ 0.15 s",
            f"{t:.3f} s",
            None,
            verdict="goal met" if t <= 0.15 else "goal not met",
        ),
    ]


#: What any `kam validate` imports before it reads a file, whichever version: typer
#: (which coerces each command-line parameter with a pydantic TypeAdapter), pydantic
#: and PyYAML. Run with v0.1's interpreter and libraries.
FLOOR = "import typer.main, typer._adapters, pydantic.main, yaml"


def measure_validate(b: Bench) -> list[Result]:
    entry = str(b.ref.ribera)
    kam, v01 = [*KAM, "validate", entry], [str(b.ref.kam), "validate", entry]
    floor = [str(b.ref.kam.parent / "python"), "-c", FLOOR]
    p = alternated([kam, v01, floor], b.quick_runs)
    target = 0.8
    return [
        Result(
            "kam validate (v0.1's ribera)",
            f"≤ {target:g} × v0.1",
            f"{p.times[0]:.3f} s",
            p.ratio <= target,
            f"{p.times[1]:.3f} s",
            f"{p.ratio:.2f}",
        ),
        Result(
            "… importing typer, pydantic and PyYAML alone",
            "—",
            f"{p.times[2]:.3f} s",
            None,
            ratio=f"{p.times[2] / p.times[1]:.2f}",
        ),
    ]


def measure_html(b: Bench) -> list[Result]:
    entry, out = str(b.ref.ribera), b.work / "html"
    kam = [*KAM, "build", entry, "-f", "html", "-o", str(out / "kam")]
    v01 = [str(b.ref.kam), "build", entry, "-f", "html", "-o", str(out / "v0.1")]
    return [versus("kam build --format html (v0.1's ribera)", 1.0, kam, v01, b.quick_runs)]


def measure_pdf(b: Bench) -> list[Result]:
    """Cold PDF builds of v0.1's ribera by both versions, and of today's ribera by kam,
    in alternation; their peak memory from the same runs."""
    out = b.work / "pdf"
    old = str(b.ref.ribera)
    kam = [*KAM, "build", old, "-f", "pdf", "-o", str(out / "kam")]
    v01 = [str(b.ref.kam), "build", old, "-f", "pdf", "-o", str(out / "v0.1")]
    today = [*KAM, "build", str(EXAMPLE), "-f", "pdf", "-o", str(out / "today")]
    p = alternated([kam, v01, today], b.runs)
    return [
        Result(
            "kam build --format pdf, cold (v0.1's ribera)",
            "≤ 0.6 × v0.1",
            f"{p.times[0]:.2f} s",
            p.ratio <= 0.6,
            f"{p.times[1]:.2f} s",
            f"{p.ratio:.2f}",
        ),
        Result(
            "PDF build, peak memory (v0.1's ribera)",
            "≤ v0.1",
            f"{p.peaks[0]:.0f} MB",
            p.peaks[0] <= p.peaks[1],
            f"{p.peaks[1]:.0f} MB",
            f"{p.peak_ratio:.2f}",
        ),
        Result(
            "kam build --format pdf, cold (today's ribera)",
            "—",
            f"{p.times[2]:.2f} s, {p.peaks[2]:.0f} MB",
            None,
        ),
    ]


def measure_weasyprint(b: Bench) -> list[Result]:
    """kam's PDF build against WeasyPrint's own command line on kam's HTML, pair by pair."""
    out = b.work / "weasyprint"
    run([*KAM, "build", str(EXAMPLE), "-f", "html", "-o", str(out)])
    html = out / "ribera.html"
    kam_cmd = [*KAM, "build", str(EXAMPLE), "-f", "pdf", "-o", str(out)]
    # The same output as kam's: a tagged PDF (kam always tags its PDFs).
    ref_cmd = [
        sys.executable, "-m", "weasyprint", "--pdf-tags", str(html), str(out / "reference.pdf")
    ]  # fmt: skip
    p = alternated([kam_cmd, ref_cmd], b.runs)
    return [
        Result("python -m weasyprint on kam's HTML", "—", f"{p.times[1]:.2f} s", None),
        Result(
            "PDF: kam / weasyprint (today's ribera)",
            "—",
            f"{p.times[0]:.2f} s",
            None,
            ratio=f"{p.ratio:.2f}",
        ),
    ]


#: The deck of an example in a fresh process: prepare (load, validate, analyze), then
#: write the pptx; prints the time of the deck alone.
_PPTX = (
    "import sys, time; from pathlib import Path; from kam.pipeline import prepare; "
    "from kam.deck import write_deck; p, _ = prepare(Path(sys.argv[1])); "
    "start = time.perf_counter(); "
    "write_deck(p.doc, p.figures, Path(sys.argv[2]), logo=p.loaded.logo); "
    "print(time.perf_counter() - start)"
)


def measure_pptx(b: Bench) -> list[Result]:
    """The QBR deck of today's ribera (issue 17): the command a user runs, cold, and the
    deck alone (python-pptx imported, slides laid out, the zip written) beside it."""
    cmd = [*KAM, "build", str(EXAMPLE), "-f", "pptx", "-o", str(b.out)]
    whole, _peak = median_of(cmd, b.runs)
    probe = [sys.executable, "-c", _PPTX, str(EXAMPLE), str(b.out / "alone.pptx")]
    subprocess.run(probe, capture_output=True, check=True)  # warm-up
    alone = statistics.median(
        float(subprocess.run(probe, capture_output=True, text=True, check=True).stdout)
        for _ in range(b.runs)
    )
    return [
        Result("kam build --format pptx, cold (ribera)", "< 1.5 s", f"{whole:.3f} s", whole < 1.5),
        Result("  of which the deck alone", "—", f"{alone:.3f} s", None),
    ]


def measure_check(b: Bench) -> list[Result]:
    t, _peak = median_of([*KAM, "check", str(EXAMPLE)], b.runs)
    return [Result("kam check (ribera)", "< 0.5 s", f"{t:.3f} s", t < 0.5)]


def measure_diff(b: Bench) -> list[Result]:
    """`kam diff` of two versions of ribera: v0.1's copy and today's."""
    t, _peak = median_of([*KAM, "diff", str(b.ref.ribera), str(EXAMPLE)], b.runs)
    return [Result("kam diff (ribera, v0.1's and today's)", "< 1 s", f"{t:.3f} s", t < 1)]


#: The edit the watch measurement makes in examples/ribera/plan.yaml: a risk, in chapter C.
WATCH_EDIT = ("Perder el lote de guantes", "Perder el lote anual de guantes")
#: What `kam build --watch` prints when it is ready and when it wrote (English, Spanish).
READY = ("watching for changes", "vigilando los cambios")
WROTE = (": wrote ", ": escrito ")


def measure_watch(b: Bench) -> list[Result]:
    """A warm rebuild in `kam build --watch` after an edit of one chapter, against a cold
    `kam build` of the same project, in alternation (the first pair is a warm-up)."""
    results = []
    for fmt, target in (("html", 0.5), ("pdf", 0.3)):
        project = b.work / f"watch-{fmt}"
        shutil.copytree(EXAMPLE.parent, project)
        entry = project / "account.yaml"
        cold_cmd = [*KAM, "build", str(entry), "-f", fmt, "-o", str(b.work / f"cold-{fmt}")]
        process = subprocess.Popen(
            [*KAM, "build", str(entry), "-f", fmt, "--watch"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait_for(process, READY)
            warm, cold = _watch_pairs(b.runs, project / "plan.yaml", process, cold_cmd)
        finally:
            process.terminate()
            process.wait(timeout=10)
        ratio = statistics.median(w / c for w, c in zip(warm, cold, strict=True))
        label = "HTML" if fmt == "html" else "PDF"
        results += [
            Result(
                f"watch, {label}: cold build (ribera)",
                "—",
                f"{statistics.median(cold):.3f} s",
                None,
            ),
            Result(
                f"watch, {label}: warm rebuild / cold",
                f"≤ {target:g}",
                f"{statistics.median(warm):.3f} s",
                ratio <= target,
                ratio=f"{ratio:.2f}",
            ),
        ]
    return results


def _watch_pairs(runs: int, plan: Path, process: subprocess.Popen, cold_cmd: list[str]):
    original = plan.read_text(encoding="utf-8")
    assert WATCH_EDIT[0] in original
    edited = original.replace(*WATCH_EDIT, 1)
    warm, cold = [], []
    for i in range(runs + 1):  # the first pair is a warm-up
        time.sleep(0.3)
        start = time.perf_counter()
        # A real edit of the text, undone the next time: every rebuild lays out the
        # pages around it again (kam.render.pdf.incremental) and writes the whole PDF.
        plan.write_text(edited if i % 2 == 0 else original, encoding="utf-8")
        _wait_for(process, WROTE)
        w = time.perf_counter() - start
        c, _peak = run(cold_cmd)
        if i:
            warm.append(w)
            cold.append(c)
    return warm, cold


def _wait_for(process: subprocess.Popen, texts: tuple[str, ...], timeout: float = 180) -> None:
    """Wait for a line of the watch's stderr holding one of `texts` (read by a thread,
    so that a watch that prints nothing more ends the wait after `timeout` seconds)."""
    lines = _lines_of(process)
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise SystemExit(f"timed out waiting for {texts[0]!r}") from None
        if not line:
            raise SystemExit("kam --watch stopped")
        if any(text in line for text in texts):
            return


def _lines_of(process: subprocess.Popen) -> queue.Queue:
    """The lines of `process`'s stderr, read by a thread started at the first call."""
    if not hasattr(process, "lines"):
        process.lines = queue.Queue()  # type: ignore[attr-defined]

        def read() -> None:
            for line in process.stderr:
                process.lines.put(line)
            process.lines.put("")

        threading.Thread(target=read, daemon=True).start()
    return process.lines  # type: ignore[attr-defined]


def measure_batch(b: Bench) -> list[Result]:
    """16 account builds (PDF and HTML) with --jobs 2 and --jobs 1, pair by pair."""
    entries = []
    for i in range(16):
        project = b.work / "batch" / f"account{i:02d}"
        shutil.copytree(ROOT / "examples" / "themed", project)
        entries.append(str(project / "account.yaml"))
    out = b.work / "batch-out"
    two = [*KAM, "build", *entries, "-o", str(out), "--jobs", "2"]
    one = [*KAM, "build", *entries, "-o", str(out), "--jobs", "1"]
    p = alternated([two, one], b.runs)
    speedup = 1 / p.ratio  # the median of --jobs 1 / --jobs 2, run by run
    return [
        Result("batch of 16 builds, --jobs 1", "—", f"{p.times[1]:.2f} s", None),
        Result(
            "batch of 16 builds, speed-up of --jobs 2",
            "≥ 1.7",
            f"{p.times[0]:.2f} s",
            speedup >= 1.7,
            ratio=f"{speedup:.2f}",
        ),
    ]


def measure_portfolio(b: Bench) -> list[Result]:
    """`kam portfolio` of 30 accounts (the three examples ten times), HTML, --jobs 2."""
    entries = []
    for i in range(10):
        for name in ("ribera", "brightfield", "themed"):
            project = b.work / "portfolio" / f"{name}{i}"
            shutil.copytree(ROOT / "examples" / name, project)
            entries.append(str(project / "account.yaml"))
    out = str(b.work / "portfolio-out")
    cmd = [*KAM, "portfolio", *entries, "-f", "html", "--jobs", "2", "-o", out]
    t, _peak = median_of(cmd, b.runs)
    return [Result("portfolio of 30 accounts (HTML, --jobs 2)", "< 5 s", f"{t:.2f} s", t < 5)]


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


def measure_csv(b: Bench) -> list[Result]:
    folder = b.work / "big"
    folder.mkdir()
    entry = write_big_csv(folder)
    cmd = [*KAM, "build", str(entry), "-f", "html", "-o", str(folder)]
    t, peak = median_of(cmd, b.runs)
    return [
        Result("1,000,000-line CSV: build --format html", "< 6 s", f"{t:.2f} s", t < 6),
        Result("1,000,000-line CSV: peak memory", "< 400 MB", f"{peak:.0f} MB", peak < 400),
    ]


def measure_xlsx(b: Bench) -> list[Result]:
    folder = b.work / "big-xlsx"
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
    t, peak = median_of(cmd, b.runs)
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


MEASURES = {
    "help": measure_help,
    "validate": measure_validate,
    "html": measure_html,
    "pdf": measure_pdf,
    "weasyprint": measure_weasyprint,
    "pptx": measure_pptx,
    "check": measure_check,
    "diff": measure_diff,
    "watch": measure_watch,
    "batch": measure_batch,
    "portfolio": measure_portfolio,
    "csv": measure_csv,
    "xlsx": measure_xlsx,
}


def table(results: list[Result]) -> str:
    rows = [("measurement", "target", "v0.1", "kam", "ratio", "result")]
    for r in results:
        verdict = r.verdict or ("—" if r.ok is None else ("pass" if r.ok else "FAIL"))
        rows.append((r.name, r.target, r.reference, r.kam, r.ratio, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def compile_kam() -> None:
    """Compile kam's modules to bytecode, as pip does when it installs kam (and did for
    v0.1's copy). The checkout is an editable install: where PYTHONDONTWRITEBYTECODE is
    set (this machine sets it) every run would compile about 70 modules from source,
    some 60 ms of a `kam validate` that no installed kam spends. Forced: compileall
    keeps a file whose recorded time matches its source's to the second, while the
    import system also checks its size, so a module edited twice within a second was
    compiled from source in every run (kam.i18n, 2 ms of each validate)."""
    import compileall

    import kam

    compileall.compile_dir(Path(kam.__file__).parent, quiet=1, force=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 5")
    parser.add_argument("--only", default=DEFAULT, help=f"comma-separated, of: {DEFAULT}")
    args = parser.parse_args()
    only = args.only.split(",")
    unknown = [name for name in only if name not in MEASURES]
    if unknown:
        parser.error(f"unknown measurement {', '.join(unknown)}; choose from {DEFAULT}")
    runs = 3 if args.quick else 5
    ref = ensure_reference()
    compile_kam()
    work = Path(tempfile.mkdtemp(prefix="kam-bench-"))
    started, load_start = dt.datetime.now(dt.UTC), load()
    results: list[Result] = []
    try:
        (work / "out").mkdir()
        bench = Bench(runs, work, work / "out", ref)
        for name in only:
            results += MEASURES[name](bench)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    minutes = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
    print(
        f"kam benchmark against v0.1 ({ref.commit}) — {os.cpu_count()} cores, "
        f"median of {runs} runs after a warm-up ({3 * runs} for --help, validate and "
        f"the HTML build), {started:%Y-%m-%d %H:%M} UTC, "
        f"{minutes:.0f} min\nload average (1, 5, 15 min): {load_start} at the start, "
        f"{load()} at the end\n"
    )
    print(table(results))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
