"""The QBR deck: an editable PowerPoint file of 10 to 15 slides from the document and
its figures (computed once by the pipeline; read here, never computed again).

    write_deck(doc, figures, target, edition="internal", logo=None, when=None)

writes `target` (a .pptx file); `deck_bytes(...)` returns the same bytes. The charts
are native PowerPoint charts (`chart_data`), whose series hold the figures as computed.
The customer edition (`edition="customer"`) leaves out the internal slides
(relationship map, risks, profitability) and every profit figure, attitude and reward;
the lead's edition code filters the document itself. Texts are sized to their boxes
with auto-fit off (`fit`), long lists split across slides. Two builds of one document
give the same bytes (`reproducible`): fixed core properties, dated by `when`, else the
document's date, else the day of the build (SOURCE_DATE_EPOCH when set).

python-pptx is imported only here, inside the functions: `kam --help` never pays it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kam.analysis import Figures
from kam.load.images import Logo
from kam.models import Document
from kam.registry import EDITIONS

#: The logos a deck shows (PowerPoint cannot be relied on to draw an SVG one).
RASTER = ("image/png", "image/jpeg")
#: The slides the customer edition leaves out (their title's label keys).
INTERNAL_SLIDES = ("deck.relationship", "deck.risks", "chart.waterfall")


def write_deck(
    doc: Document,
    figures: Figures,
    target: Path,
    *,
    edition: str = "internal",
    logo: Logo | None = None,
    when: dt.date | None = None,
) -> None:
    """Write the deck of `doc` into `target` (see `deck_bytes`)."""
    Path(target).write_bytes(deck_bytes(doc, figures, edition=edition, logo=logo, when=when))


def deck_bytes(
    doc: Document,
    figures: Figures,
    *,
    edition: str = "internal",
    logo: Logo | None = None,
    when: dt.date | None = None,
) -> bytes:
    """The deck as the bytes of a .pptx file. `logo`: the loader's checked logo (a PNG
    or JPEG is shown on the title slide; an SVG one, which PowerPoint files cannot rely
    on, is left out). `when`: the day the deck speaks for (its date and its files')."""
    import io

    from kam.deck import actions, internal, reproducible, slides
    from kam.deck.layout import Page
    from kam.render.charts import palette
    from kam.render.formats import Formatter, babel_locale
    from kam.render.labels import Labels, confidential_mark

    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    day = when or figures.when  # the document's date, else the build's (SOURCE_DATE_EPOCH)
    t = Labels(doc.locale)
    f = Formatter(babel_locale(doc.locale), doc.currency)
    customer = edition == "customer"
    footer = f"{doc.account.name} · {doc.company.name} · {f.date(day)}"
    if doc.confidential:
        footer += " · " + confidential_mark(t, doc.account.name, edition)
    raster = logo.data if logo and logo.media_type in RASTER else None
    page = Page(palette(doc.theme), doc.theme.font if doc.theme else None, footer, raster)
    deck = slides.Deck(page, doc, figures, t, f, slides.people(doc), customer, logo, day)
    steps = [
        slides.title, slides.glance, slides.history, slides.customer_objectives,
        slides.objectives, actions.timeline, actions.top_actions,
        internal.relationship, internal.risks, internal.waterfall,
        slides.kpis, actions.next_review,
    ]  # fmt: skip
    for step in steps:
        if customer and step.__module__ == internal.__name__:
            continue
        step(deck)
    stamp = dt.datetime.combine(day, dt.time(), dt.UTC)
    title = doc.title or t("doc.default_title")
    reproducible.core_properties(page.prs, title, doc.account.name, stamp, doc.locale)
    out = io.BytesIO()
    page.prs.save(out)
    return reproducible.normalized(out.getvalue(), stamp)
