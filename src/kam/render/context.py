"""Assemble what the templates need: the document, the computed views, the outline,
lookups from ids to names, and the formatters for the document's locale."""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from kam import text
from kam.analysis import history as history_mod
from kam.analysis import plan as plan_mod
from kam.analysis import portfolio as portfolio_mod
from kam.analysis import profitability as profit_mod
from kam.analysis import rewards as rewards_mod
from kam.load.tables import PurchaseData
from kam.models import Customer, Document
from kam.render import charts as chartviews
from kam.render.formats import Formatter, babel_locale, language
from kam.render.labels import Labels
from kam.render.sandbox import Helper, plain

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
        return anchor(self.key)


def anchor(key: str) -> str:
    """The HTML id of a heading (`A.1` → `sec-a-1`): the TOC links and the headings."""
    return "sec-" + key.replace(".", "-").replace("_", "-").lower()


def outline(doc: Document) -> list[Entry]:
    """Every heading of the deliverable, in order (drives the TOC and the body)."""
    entries = [Entry("analysis", 1)]
    entries += [
        Entry(k, 2)
        for k in (
            "pest",
            "customer_objectives",
            "value_chain",
            "buying_process",
            "purchase_history",
        )
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
    return text.data_uri(path.read_bytes(), mime)


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
    date = doc.date or today

    def who(ident: str) -> str:
        if ident in team:
            return team[ident].name
        if ident in contacts:
            return contacts[ident].name
        return ident

    analysis = doc.analysis
    history = None
    if purchases is not None and purchases.buckets:
        spend = (
            analysis.purchase_history.category_spend
            if analysis and analysis.purchase_history
            else []
        )
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
    smart = plan_mod.smart_checks(list(objectives.values()), actions)
    risks = strategy.risks if strategy else []

    colors = chartviews.palette(doc.theme)
    figures = {
        "history": history and chartviews.revenue_by_year(history, t, f, colors),
        "margin": history and chartviews.margin_by_year(history, t, f, colors),
        "waterfall": waterfall and chartviews.waterfall(waterfall, t, f, colors),
        "whale": portfolio and portfolio.rows and chartviews.whale(portfolio, t, f, colors),
        "matrix": portfolio and chartviews.matrix(portfolio, t, f, portfolio_mod.THRESHOLD, colors),
        "gaps": factors and chartviews.gaps(factors, t, f),
        "gantt": chartviews.timeline(actions, date, t, f),
        "allocation": rewards and chartviews.allocation(doc.rewards, rewards, who, t, f, colors),
    }

    helpers = {
        "t": Helper(t, enum=t.enum, enums=lambda kind, values: [t.enum(kind, v) for v in values]),
        "f": Helper(
            money=f.money,
            compact_money=f.compact_money,
            number=f.number,
            smart=f.smart,
            percent=f.percent,
            pct=f.pct,
            points=f.points,
            date=f.date,
        ),
        "who": who,
        "anchor": anchor,
        "index_by": lambda items, key: {item[key]: item for item in items},
    }
    data = {
        "doc": doc,
        "lang": lang,
        "today": date,
        "title": doc.title or t("doc.default_title"),
        "outline": outline(doc),
        "team": team,
        "contacts": contacts,
        "objectives": objectives,
        "history": history,
        "waterfall": waterfall,
        "portfolio_view": portfolio,
        "factors": factors,
        "gaps": plan_mod.gaps_worst_first(factors) if factors else [],
        "factor_rows": factor_rows(factors),
        "relationship": plan_mod.relationship_check(list(contacts.values())) if contacts else None,
        "smart": smart,
        "smart_parts": plan_mod.SMART_PARTS,
        "heat_map": plan_mod.heat_map(risks) if risks else None,
        "risk_scores": [plan_mod.risk_score(r) for r in risks],
        "overdue_ids": [a.id for a in actions if plan_mod.is_overdue(a, date)],
        "actions_cost": sum(a.cost or 0 for a in actions),
        "rewards_view": rewards,
        "charts": figures,
        "key_figures": key_figures(doc, history, waterfall, rewards, actions, t, f),
        "logo": data_uri(logo) if logo else None,
        "prepared_by": [who(i) for i in doc.prepared_by],
    }
    return {**plain(data), **helpers}


def factor_rows(factors):
    """C.1 rows, the largest shortfall first; rows without a gap keep their order last."""
    if not factors:
        return []
    ranked = plan_mod.gaps_worst_first(factors)
    return ranked + [row for row in factors.rows if row.gap is None]


def key_figures(doc, history, waterfall, rewards, actions, t, f) -> list[tuple[str, str]]:
    """The executive summary's box: the handful of numbers a director reads first."""
    out: list[tuple[str, str]] = []
    if history and history.years:
        last = history.years[-1]
        out.append((t("figure.last_revenue", year=last.label), f.money(last.revenue)))
        if history.cagr is not None:
            span = f"{history.years[0].label}–{last.label}"
            out.append((t("figure.cagr", span=span), f.percent(history.cagr)))
        if last.share_of_wallet is not None:
            out.append(
                (t("figure.share_of_wallet", year=last.label), f.percent(last.share_of_wallet))
            )
    if waterfall:
        net = waterfall[-1]
        period = (
            doc.analysis.profitability.period
            if doc.analysis and doc.analysis.profitability
            else None
        )
        label = t("figure.net_profit_period", period=period) if period else t("figure.net_profit")
        out.append((label, f.money(net.amount)))
    if rewards and rewards.total is not None:
        out.append((t("figure.rewards_budget"), f.money(rewards.total)))
    if actions:
        out.append((t("figure.actions"), f.number(len(actions))))
    return out
