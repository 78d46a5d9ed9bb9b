"""Assemble what the templates need: the document, the computed views, the outline,
lookups from ids to names, and the formatters for the document's locale."""

from __future__ import annotations

from dataclasses import dataclass

from kam import text
from kam.analysis import Figures
from kam.analysis import actuals as actuals_mod
from kam.analysis import plan as plan_mod
from kam.analysis import portfolio as portfolio_mod
from kam.load.images import Logo
from kam.models import Document
from kam.registry import CUSTOMER_LEAVES_OUT
from kam.render import charts as chartviews
from kam.render.formats import Formatter, babel_locale
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


def outline(doc: Document, edition: str = "internal") -> list[Entry]:
    """Every heading of the deliverable, in order (drives the TOC and the body). The
    customer edition leaves out the headings kam.registry.CUSTOMER_LEAVES_OUT names
    when nothing of theirs is kept (kam.models.editions), and the summary when the
    plan has none for the customer."""
    entries = _outline(doc)
    if edition != "customer":
        return entries
    plan = doc.plan
    strategy = plan.company_strategy if plan else None
    # what the customer view kept of each heading it leaves out by default
    left = {
        "profitability": bool(doc.analysis and doc.analysis.profitability),
        "C.1": bool(strategy and strategy.critical_success_factors),
        "C.4": False,  # our strengths and weaknesses: plain texts, never kept
        "C.7": bool(strategy and strategy.relationship_strategies),
        "C.8": bool(strategy and strategy.risks),
        "rewards": doc.rewards is not None,
        "portfolio": doc.portfolio is not None,
    }
    kept = {key: left[key] for key in CUSTOMER_LEAVES_OUT}
    kept["executive_summary"] = bool(plan and plan.executive_summary)
    out = [e for e in entries if kept.get(e.key, True)]
    if not kept["rewards"]:
        out = [e for e in out if not e.key.startswith("rewards.")]
    return out


def _outline(doc: Document) -> list[Entry]:
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


def with_changes(entries: list[Entry]) -> list[Entry]:
    """The outline with "Changes since the previous version" at the end of the plan."""
    end = next(i for i, e in enumerate(entries) if e.key == "rewards")
    return [*entries[:end], Entry("changes", 2), *entries[end:]]


def context(
    doc: Document,
    figures: Figures,
    logo: Logo | None = None,
    changes: dict | None = None,
    edition: str = "internal",
) -> dict[str, object]:
    """What the templates receive: plain data (the document, its figures, the charts,
    the outline) and kam's helpers (labels, formats, `who`). `changes` is the section
    "Changes since the previous version" (kam build --compare-to), already worded. For
    the customer edition, `doc` and `figures` are the edited document's
    (kam.models.editions.customer_view)."""
    t = Labels(doc.locale)  # the language's labels, and the region's own words
    f = Formatter(babel_locale(doc.locale), doc.currency)
    people = _People.of(doc)
    plan = doc.plan
    strategy = plan.company_strategy if plan else None
    ar = plan.action_review if plan else None
    actions = ar.actions if ar else []
    contents = outline(doc, edition)
    data = {
        "doc": doc,
        "lang": t.language,
        "today": figures.when,
        "title": doc.title or t("doc.default_title"),
        "outline": with_changes(contents) if changes else contents,
        "shown": [e.key for e in contents],
        "edition": edition,
        "changes": changes,
        "team": people.team,
        "contacts": people.contacts,
        "objectives": {o.id: o for o in (strategy.objectives if strategy else [])},
        **_figures_data(figures, ar.budget if ar else None),
        "charts": charts(doc, figures, people.who, t, f),
        "key_figures": key_figures(
            doc, figures.history, figures.waterfall, figures.rewards, actions, t, f
        )
        + progress_figure(figures.progress, t, f),
        "logo": text.data_uri(logo.data, logo.media_type) if logo else None,
        "prepared_by": [people.who(i) for i in doc.prepared_by],
    }
    return {**plain(data), **helpers(t, f, people.who)}


def _figures_data(figures: Figures, budget: float | None) -> dict[str, object]:
    """The analyses the templates show as they are (computed once, kam.analysis)."""
    return {
        "history": figures.history,
        "waterfall": figures.waterfall,
        "portfolio_view": figures.portfolio,
        "factors": figures.factors,
        "gaps": figures.gaps,
        "factor_rows": figures.factor_rows,
        "relationship": figures.relationship,
        "smart": figures.smart,
        "smart_parts": plan_mod.SMART_PARTS,
        "heat_map": figures.heat_map,
        "risk_scores": figures.risk_scores,
        "overdue_ids": figures.overdue,
        "action_costs": {  # D.1: the plan's cost, what is shown apart, the budget
            "active": figures.actions_active_cost,
            "deferred": figures.actions_deferred_cost,
            "cancelled": figures.actions_cancelled_cost,
            "budget": budget,
        },
        "rewards_view": figures.rewards,
        "progress": figures.progress,  # D.2: KPIs and objectives against their path
    }


@dataclass
class _People:
    """The account team and the customer's contacts, by id."""

    team: dict
    contacts: dict

    @classmethod
    def of(cls, doc: Document) -> _People:
        position = doc.plan.current_position if doc.plan else None
        return cls(
            {m.id: m for m in (position.team if position else [])},
            {c.id: c for c in (position.contacts if position else [])},
        )

    def who(self, ident: str) -> str:
        """The name of a team member or contact, or the id when it names neither."""
        person = self.team.get(ident) or self.contacts.get(ident)
        return person.name if person else ident


def helpers(t: Labels, f: Formatter, who) -> dict[str, object]:
    """kam's helpers, the only callables templates receive: plain functions."""
    return {
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


def charts(doc: Document, figures: Figures, who, t: Labels, f: Formatter) -> dict[str, object]:
    """Every chart of the document (None where its figures are missing)."""
    history, waterfall, portfolio = figures.history, figures.waterfall, figures.portfolio
    factors, rewards = figures.factors, figures.rewards
    actions = doc.plan.action_review.actions if doc.plan and doc.plan.action_review else []
    colors = chartviews.palette(doc.theme)
    return {
        "history": history and chartviews.revenue_by_year(history, t, f, colors),
        "margin": history and chartviews.margin_by_year(history, t, f, colors),
        "waterfall": waterfall and chartviews.waterfall(waterfall, t, f, colors),
        "whale": portfolio and portfolio.rows and chartviews.whale(portfolio, t, f, colors),
        "matrix": portfolio and chartviews.matrix(portfolio, t, f, portfolio_mod.THRESHOLD, colors),
        "gaps": factors and chartviews.gaps(factors, t, f),
        "gantt": chartviews.timeline(actions, figures.when, t, f, overdue=figures.overdue),
        "allocation": rewards and chartviews.allocation(doc.rewards, rewards, who, t, f, colors),
        "progress": chartviews.progress(figures.progress, t, f),
    }


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


def progress_figure(items: list[actuals_mod.Progress], t: Labels, f: Formatter):
    """The key figure of progress to date: "On track: 3 of 5" (KPIs and objectives
    with a status), none before any actual."""
    on, judged = actuals_mod.on_track(items)
    if not judged:
        return []
    return [(t("actuals.key_figure"), t("actuals.of", n=f.number(on), total=f.number(judged)))]
