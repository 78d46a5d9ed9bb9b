"""Cross-checks a schema cannot express: unique ids, references that resolve,
shares that add up, bands that ascend, dates in order. All are errors, but one: a
reference to a part of the document not written yet (a buying stage naming contact
'c-compras' before plan.yaml, A.2, exists) is a warning, so that a plan builds at
every step of writing it. A part that is written but lacks the id is an error."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kam.i18n import N_, _, babel_locale, code_language
from kam.limits import MAX_AMOUNT
from kam.load import Loaded, tables
from kam.load.yamlsource import Loc
from kam.models import CostToServe, Document, PayoutBand, PurchaseHistory
from kam.problems import Problems, key_path, limit_text

TOLERANCE = 0.01
MAX_LISTED_IDS = 20  # a message lists at most this many known ids
MAX_SUGGESTION_POOL = 10_000  # "did you mean" looks among this many ids at most


@dataclass(frozen=True)
class Kind:
    """What a reference names: its messages (one per kind, so that each reads right in
    every language) and where the document defines its ids."""

    name: str  # a word for the messages that take it as a value: "used twice"
    unknown: str  # '{value}' is not a known …
    none: str  # No … is defined.
    pending: str  # … not known yet: defined in {file}, {section} ({key}), not written yet
    defined: tuple[Loc, ...]  # where the ids are written
    sections: str  # the course's sections that hold them


TEAM: Loc = ("plan", "current_position", "team")
CONTACTS: Loc = ("plan", "current_position", "contacts")
OBJECTIVES: Loc = ("plan", "company_strategy", "objectives")
ACTIONS: Loc = ("plan", "action_review", "actions")
CUSTOMERS: Loc = ("portfolio", "customers")

KINDS = {
    "team member": Kind(
        N_("team member"),
        N_("'{value}' is not a known team member"),
        N_("No team member is defined."),
        N_(
            "'{value}' is not a known team member yet: team members are defined in {file}, "
            "{section} ({key}), which is not written yet"
        ),
        (TEAM,),
        "A.1",
    ),
    "contact": Kind(
        N_("contact"),
        N_("'{value}' is not a known contact"),
        N_("No contact is defined."),
        N_(
            "'{value}' is not a known contact yet: contacts are defined in {file}, {section} "
            "({key}), which is not written yet"
        ),
        (CONTACTS,),
        "A.2",
    ),
    "team member or contact": Kind(
        N_("team member or contact"),
        N_("'{value}' is not a known team member or contact"),
        N_("No team member or contact is defined."),
        N_(
            "'{value}' is not a known team member or contact yet: they are defined in {file}, "
            "{section} ({key}), which is not written yet"
        ),
        (TEAM, CONTACTS),
        "A.1, A.2",
    ),
    "objective": Kind(
        N_("objective"),
        N_("'{value}' is not a known objective"),
        N_("No objective is defined."),
        N_(
            "'{value}' is not a known objective yet: objectives are defined in {file}, "
            "{section} ({key}), which is not written yet"
        ),
        (OBJECTIVES,),
        "C.5",
    ),
    "action": Kind(
        N_("action"),
        N_("'{value}' is not a known action"),
        N_("No action is defined."),
        N_(
            "'{value}' is not a known action yet: actions are defined in {file}, {section} "
            "({key}), which is not written yet"
        ),
        (ACTIONS,),
        "D.1",
    ),
    "customer": Kind(
        N_("customer"),
        N_("'{value}' is not a known customer"),
        N_("No customer is defined."),
        N_(
            "'{value}' is not a known customer yet: customers are defined in {file}, "
            "{section} ({key}), which is not written yet"
        ),
        (CUSTOMERS,),
        "portfolio",
    ),
}


def used_twice(what: str, ident: str, first) -> str:
    """`contact id 'c1' is used twice (first used on line 12)`."""
    message = _("{what} id '{id}' is used twice", what=_(KINDS[what].name), id=ident)
    return message + (_(" (first used on line {line})", line=first.line) if first else "")


class _Checker:
    def __init__(self, doc: Document, loaded: Loaded):
        self.doc = doc
        self.loaded = loaded
        self.problems: Problems = loaded.problems

    def error(self, loc: Loc, message: str, code: str = "") -> None:
        self.problems.error(message, self.loaded.source.pos(loc), key=key_path(loc), code=code)

    def warning(self, loc: Loc, message: str, code: str = "") -> None:
        self.problems.warning(message, self.loaded.source.pos(loc), key=key_path(loc), code=code)

    def number(self, value: float) -> str:
        """`99.5` as the document writes it (`99,5` in es-ES)."""
        text = f"{value:g}"
        if "." in text and code_language(self.doc.locale) == "es":
            from babel.numbers import get_decimal_symbol

            text = text.replace(".", get_decimal_symbol(babel_locale(self.doc.locale)))
        return text

    def count(self, n: int) -> str:
        """`12,000` (en), `12.000` (es-ES): a count as the document writes numbers."""
        from babel.numbers import format_decimal

        return format_decimal(n, format="#,##0", locale=babel_locale(self.doc.locale))

    # ---------------------------------------------------------- parts not written
    def written(self, loc: Loc) -> bool:
        """True when the document has a value at `loc` (even an empty list)."""
        node = self.loaded.data
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def file_of(self, loc: Loc) -> str:
        """The file that holds (or will hold) `loc`: the file its part is written in,
        relative to the project folder, or `plan.yaml` for a part not written yet."""
        for end in range(len(loc), 0, -1):
            if self.written(loc[:end]):
                pos = self.loaded.source.positions.get(loc[:end])
                if pos is not None:
                    path = Path(os.path.abspath(pos.file))
                    if path.is_relative_to(self.loaded.root):
                        return path.relative_to(self.loaded.root).as_posix()
                    return path.name
        return f"{loc[0]}.yaml"

    def pending(self, loc: Loc, value: str, kind: Kind) -> bool:
        """Warn, and say True, when the ids `value` may be among are not written yet."""
        missing = [where for where in kind.defined if not self.written(where)]
        if not missing:
            return False
        if len(missing) < len(kind.defined):  # team members or contacts: one list is written
            kind = KINDS["team member" if missing[0] == TEAM else "contact"]
        self.warning(
            loc,
            _(
                kind.pending,
                value=value,
                file=self.file_of(missing[0]),
                section=kind.sections,
                key=", ".join(key_path(m) for m in missing),
            ),
            code="reference-not-written-yet",
        )
        return True

    # ------------------------------------------------------------------ helpers
    def unique(self, loc: Loc, ids: Sequence[str], what: str) -> set[str]:
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                first = self.loaded.source.pos(loc + (seen[ident], "id"))
                self.error(loc + (index, "id"), used_twice(what, ident, first), "duplicate-id")
            else:
                seen[ident] = index
        return set(seen)

    def ref(self, loc: Loc, value: str | None, known: Iterable[str], what: str) -> None:
        if value is None:
            return
        known = set(known)
        if value in known:
            return
        kind = KINDS[what]
        if self.pending(loc, value, kind):
            return
        known = sorted(known)
        # a portfolio has up to a million ids: suggest and list from a few only
        pool = known if len(known) <= MAX_SUGGESTION_POOL else []
        hint = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
        tip = _("; did you mean '{hint}'?", hint=hint[0]) if hint else ""
        stop = " " if tip else ". "
        listing = ", ".join(known[:MAX_LISTED_IDS])
        if len(known) > MAX_LISTED_IDS:
            listing += _(", … ({count} in all)", count=self.count(len(known)))
        listing = _("Known: {ids}", ids=listing) if known else _(kind.none)
        message = _(kind.unknown, value=value) + tip + stop + listing
        self.error(loc, message, "unknown-reference")

    def sums_to_100(self, loc: Loc, values: list[float | None], what: str) -> None:
        given = [v for v in values if v is not None]
        if not given:
            return
        total = round(sum(given), 9)
        if abs(total - 100) > TOLERANCE + 1e-9:
            self.error(
                loc,
                _(
                    "{what} add up to {total}; they must add up to 100",
                    what=_(what),
                    total=self.number(total),
                ),
                "shares-not-100",
            )

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
                _("id '{id}' names both a team member and a contact; use distinct ids", id=ident),
                "duplicate-id",
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
                self.error(loc + ("reports_to",), _("a contact cannot report to themself"))
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
            self.error(("period", "end"), _("the period must end after it starts"))

    def _analysis(self, contact_ids: set[str]) -> None:
        """Section B: the buying stages name known contacts, the decision criteria's
        weights add up to 100, the purchase history has one source whose records are
        dated and within the limits, and each cost to serve has one way of costing."""
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
                N_("the decision criteria weights"),
            )
        if analysis.purchase_history:
            self._purchase_history(analysis.purchase_history)
        if analysis.profitability:
            self._cost_to_serve(analysis.profitability.cost_to_serve)

    def _purchase_history(self, history: PurchaseHistory) -> None:
        """One source of purchases (a file or records, not both); each record dated (or
        given a period), the first record past the history's limits reported."""
        if history.csv is None and history.xlsx is None and history.records is None:
            self.error(
                ("analysis", "purchase_history"),
                _("give the purchases as 'csv: path/to/file.csv' or as 'records:'"),
            )
        if history.records:
            limits, seen = tables.HistoryLimits(), set()
            for i, record in enumerate(history.records):
                loc = ("analysis", "purchase_history", "records", i)
                if record.date is None and record.period is None:
                    self.error(loc, _("the record has neither a date nor a period"))
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
        if (history.csv or history.xlsx) is not None and history.records is not None:
            self.error(
                ("analysis", "purchase_history", "records"),
                _("give either 'csv' or 'records', not both"),
            )

    def _cost_to_serve(self, lines: Sequence[CostToServe]) -> None:
        """Each cost to serve is a 'cost' or a 'quantity' at a 'rate', and at most the
        largest amount."""
        for i, line in enumerate(lines):
            loc = ("analysis", "profitability", "cost_to_serve", i)
            has_rate = line.quantity is not None or line.rate is not None
            if line.cost is None and not (line.quantity is not None and line.rate is not None):
                self.error(loc, _("give either 'cost' or both 'quantity' and 'rate'"))
            elif line.cost is not None and has_rate:
                self.error(
                    loc + ("cost",), _("give either 'cost' or 'quantity' and 'rate', not both")
                )
            elif line.cost is None and line.quantity * line.rate > MAX_AMOUNT:
                self.error(
                    loc + ("rate",),
                    _(
                        "quantity × rate is {cost}; the cost must be at most {limit}",
                        cost=self.number(line.quantity * line.rate),
                        limit=limit_text(MAX_AMOUNT),
                    ),
                )

    def _strategy(self, strategy, team_ids, contact_ids, objective_ids) -> None:
        base: Loc = ("plan", "company_strategy")
        self.sums_to_100(
            base + ("critical_success_factors",),
            [f.weight for f in strategy.critical_success_factors],
            N_("the critical success factor weights"),
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
            self.ref(loc + ("customer_owner",), action.customer_owner, contact_ids, "contact")
            for j, dep in enumerate(action.depends_on):
                self.ref(loc + ("depends_on", j), dep, action_ids, "action")
                if dep == action.id:
                    self.error(loc + ("depends_on", j), _("an action cannot depend on itself"))
            if action.start and action.due and action.start > action.due:
                self.error(loc + ("due",), _("the due date is before the start date"))
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
        """Section E: the weights and shares add up to 100, each participant is a team
        member or a name (not both), and the payout curve's bands run on without gaps."""
        rewards = self.doc.rewards
        if not rewards:
            return
        base: Loc = ("rewards",)
        self.sums_to_100(
            base + ("objectives",),
            [o.weight for o in rewards.objectives],
            N_("the objective weights"),
        )
        self.sums_to_100(
            base + ("participants",),
            [p.share for p in rewards.participants],
            N_("the participant shares"),
        )
        self.sums_to_100(
            base + ("rewards",), [r.share for r in rewards.rewards], N_("the reward shares")
        )
        if rewards.split:
            self.sums_to_100(
                base + ("split",),
                [rewards.split.team, rewards.split.individual],
                N_("the team and individual proportions"),
            )
        for i, participant in enumerate(rewards.participants):
            loc = base + ("participants", i)
            if participant.member is None and participant.name is None:
                self.error(loc, _("give the participant as 'member: <team id>' or 'name:'"))
            elif participant.member is not None and participant.name is not None:
                self.error(loc + ("name",), _("give either 'member' or 'name', not both"))
            self.ref(loc + ("member",), participant.member, team_ids, "team member")
        self._payout_curve(rewards.payout_curve)

    def _payout_curve(self, bands: Sequence[PayoutBand]) -> None:
        """Each band ends after it starts, only the last is open-ended, and each starts
        where the one before it ends (a gap or an overlap is an error)."""
        base: Loc = ("rewards",)
        for i, band in enumerate(bands):
            loc = base + ("payout_curve", i)
            if band.to is not None and band.to <= band.from_:
                self.error(
                    loc + ("to",),
                    _(
                        "the band ends ({end}) before it starts ({start})",
                        end=self.number(band.to),
                        start=self.number(band.from_),
                    ),
                )
            if band.to is None and i != len(bands) - 1:
                self.error(loc, _("only the last band may be open-ended (without 'to')"))
            if i > 0:
                previous = bands[i - 1]
                if previous.to is not None and band.from_ != previous.to:
                    values = {"end": self.number(previous.to), "start": self.number(band.from_)}
                    message = (
                        _(
                            "there is a gap between bands: the previous band ends at {end} "
                            "and this one starts at {start}",
                            **values,
                        )
                        if band.from_ > previous.to
                        else _(
                            "there is an overlap between bands: the previous band ends at "
                            "{end} and this one starts at {start}",
                            **values,
                        )
                    )
                    self.error(loc + ("from",), message)

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
                self.problems.error(
                    used_twice("customer", ident, table.pos(seen[ident])),
                    table.pos(index),
                    key=key_path(loc + (index, "id")),
                    code="duplicate-id",
                )
            else:
                seen[ident] = index
        return set(seen)


def check(doc: Document, loaded: Loaded) -> None:
    """Add cross-check errors for `doc` to `loaded.problems`."""
    _Checker(doc, loaded).run()
