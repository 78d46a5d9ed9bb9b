"""The pipeline: load, validate, analyze, render. A library API; it never prints."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from kam import checks, loader, tables, validate
from kam.models import Document
from kam.output import write_atomic, write_text_atomic
from kam.problems import KamError, Pos, Problems
from kam.tables import PurchaseData

FORMATS = ("pdf", "html")


@dataclass
class Prepared:
    """A validated document with its data, ready to render."""

    loaded: loader.Loaded
    doc: Document
    purchases: PurchaseData | None
    customers: tables.CustomerTable | None
    logo: Path | None
    templates: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> Problems:
        return self.loaded.problems


def today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def prepare(entry: Path) -> tuple[Prepared | None, Problems]:
    """Load and validate `entry` and read its tables. Returns None when invalid."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    loaded = loader.load(Path(entry))
    timings["load"] = time.perf_counter() - start
    problems = loaded.problems
    if problems.errors:
        return None, problems
    start = time.perf_counter()
    doc = validate.validate(loaded)
    if doc is None:
        return None, problems
    checks.check(doc, loaded)
    purchases = _purchases(doc, loaded)
    customers = loaded.customers  # read from the CSV file by the loader
    if doc.portfolio and isinstance(doc.portfolio.customers, list):
        customers = tables.CustomerTable.of(doc.portfolio.customers)
    logo = None
    logo_name, logo_loc = doc.company.logo, ("company", "logo")
    if doc.theme and doc.theme.logo:
        logo_name, logo_loc = doc.theme.logo, ("theme", "logo")
    if logo_name:
        logo = loader.project_file(loaded, logo_loc, logo_name)
        if logo is not None and not _is_image(logo):
            problems.error(
                f"'{logo_name}' is not a PNG, JPEG or SVG image",
                loaded.source.pos(logo_loc),
                key=".".join(logo_loc),
            )
    templates = loaded.root / "templates"
    if templates.is_dir() and not templates.is_symlink():
        loaded.files.extend(sorted(p for p in templates.rglob("*") if p.is_file()))
    else:
        templates = None
    timings["validate"] = time.perf_counter() - start
    if problems.errors:
        return None, problems
    return Prepared(loaded, doc, purchases, customers, logo, templates, timings), problems


def _is_image(path: Path) -> bool:
    """Check the logo's content, not only its name: PNG, JPEG or SVG."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".svg":
        return b"<svg" in head
    return False


def _purchases(doc: Document, loaded: loader.Loaded) -> PurchaseData | None:
    history = doc.analysis.purchase_history if doc.analysis else None
    if history is None:
        return None
    if history.records is not None:
        return tables.aggregate_records(r.model_dump() for r in history.records)
    if history.csv is not None:
        loc = ("analysis", "purchase_history", "csv")
        path = loader.project_file(loaded, loc, history.csv)
        if path is None:
            return None
        return tables.read_purchases(path, loaded.problems)
    return None


def render_html(prepared: Prepared, when: dt.date | None = None) -> str:
    from jinja2 import TemplateError

    from kam import render, views

    start = time.perf_counter()
    ctx = views.context(
        prepared.doc,
        prepared.purchases,
        prepared.customers,
        prepared.logo,
        when or today(),
    )
    try:
        html = render.render_html(ctx, prepared.doc.theme, prepared.templates, prepared.loaded.root)
    except TemplateError as exc:
        if prepared.templates is None:
            raise  # kam's own templates failing is a bug, not a user error
        prepared.problems.error(_template_message(exc), _template_pos(exc, prepared.templates))
        raise KamError(prepared.problems) from None
    prepared.timings["render"] = time.perf_counter() - start
    return html


def _template_message(exc: Exception) -> str:
    from jinja2 import TemplateNotFound
    from jinja2.sandbox import SecurityError

    if isinstance(exc, TemplateNotFound):
        return (
            f"template '{exc.name}' not found (project templates must be regular files "
            "inside the project folder)"
        )
    if isinstance(exc, SecurityError):
        return f"the template does something the sandbox forbids: {exc}"
    return f"template error: {exc}"


def _template_pos(exc: Exception, templates: Path) -> Pos | None:
    """Where in a project template the error happened (Jinja maps frames to lines)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return Pos(Path(filename), lineno, 1)
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = Path(tb.tb_frame.f_code.co_filename)
        if name.suffix == ".j2" and name.resolve().is_relative_to(templates.resolve()):
            found = Pos(name, tb.tb_lineno, 1)
        tb = tb.tb_next
    return found


def output_name(entry: Path) -> str:
    """`ribera/account.yaml` → `ribera`; any other file → its stem."""
    entry = Path(entry)
    if entry.stem == "account":
        return entry.resolve().parent.name
    return entry.stem


def build(
    entry: Path,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    strict: bool = False,
    pdf_variant: str | None = None,
    keep_layout: bool = False,
) -> tuple[list[Path], Problems, dict[str, float]]:
    """Build `entry` into `out_dir` (default: beside the entry file). Raises KamError.

    With `strict`, warnings stop the build like errors. With `keep_layout` (watch mode)
    the PDF layout is kept in this process, and the next build of the same output lays
    out only the stretches that changed (kam.incremental). Projects with their own
    templates/ always get a full layout: their styles decide where pages break.
    """
    prepared, problems = prepare(entry)
    if prepared is None or (strict and problems.warnings):
        raise KamError(problems)
    html = render_html(prepared)
    out_dir = Path(out_dir) if out_dir is not None else Path(entry).parent
    name = output_name(entry)
    written: list[Path] = []
    if "pdf" in formats:
        from kam import pdf, render

        theme = prepared.doc.theme
        font = (theme.font if theme else None) or render.DEFAULT_FONT

        start = time.perf_counter()
        target = out_dir / f"{name}.pdf"
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        ok = write_atomic(
            target,
            lambda tmp: pdf.write_pdf(
                html,
                prepared.loaded.root,
                tmp,
                identifier,
                problems,
                pdf_variant,
                font_css=render.font_css(font),
                keep=str(target.resolve()) if keep_layout and prepared.templates is None else None,
                timings=prepared.timings,
            ),
        )
        prepared.timings["pdf"] = time.perf_counter() - start
        if not ok:
            raise KamError(problems)
        written.append(target)
    if "html" in formats:
        target = out_dir / f"{name}.html"
        write_text_atomic(target, html)
        written.append(target)
    return written, problems, prepared.timings
