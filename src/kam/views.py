"""Assemble what the templates need: the document, the computed views, the outline,
lookups from ids to names, and the formatters for the document's locale."""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from kam.analysis import history as history_mod
from kam.analysis import plan as plan_mod
from kam.analysis import portfolio as portfolio_mod
from kam.analysis import profitability as profit_mod
from kam.analysis import rewards as rewards_mod
from kam.fmt import Formatter, babel_locale, language
from kam.labels import Labels
from kam.models import Customer, Document
from kam.tables import PurchaseData

PLAN_SECTIONS = {
    "A": ["A.1", "A.2", "A.3", "A.4"],
    "B": ["B.1", "B.2", "B.3", "B.4", "B.5", "B.6", "B.7"],
    "C": ["C.1", "C.2", "C.3", "C.4", "C.5", "C.6", "C.7", "C.8"],
    "D": ["D.1", "D.2"],
}
REWARD_SECTIONS = ["objectives", "participants", "rewards", "proportions", "budget"]


@dataclass(frozen=True)
class Entry:
    key: str  # label key under "heading."
    level: int  # 1 = part, 2 = section, 3 = subsection

    @property
    def anchor(self) -> str:
        return "sec-" + self.key.replace(".", "-").replace("_", "-").lower()


def outline(doc: Document) -> list[Entry]:
    """Every heading of the deliverable, in order (drives the TOC and the body)."""
    entries = [Entry("analysis", 1)]
    entries += [
        Entry(k, 2)
        for k in ("pest", "customer_objectives", "value_chain", "buying_process", "purchase_history")
    ]
    if doc.analysis and doc.analysis.profitability:
        entries.append(Entry("profitability", 2))
    entries += [Entry("plan", 1), Entry("executive_summary", 2)]
    for part, subs in PLAN_SECTIONS.items():
        entries.append(Entry(part, 2))
        entries += [Entry(s, 3) for s in subs]
    entries.append(Entry("rewards", 1))
    entries += [Entry(f"rewards.{k}", 2) for k in REWARD_SECTIONS]
    if doc.portfolio:
        entries.append(Entry("portfolio", 1))
    return entries


def data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def document_date(doc: Document, today: dt.date) -> dt.date:
    return doc.date or today


def context(
    doc: Document,
    purchases: PurchaseData | None,
    customers: list[Customer] | None,
    logo: Path | None,
    today: dt.date,
) -> dict[str, object]:
    lang = language(doc.locale)
    t = Labels(lang)
    f = Formatter(babel_locale(doc.locale), doc.currency)
    plan = doc.plan
    position = plan.current_position if plan else None
    strategy = plan.company_strategy if plan else None
    review = plan.action_review if plan else None
    team = {m.id: m for m in (position.team if position else [])}
    contacts = {c.id: c for c in (position.contacts if position else [])}
    objectives = {o.id: o for o in (strategy.objectives if strategy else [])}
    date = document_date(doc, today)

    def who(ident: str) -> str:
        if ident in team:
            return team[ident].name
        if ident in contacts:
            return contacts[ident].name
        return ident

    analysis = doc.analysis
    history = None
    if purchases is not None and purchases.buckets:
        spend = analysis.purchase_history.category_spend if analysis and analysis.purchase_history else []
        history = history_mod.purchase_history(purchases, spend)
    waterfall = None
    if analysis and analysis.profitability:
        waterfall = profit_mod.waterfall(analysis.profitability)
    portfolio = None
    if doc.portfolio and customers is not None:
        portfolio = portfolio_mod.analyse(customers, doc.portfolio.key_account)
    factors = plan_mod.success_factors(strategy.critical_success_factors) if strategy else None
    actions = review.actions if review else []
    rewards = rewards_mod.analyse(doc.rewards) if doc.rewards else None

    return {
        "doc": doc,
        "lang": lang,
        "t": t,
        "f": f,
        "today": date,
        "title": doc.title or t("doc.default_title"),
        "outline": outline(doc),
        "plan_sections": PLAN_SECTIONS,
        "reward_sections": REWARD_SECTIONS,
        "team": team,
        "contacts": contacts,
        "objectives": objectives,
        "who": who,
        "history": history,
        "waterfall": waterfall,
        "portfolio_view": portfolio,
        "factors": factors,
        "risk_score": plan_mod.risk_score,
        "overdue": lambda a: plan_mod.is_overdue(a, date),
        "actions_cost": sum(a.cost or 0 for a in actions),
        "progress": plan_mod.progress(list(objectives.values()), actions),
        "rewards_view": rewards,
        "logo": data_uri(logo) if logo else None,
        "prepared_by": [who(i) for i in doc.prepared_by],
    }
