"""The edition a build renders: the internal one is the prepared document itself; the
customer one is its customer view (kam.models.editions) with figures computed from
that view, once, so that nothing left out can reach the HTML, the PDF or the deck."""

from __future__ import annotations

import dataclasses

from kam.analysis import analyze
from kam.models.editions import customer_view
from kam.pipeline import Prepared


def for_edition(prepared: Prepared, edition: str) -> Prepared:
    """`prepared` as the edition shows it (the rules have judged the whole document)."""
    if edition != "customer":
        return prepared
    doc = customer_view(prepared.doc)
    tables = prepared.loaded.tables
    purchases = tables.purchases
    tables = dataclasses.replace(
        tables,
        # our gross margins and the other customers stay out of the figures
        purchases=dataclasses.replace(purchases, has_margin=False) if purchases else None,
        customers=None,
    )
    figures = analyze(doc, tables, prepared.figures.when)
    return dataclasses.replace(prepared, doc=doc, figures=figures)
