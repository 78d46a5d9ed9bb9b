"""Cross-checks a schema cannot express: unique ids, references that resolve,
shares that add up, bands that ascend, dates in order. All are errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from kam.limits import MAX_AMOUNT
from kam.load import Loaded, tables
from kam.load.yamlsource import Loc
from kam.models import Document
from kam.problems import Problems, key_path, limit_text

TOLERANCE = 0.01
MAX_LISTED_IDS = 20  # a message lists at most this many known ids
MAX_SUGGESTION_POOL = 10_000  # "did you mean" looks among this many ids at most


class _Checker:
    def __init__(self, doc: Document, loaded: Loaded):
        self.doc = doc
        self.loaded = loaded
        self.problems: Problems = loaded.problems

    def error(self, loc: Loc, message: str) -> None:
        self.problems.error(message, self.loaded.source.pos(loc), key=key_path(loc))

    def warning(self, loc: Loc, message: str) -> None:
        self.problems.warning(message, self.loaded.source.pos(loc), key=key_path(loc))

    # ------------------------------------------------------------------ helpers
    def unique(self, loc: Loc, ids: Sequence[str], what: str) -> set[str]:
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                first = self.loaded.source.pos(loc + (seen[ident], "id"))
                line = f" (first used on line {first.line})" if first else ""
                self.error(loc + (index, "id"), f"{what} id '{ident}' is used twice{line}")
            else:
                seen[ident] = index
        return set(seen)

    def ref(self, loc: Loc, value: str | None, known: Iterable[str], what: str) -> None:
        if value is None:
            return
        known = set(known)
        if value in known:
            return
        known = sorted(known)
        # a portfolio has up to a million ids: suggest and list from a few only
        pool = known if len(known) <= MAX_SUGGESTION_POOL else []
        hint = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
        tip = f"; did you mean '{hint[0]}'?" if hint else ""
        stop = " " if tip else ". "
        listing = ", ".join(known[:MAX_LISTED_IDS])
        if len(known) > MAX_LISTED_IDS:
            listing += f", … ({len(known):,} in all)"
        listing = f"Known: {listing}" if known else f"No {what} is defined."
        self.error(loc, f"'{value}' is not a known {what}{tip}{stop}{listing}")

    def sums_to_100(self, loc: Loc, values: list[float | None], what: str) -> None:
        given = [v for v in values if v is not None]
        if not given:
            return
        total = round(sum(given), 9)
        if abs(total - 100) > TOLERANCE + 1e-9:
            self.error(loc, f"{what} add up to {total:g}; they must add up to 100")

    # ------------------------------------------------------------------- checks
    def run(self) -> None:
        doc = self.doc
        plan = doc.plan
        position = plan.current_position if plan else None
        team = position.team if position else []
        contacts = position.contacts if position else []
        strategy = plan.company_strategy if plan else None
        objectives = strategy.objectives if strategy else []
        review = plan.action_review if plan else None
        actions = review.actions if review else []

        team_loc: Loc = ("plan", "current_position", "team")
        contacts_loc: Loc = ("plan", "current_position", "contacts")
        team_ids = self.unique(team_loc, [m.id for m in team], "team member")
        contact_ids = self.unique(contacts_loc, [c.id for c in contacts], "contact")
        for ident in team_ids & contact_ids:
            index = next(i for i, c in enumerate(contacts) if c.id == ident)
            self.error(
                contacts_loc + (index, "id"),
                f"id '{ident}' names both a team member and a contact; use distinct ids",
            )
        objective_ids = self.unique(
            ("plan", "company_strategy", "objectives"), [o.id for o in objectives], "objective"
        )
        action_ids = self.unique(
            ("plan", "action_review", "actions"), [a.id for a in actions], "action"
        )

        for i, member in enumerate(doc.prepared_by):
            self.ref(("prepared_by", i), member, team_ids, "team member")
        for i, contact in enumerate(contacts):
            loc = contacts_loc + (i,)
            self.ref(loc + ("reports_to",), contact.reports_to, contact_ids, "contact")
            if contact.reports_to == contact.id:
                self.error(loc + ("reports_to",), "a contact cannot report to themself")
            self.ref(loc + ("owner",), contact.owner, team_ids, "team member")
        if position:
            for i, problem in enumerate(position.problems):
                self.ref(
                    ("plan", "current_position", "problems", i, "owner"),
                    problem.owner,
                    team_ids,
                    "team member",
                )
        self._analysis(contact_ids)
        if strategy:
            self._strategy(strategy, team_ids, contact_ids, objective_ids)
        if review:
            self._actions(review, team_ids, contact_ids, objective_ids, action_ids)
        self._rewards(team_ids)
        self._portfolio()
        if doc.period and doc.period.start >= doc.period.end:
            self.error(("period", "end"), "the period must end after it starts")

    def _analysis(self, contact_ids: set[str]) -> None:
        analysis = self.doc.analysis
        if not analysis:
            return
        process = analysis.buying_process
        if process:
            base: Loc = ("analysis", "buying_process")
            for i, stage in enumerate(process.stages):
                for j, who in enumerate(stage.participants):
                    self.ref(base + ("stages", i, "participants", j), who, contact_ids, "contact")
            self.sums_to_100(
                base + ("decision_criteria",),
                [c.weight for c in process.decision_criteria],
                "the decision criteria weights",
            )
        history = analysis.purchase_history
        if history and history.csv is None and history.records is None:
            self.error(
                ("analysis", "purchase_history"),
                "give the purchases as 'csv: path/to/file.csv' or as 'records:'",
            )
        if history and history.records:
            limits, seen = tables.HistoryLimits(), set()
            for i, record in enumerate(history.records):
                loc = ("analysis", "purchase_history", "records", i)
                if record.date is None and record.period is None:
                    self.error(loc, "the record has neither a date nor a period")
                    continue
                period = tables.row_period({"date": record.date, "period": record.period})
                if period is None or (period, record.product) in seen:
                    continue
                seen.add((period, record.product))
                name = "date" if record.date is not None else "period"
                wrong = limits.check(period, record.product, str(getattr(record, name)))
                if wrong:
                    self.error(loc + (name if wrong[0] == "period" else "product",), wrong[1])
                    break
        if history and history.csv is not None and history.records is not None:
            self.error(
                ("analysis", "purchase_history", "records"),
                "give either 'csv' or 'records', not both",
            )
        profitability = analysis.profitability
        if profitability:
            for i, line in enumerate(profitability.cost_to_serve):
                loc = ("analysis", "profitability", "cost_to_serve", i)
                has_rate = line.quantity is not None or line.rate is not None
                if line.cost is None and not (line.quantity is not None and line.rate is not None):
                    self.error(loc, "give either 'cost' or both 'quantity' and 'rate'")
                elif line.cost is not None and has_rate:
                    self.error(
                        loc + ("cost",), "give either 'cost' or 'quantity' and 'rate', not both"
                    )
                elif line.cost is None and line.quantity * line.rate > MAX_AMOUNT:
                    self.error(
                        loc + ("rate",),
                        f"quantity × rate is {line.quantity * line.rate:g}; the cost must be "
                        f"at most {limit_text(MAX_AMOUNT)}",
                    )

    def _strategy(self, strategy, team_ids, contact_ids, objective_ids) -> None:
        base: Loc = ("plan", "company_strategy")
        self.sums_to_100(
            base + ("critical_success_factors",),
            [f.weight for f in strategy.critical_success_factors],
            "the critical success factor weights",
        )
        for i, objective in enumerate(strategy.objectives):
            self.ref(base + ("objectives", i, "owner"), objective.owner, team_ids, "team member")
        for i, item in enumerate(strategy.commercial_strategies):
            for j, ident in enumerate(item.objectives):
                self.ref(
                    base + ("commercial_strategies", i, "objectives", j),
                    ident,
                    objective_ids,
                    "objective",
                )
        for i, item in enumerate(strategy.relationship_strategies):
            loc = base + ("relationship_strategies", i)
            self.ref(loc + ("contact",), item.contact, contact_ids, "contact")
            self.ref(loc + ("owner",), item.owner, team_ids, "team member")

    def _actions(self, review, team_ids, contact_ids, objective_ids, action_ids) -> None:
        base: Loc = ("plan", "action_review", "actions")
        for i, action in enumerate(review.actions):
            loc = base + (i,)
            self.ref(loc + ("objective",), action.objective, objective_ids, "objective")
            self.ref(loc + ("owner",), action.owner, team_ids, "team member")
            for j, dep in enumerate(action.depends_on):
                self.ref(loc + ("depends_on", j), dep, action_ids, "action")
                if dep == action.id:
                    self.error(loc + ("depends_on", j), "an action cannot depend on itself")
            if action.start and action.due and action.start > action.due:
                self.error(loc + ("due",), "the due date is before the start date")
        if review.review:
            for i, meeting in enumerate(review.review.meetings):
                for j, who in enumerate(meeting.participants):
                    self.ref(
                        ("plan", "action_review", "review", "meetings", i, "participants", j),
                        who,
                        team_ids | contact_ids,
                        "team member or contact",
                    )

    def _rewards(self, team_ids: set[str]) -> None:
        rewards = self.doc.rewards
        if not rewards:
            return
        base: Loc = ("rewards",)
        self.sums_to_100(
            base + ("objectives",), [o.weight for o in rewards.objectives], "the objective weights"
        )
        self.sums_to_100(
            base + ("participants",),
            [p.share for p in rewards.participants],
            "the participant shares",
        )
        self.sums_to_100(
            base + ("rewards",), [r.share for r in rewards.rewards], "the reward shares"
        )
        if rewards.split:
            self.sums_to_100(
                base + ("split",),
                [rewards.split.team, rewards.split.individual],
                "the team and individual proportions",
            )
        for i, participant in enumerate(rewards.participants):
            loc = base + ("participants", i)
            if participant.member is None and participant.name is None:
                self.error(loc, "give the participant as 'member: <team id>' or 'name:'")
            elif participant.member is not None and participant.name is not None:
                self.error(loc + ("name",), "give either 'member' or 'name', not both")
            self.ref(loc + ("member",), participant.member, team_ids, "team member")
        bands = rewards.payout_curve
        for i, band in enumerate(bands):
            loc = base + ("payout_curve", i)
            if band.to is not None and band.to <= band.from_:
                self.error(
                    loc + ("to",), f"the band ends ({band.to:g}) before it starts ({band.from_:g})"
                )
            if band.to is None and i != len(bands) - 1:
                self.error(loc, "only the last band may be open-ended (without 'to')")
            if i > 0:
                previous = bands[i - 1]
                if previous.to is not None and band.from_ != previous.to:
                    gap = "a gap" if band.from_ > previous.to else "an overlap"
                    self.error(
                        loc + ("from",),
                        f"there is {gap} between bands: the previous band ends at "
                        f"{previous.to:g} and this one starts at {band.from_:g}",
                    )

    def _portfolio(self) -> None:
        portfolio = self.doc.portfolio
        if not portfolio:
            return
        loc: Loc = ("portfolio", "customers")
        if isinstance(portfolio.customers, list):
            ids = self.unique(loc, [c.id for c in portfolio.customers], "customer")
        elif self.loaded.tables.customers is not None:
            ids = self._unique_rows(loc, self.loaded.tables.customers)
        else:
            return
        self.ref(("portfolio", "key_account"), portfolio.key_account, ids, "customer")

    def _unique_rows(self, loc: Loc, table: tables.CustomerTable) -> set[str]:
        """Unique customer ids in a CSV table, which places its own cells."""
        seen: dict[str, int] = {}
        for index, ident in enumerate(table.ids):
            if ident in seen:
                first = table.pos(seen[ident])
                line = f" (first used on line {first.line})" if first else ""
                self.problems.error(
                    f"customer id '{ident}' is used twice{line}",
                    table.pos(index),
                    key=key_path(loc + (index, "id")),
                )
            else:
                seen[ident] = index
        return set(seen)


def check(doc: Document, loaded: Loaded) -> None:
    """Add cross-check errors for `doc` to `loaded.problems`."""
    _Checker(doc, loaded).run()
