"""Pipeline: the only place that runs the stages in order. A library API; it never
prints.

Input: an entry file (`account.yaml`) and the build's options. Output: `prepare` →
a `Prepared` document (loaded, validated, its figures computed once, the rules run)
or its problems; `build` → the files written (the PDF, the HTML and the QBR deck as
a .pptx file, from kam.deck), all or none (`outputs`), of the internal or the
customer edition (`editions`). `batch` builds many documents in worker processes,
`watch` rebuilds them when their inputs change, `portfolio` rolls many accounts up
(kam.rollup), `changes` compares two versions of a plan (kam.compare), `entries`
finds the documents a changed file feeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kam import rules, validate
from kam.analysis import Figures, analyze
from kam.i18n import _, code_language, release_locale_data
from kam.limits import MAX_DATE, MIN_DATE
from kam.load import Loaded, load, overrides
from kam.load.overrides import Overrides
from kam.models import Document
from kam.pipeline.outputs import OutputError, Outputs, output_error
from kam.problems import KamError, Pos, Problems
from kam.registry import DOCUMENT_FORMATS, EDITION_SUFFIX


@dataclass
class Prepared:
    """A validated document with its figures, computed once, ready to render, review
    or report on."""

    loaded: Loaded
    doc: Document
    figures: Figures
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> Problems:
        return self.loaded.problems

    @property
    def templates(self) -> Overrides | None:
        """The project's own templates/ folder, read and checked by the loader."""
        return self.loaded.templates


def today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit() and len(epoch.strip()) <= 12:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (OverflowError, ValueError, OSError):
            day = None
        if day is not None and MIN_DATE <= day <= MAX_DATE:
            return day
        # Beyond the dates a document may hold: not a time the build can use.
    return dt.date.today()


def prepare(entry: Path, when: dt.date | None = None) -> tuple[Prepared | None, Problems]:
    """Load, validate and analyze `entry` (as of `when`: its `date:`, else today).
    Returns None with the problems when the document is invalid."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load(Path(entry))
    timings["load"] = time.perf_counter() - start
    problems = loaded.problems
    if not loaded.parsed:
        return None, problems
    start = time.perf_counter()
    doc = validate.validate(loaded)
    if doc is None:
        return None, problems
    timings["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    # Even with errors, the plan's own logic is judged: the user sees every problem at
    # once. A document whose references do not resolve may defeat an analysis; its
    # errors are what matters then.
    try:
        figures = analyze(doc, loaded.tables, doc.date or when or today())
        rules.check(doc, figures, loaded)
    except Exception:
        if problems.errors:
            return None, problems
        raise
    timings["analyze"] = time.perf_counter() - start
    if problems.errors:
        return None, problems
    return Prepared(loaded, doc, figures, timings), problems


def render_html(prepared: Prepared, changes: dict | None = None, edition: str = "internal") -> str:
    """The document as one self-contained HTML file (raises KamError when a project's
    own templates fail); `changes`: its section of changes (kam.pipeline.changes);
    `prepared` is the edition's (kam.pipeline.editions)."""
    from kam.render import context as views
    from kam.render import html as render
    from kam.render.sandbox import TemplateBudgetError

    start = time.perf_counter()
    ctx = views.context(prepared.doc, prepared.figures, prepared.loaded.logo, changes, edition)
    try:
        html = render.render_html(ctx, prepared.doc.theme, prepared.templates)
    except TemplateBudgetError as exc:
        pos = _template_pos(exc, prepared.templates)
        prepared.problems.error(_template_message(exc), pos or Pos(prepared.loaded.entry, 1, 1))
        raise KamError(prepared.problems) from None
    except Exception as exc:
        if prepared.templates is None:
            raise  # kam's own templates failing is a bug, not a user error
        prepared.problems.error(_template_message(exc), _template_pos(exc, prepared.templates))
        raise KamError(prepared.problems) from None
    prepared.timings["render"] = time.perf_counter() - start
    return html


def _template_message(exc: BaseException) -> str:
    """A project template's mistake in plain words (its position is given apart)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    from kam.load.overrides import TemplateReadError
    from kam.render.sandbox import TemplateBudgetError

    if isinstance(exc, TemplateNotFound):
        return _(
            "template '{name}' not found (project templates must be regular files "
            "inside the project folder)",
            name=_cut(exc.name),
        )
    if isinstance(exc, TemplateBudgetError):
        return _("the templates were stopped: {reason}", reason=exc)
    if isinstance(exc, SecurityError):
        return _("the template does something the sandbox forbids: {reason}", reason=_cut(exc))
    if isinstance(exc, RecursionError):
        return _(
            "the templates include, import or extend themselves without end (or a macro calls "
            "itself too deeply); a project template that extends kam's must name it "
            "'kam/document.html.j2'"
        )
    if isinstance(exc, TemplateReadError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return _("template syntax error: {reason}", reason=_cut(exc.message))
    if isinstance(exc, UndefinedError):
        return _("template error: {reason}", reason=_cut(exc))
    if isinstance(exc, OSError):
        return _("cannot read a project template: {reason}", reason=exc.strerror or exc)
    reason = f"{type(exc).__name__}: {_cut(exc)}"
    return _("template error: {reason}", reason=reason)


def _cut(value: object, limit: int = 200) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _template_pos(exc: BaseException, templates: overrides.Overrides | None) -> Pos | None:
    """Where in a project template the error happened (Jinja maps frames to lines)."""
    position = getattr(exc, "pos", None)
    if isinstance(position, Pos):
        return position
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return Pos(Path(filename), lineno, 1)
    if templates is None:
        return None
    found = None
    root = templates.folder.resolve()
    tb = exc.__traceback__
    while tb is not None:
        name = Path(tb.tb_frame.f_code.co_filename)
        if name.suffix == ".j2" and name.resolve().is_relative_to(root):
            found = Pos(name, tb.tb_lineno, 1)
            if isinstance(exc, RecursionError):
                break  # the outermost call is where the loop begins
        tb = tb.tb_next
    return found


def output_name(entry: Path) -> str:
    """`ribera/account.yaml` → `ribera`; any other file → its stem."""
    entry = Path(entry)
    if entry.stem == "account":
        return entry.absolute().parent.resolve().name
    return entry.stem


def pdf_first(written: Sequence[Path]) -> list[Path]:
    """The files a build wrote, as it reports them: the PDF first, then the others in
    the order they were written."""
    return sorted(written, key=lambda p: p.suffix != ".pdf")


def output_paths(
    entry: Path,
    out_dir: Path | None = None,
    formats: Sequence[str] = DOCUMENT_FORMATS,
    edition: str = "internal",
    language: str | None = None,
) -> dict[str, Path]:
    """Where a build of `entry` writes each format: into `out_dir`, or beside the entry
    file; named after it (`ribera/account.yaml` → `ribera.pdf`, `ribera.html`), with the
    edition's suffix in the document's `language` for any edition but the internal one
    (`ribera-cliente.pdf`, `ribera-customer.pdf`; the language of the entry's `locale:`
    line when not given)."""
    folder = Path(out_dir) if out_dir is not None else Path(entry).parent
    name = output_name(entry)
    suffixes = EDITION_SUFFIX.get(edition)
    if suffixes:
        from kam.load.yamlsource import raw_language

        language = code_language(language or raw_language(Path(entry)) or "en")
        name = f"{name}-{suffixes.get(language, suffixes['en'])}"
    return {fmt: folder / f"{name}.{fmt}" for fmt in formats}


@dataclass
class Built:
    """What a build wrote, the warnings it found, its timings and the document's locale
    (which says how the command line writes the numbers of its report)."""

    written: list[Path]
    problems: Problems
    timings: dict[str, float]
    locale: str


def build(
    entry: Path,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = DOCUMENT_FORMATS,
    **options: Any,
) -> tuple[list[Path], Problems, dict[str, float]]:
    """Build `entry` into `out_dir` (default: beside the entry file). Raises KamError.
    `options`: those of `build_document` (strict, pdf_variant, edition …)."""
    built = build_document(entry, out_dir, formats, **options)
    return built.written, built.problems, built.timings


def build_document(
    entry: Path,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = DOCUMENT_FORMATS,
    strict: bool = False,
    pdf_variant: str | None = None,
    keep_layout: bool = False,
    compare_to: str | None = None,
    edition: str = "internal",
    *,
    ready: Prepared | None = None,
    helpers: int = 0,
) -> Built:
    """Build `entry` into `out_dir` (default: beside the entry file). Raises KamError.
    `ready`: `entry` already prepared (kam.pipeline.batch validates a batch first).
    `helpers`: how many more processes the PDF may fork (kam.render.pdf.parallel, helper).

    With `strict`, warnings stop the build like errors. With `keep_layout` (watch mode)
    the PDF layout is kept in this process, and the next build of the same output lays
    out only the stretches that changed (kam.render.pdf.incremental). Projects with their own
    templates/ always get a full layout: their styles decide where pages break.
    With `compare_to` (a git revision), the document gets a section of what changed
    since then (the internal edition only: the changes name our own figures).
    `edition`: internal (the whole plan) or customer (kam.models.editions).
    """
    from kam.pipeline.editions import for_edition

    prepared, problems = (ready, ready.problems) if ready is not None else prepare(entry)
    if prepared is None or (strict and problems.warnings):
        raise KamError(problems)
    changes = None
    if compare_to is not None and edition == "internal":
        from kam.pipeline.changes import since

        diff = since(prepared, compare_to)
        if diff is None:
            raise KamError(problems)
        changes = diff.view()
    shown = for_edition(prepared, edition)
    targets = output_paths(entry, out_dir, formats, edition, prepared.doc.locale)
    html = render_html(shown, changes, edition) if {"html", "pdf"} & set(targets) else ""
    try:
        with Outputs() as outputs:
            if "html" in targets:
                outputs.write_text(targets["html"], html)
            if "pptx" in targets:
                outputs.write_bytes(targets["pptx"], _deck(shown, edition))
            if "pdf" in targets:
                target = targets["pdf"]
                keep = keep_layout and prepared.templates is None
                stage = outputs.stage(target)
                if not _write_pdf(shown, html, stage, pdf_variant, keep, target, helpers):
                    raise KamError(problems)
            written = outputs.commit()
    except OutputError as exc:
        problems.error(exc.message)
        raise KamError(problems) from None
    return Built(pdf_first(written), problems, prepared.timings, prepared.doc.locale)


def _deck(prepared: Prepared, edition: str) -> bytes:
    """The QBR deck of the edition's document (kam.deck), timed like the other outputs."""
    from kam.deck import deck_bytes

    start = time.perf_counter()
    data = deck_bytes(
        prepared.doc, prepared.figures, edition=edition, logo=prepared.loaded.logo,
        when=prepared.figures.when,
    )  # fmt: skip
    prepared.timings["pptx"] = time.perf_counter() - start
    return data


def _write_pdf(
    prepared: Prepared,
    html: str,
    tmp: Path,
    variant: str | None,
    keep: bool,
    target: Path,
    helpers: int = 0,
) -> bool:
    """Lay out and write the PDF into `tmp`; False when the renderer reported problems."""
    from kam.render import html as render
    from kam.render import pdf

    theme = prepared.doc.theme
    font = (theme.font if theme else None) or render.DEFAULT_FONT
    start = time.perf_counter()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    job = pdf.PdfJob(
        root=prepared.loaded.root,
        identifier=identifier,
        variant=variant,
        font_css=render.font_css(font),
        font_files=render.font_css(font, embed=False),
        helpers=helpers,
        own_templates=prepared.templates is None,
        keep=str(target.resolve()) if keep else None,
        when=prepared.figures.when,
        user_css=_user_css(prepared.templates),
    )
    if not keep:  # watch mode formats the next rebuild's HTML in a moment
        release_locale_data()  # the PDF's layout and writing are the peak of the memory
    try:
        ok = pdf.write_pdf(html, tmp, job, prepared.problems, prepared.timings)
    except OSError as exc:  # writing the file: a full disk, a folder taken away
        raise output_error(target, exc) from None
    except Exception as exc:
        if prepared.templates is None:
            raise  # kam's own document failing to render is a bug
        reason = f"{type(exc).__name__}: {_cut(exc, 120)}"
        # A project's own templates and styles can drive the renderer where kam's never
        # go (a font size compounded past what Pango can hold): the project's mistake.
        where = prepared.templates.folder
        if prepared.templates.style:
            where = where / overrides.STYLESHEET
        prepared.problems.error(
            _(
                "the PDF renderer failed on this project's own templates or stylesheet "
                "({reason}); undo the last change to templates/, or check it with "
                "--format html first",
                reason=reason,
            ),
            Pos(where, 1, 1),
        )
        return False
    prepared.timings["pdf"] = time.perf_counter() - start
    return ok


def _user_css(project: overrides.Overrides | None) -> tuple[Path, str] | None:
    """The project's stylesheet as it is in the HTML, and its file (for CSS messages)."""
    if project is None or not project.style:
        return None
    return project.folder / overrides.STYLESHEET, project.style
