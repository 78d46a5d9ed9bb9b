"""HTML to PDF with WeasyPrint, fetching nothing but data: URIs and project files."""

from __future__ import annotations

import atexit
import logging
import time
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from kam.problems import Problems


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ProjectFetcher(URLFetcher):
        """Allow data: URIs and regular files inside the project folder; refuse the rest."""

        def __init__(self, root: Path, refused: list[str]):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.root = root.resolve()
            self.refused = refused

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"kam refused to fetch {url!r}")

    return ProjectFetcher


PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u")


@cache
def _fonts(font_css: str):
    """The bundled fonts, parsed once per process: a warm process (watch mode, batch
    workers) reuses them, and the HTML parser never sees the fonts' data URIs."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    return CSS(string=font_css, font_config=config), config


def preload(font_css: str) -> None:
    """Parse the bundled fonts and start fontconfig and Pango, e.g. in a parent
    process before it forks build workers, so that every worker starts warm."""
    import weasyprint

    css, config = _fonts(font_css)
    weasyprint.HTML(string="<p>kam</p>").write_pdf(stylesheets=[css], font_config=config)


# Drop the cached fonts before the interpreter tears modules down, so WeasyPrint can
# remove its temporary font folder cleanly.
atexit.register(_fonts.cache_clear)


#: Layouts kept by a warm process (watch mode), by output file: see kam.incremental.
_kept: dict[str, tuple[str, object]] = {}  # (the fonts' CSS, kam.incremental.Layout)


def write_pdf(
    html: str,
    root: Path,
    target: Path,
    identifier: bytes,
    problems: Problems,
    variant: str | None = None,
    font_css: str = "",
    keep: str | None = None,
    timings: dict[str, float] | None = None,
) -> bool:
    """Render `html` to a tagged PDF at `target`; WeasyPrint warnings and refused fetches
    are errors. `variant` is one of PDF_VARIANTS (e.g. "pdf/ua-1"). `font_css`, when
    given, is the @font-face block of the HTML's stylesheet: it is taken out of the HTML
    and applied from a cache. With `keep` (a name for the output), the layout is kept in
    this process and the next call with the same `keep` lays out only what changed.
    `timings` receives the time of the layout and of the writing."""
    import weasyprint

    from kam import incremental

    stylesheets, options = [], {}
    if font_css and font_css in html:
        html = html.replace(font_css, "", 1)
        css, config = _fonts(font_css)
        stylesheets, options = [css], {"font_config": config}
    refused: list[str] = []
    fetcher = _fetcher_class()(root, refused)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)

    def render(text: str):
        document = weasyprint.HTML(
            string=text, base_url=str(root) + "/", url_fetcher=fetcher
        ).render(stylesheets=stylesheets, **options)
        return None if refused or handler.messages else document

    try:
        start = time.perf_counter()
        layout = None
        # The fonts are not in `html` any more: a kept layout is only valid for the same.
        kept_fonts, kept = _kept.pop(keep, (None, None))
        if kept is not None and kept_fonts == font_css:
            layout = incremental.relayout(html, kept, render)
        stage = "layout"
        if layout is not None:
            document = layout.document.copy(layout.pages)
            stage = f"layout ({layout.laid_out} of {len(layout.pages)} pages)"
        else:
            # Whatever a stretch laid out alone complained of, the full layout decides.
            refused.clear()
            handler.messages.clear()
            document = render(html)
        if document is None:
            for url in dict.fromkeys(refused):
                problems.error(f"the document refers to {url!r}, which kam does not fetch")
            for message in dict.fromkeys(handler.messages):
                if not any(u in message for u in refused):
                    problems.error(f"PDF rendering: {message}")
            return False
        if keep is not None:
            layout = layout or incremental.record(html, document)
            if layout is not None:
                _kept[keep] = (font_css, layout)
        written = time.perf_counter()
        document.write_pdf(
            target,
            pdf_identifier=identifier,
            pdf_variant=variant,
            pdf_tags=True,
            uncompressed_pdf=False,
        )
        if timings is not None:
            timings[stage] = written - start
            timings["write"] = time.perf_counter() - written
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    return True
