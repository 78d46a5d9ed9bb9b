"""Editions of the deliverable: the customer edition is the document with what is
ours alone taken out, so that nothing internal can reach a template, a chart or the
deck (they all receive the edited document, and its figures are computed from it).

What the customer edition leaves out (kam.registry.CUSTOMER_LEAVES_OUT names the
headings):
- every item or section marked `internal: true`;
- the account's P&L (`analysis.profitability`) and the gross margins of the purchase
  history (a margin is ours; the analysis never sees them);
- the portfolio (other customers) and the rewards plan (our team's pay);
- C.1 (our scores against the competitor's), C.4 (our strengths and weaknesses), the
  competitors in the account (C.2), C.7 (relationship strategies) and C.8 (risks), and
  the pricing strategies of C.6;
- the contacts' influence, attitude and coverage;
- the executive summary, written for us: `plan.customer_summary` replaces it.

A section that is a mapping and is marked `customer: true` is kept whole; in a list the
edition leaves out, the items marked `customer: true` are kept.
"""

from __future__ import annotations

from pydantic import BaseModel

from kam.models.document import Document


def customer_view(doc: Document) -> Document:
    """`doc` as the customer may read it."""
    doc = _without_internal(doc)
    assert isinstance(doc, Document)
    analysis, plan = doc.analysis, doc.plan
    changes: dict[str, object] = {
        "portfolio": _kept(doc.portfolio),
        "rewards": _kept(doc.rewards),
    }
    if analysis is not None:
        history = analysis.purchase_history
        changes["analysis"] = analysis.model_copy(
            update={
                "profitability": _kept(analysis.profitability),
                "purchase_history": _without_margins(history) if history else None,
            }
        )
    if plan is not None:
        changes["plan"] = _plan(plan)
    return doc.model_copy(update=changes)


def _kept(section):
    """A section the edition leaves out, unless it is marked `customer: true`."""
    return section if section is not None and section.customer else None


def _marked(items: list) -> list:
    """The items of a list the edition leaves out that are marked `customer: true`."""
    return [item for item in items if getattr(item, "customer", False)]


def _plan(plan):
    update: dict[str, object] = {"executive_summary": plan.customer_summary}
    position, strategy = plan.current_position, plan.company_strategy
    if position is not None:
        contacts = [
            c if c.customer else c.model_copy(update=dict.fromkeys(_PRIVATE_CONTACT))
            for c in position.contacts
        ]
        update["current_position"] = position.model_copy(update={"contacts": contacts})
    if strategy is not None and not strategy.customer:
        update["company_strategy"] = strategy.model_copy(
            update={
                "critical_success_factors": _marked(strategy.critical_success_factors),
                "competitors_in_account": _marked(strategy.competitors_in_account),
                "strengths": [],
                "weaknesses": [],
                "relationship_strategies": _marked(strategy.relationship_strategies),
                "risks": _marked(strategy.risks),
                "commercial_strategies": [
                    s for s in strategy.commercial_strategies if s.type != "pricing" or s.customer
                ],
            }
        )
    return plan.model_copy(update=update)


_PRIVATE_CONTACT = ("influence", "attitude", "coverage")


def _without_margins(history):
    records = history.records
    if isinstance(records, list):
        records = [r.model_copy(update={"gross_margin": None}) for r in records]
        return history.model_copy(update={"records": records})
    return history  # a CSV: the build hides its margins (kam.pipeline, `has_margin`)


def _without_internal(value):
    """`value` with every item and section marked `internal: true` taken out."""
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            kept = _without_internal(item)
            if isinstance(item, BaseModel) and getattr(item, "internal", False):
                kept = None
            if kept is not item:
                update[name] = kept
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        kept = [_without_internal(v) for v in value if not getattr(v, "internal", False)]
        same = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if same else kept
    return value
