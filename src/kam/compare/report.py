"""`Changes` for people and machines: `view()` words and formats them in the new
document's language (the same view feeds `kam diff`'s text and Markdown and the
document's "Changes since the previous version" section); `as_json()` keeps the raw
values.

The words are the document's labels (`changes.*` in kam/locales/<language>.yaml) and
the amounts are Babel's in the document's locale: the caller passes the document's
`Labels` and `Formatter` (kam.render), which this room may not import.

JSON shape (`as_json`, version 1)::

    {"version": 1, "changed": true, "language": "es", "locale": "es",
     "currency": "EUR", "old": "HEAD~1", "new": "examples/ribera/account.yaml",
     "objectives": [{"kind": "changed", "id": "o1", "name": "…", "field": "target",
                     "old": 1450000, "new": 1500000, "unit": "EUR", "days": null}, …],
     "actions": [{"kind": "slipped", "id": "a4", …, "field": "due",
                  "old": "2027-01-30", "new": "2027-02-13", "days": 14}, …],
     "contacts": […], "risks": […], "sections": [{"kind": "text", "id": "B.1",
                  "name": "B.1", "field": "words", "old": 120, "new": 135, …}],
     "figures": [{"key": "revenue", "kind": "money", "old": 1200000.0,
                  "new": 1300000.0, "delta": 100000.0, "old_period": "2026",
                  "new_period": "2026", "changed": true}, …]}

`kind` is one of added, removed, changed (objectives), new, done, cancelled,
deferred, slipped, brought_forward, removed (actions), added, removed, attitude
(contacts), added, removed, rescored (risks), text (sections). Dates are ISO text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Protocol

from kam.compare.changes import Change, Changes, FigureChange, iso
from kam.i18n import code_language

JSON_VERSION = 1
# Babel writes a no-break space (or a narrow one) in amounts; a report line is plain.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


class Words(Protocol):
    """The document's labels (kam.render.labels.Labels)."""

    def __call__(self, key: str, **values: object) -> str: ...
    def enum(self, kind: str, value: str | None) -> str: ...


def as_json(changes: Changes, old: str, new: str) -> str:
    """The changes with their raw values, for machines."""
    data: dict[str, object] = {
        "version": JSON_VERSION,
        "changed": not changes.empty,
        "language": code_language(changes.locale),
        "locale": changes.locale,
        "currency": changes.currency,
        "old": old,
        "new": new,
    }
    for group in Changes.GROUPS:
        data[group] = [_change_json(c) for c in getattr(changes, group)]
    data["figures"] = [_figure_json(f) for f in changes.figures]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _change_json(change: Change) -> dict[str, object]:
    return {key: iso(value) for key, value in asdict(change).items()}


def _figure_json(figure: FigureChange) -> dict[str, object]:
    return {**asdict(figure), "delta": figure.delta, "changed": figure.changed}


def view(changes: Changes, t: Words, f, old: str) -> dict[str, object]:
    """The changes in words, as plain data: a title, what was compared, groups of
    items (each a line of text) and the key figures' table. `f` is the document's
    `Formatter`; `old` names the previous version (a revision or a file)."""
    say = _Sayer(t, f, changes.currency)
    groups = []
    for group in Changes.GROUPS:
        items = [say.item(c, group) for c in getattr(changes, group)]
        if items:
            groups.append({"key": group, "title": t(f"changes.{group}"), "items": items})
    rows = [say.figure(figure) for figure in changes.figures]
    return {
        "title": t("heading.changes"),
        "compared": t("changes.compared", old=old),
        "empty": changes.empty,
        "none": t("changes.none"),
        "groups": groups,
        "figures": {
            "title": t("changes.figures"),
            "heads": [
                t("changes.figure"),
                t("changes.before"),
                t("changes.now"),
                t("changes.change"),
            ],
            "rows": rows if any(r["changed"] for r in rows) else [],
        },
    }


class _Sayer:
    """Each change as a short phrase in the document's words and formats."""

    def __init__(self, t: Words, f, currency: str):
        self.t, self.f, self.currency = t, f, currency

    def item(self, change: Change, group: str) -> dict[str, object]:
        t = self.t
        name = t(f"heading.{change.name}") if change.kind == "text" else change.name
        label = name if change.kind == "text" else t("changes.quoted", name=name)
        head = f"{change.id} {label}" if change.id and change.kind != "text" else label
        return {"kind": change.kind, "id": change.id, "name": name, "head": head,
                "text": self.phrase(change, group)}  # fmt: skip

    def phrase(self, c: Change, group: str) -> str:
        t = self.t
        if c.kind == "changed" and c.field == "target":
            return t(
                "changes.target", old=self.measure(c.old, c.unit), new=self.measure(c.new, c.unit)
            )
        if c.kind == "changed":
            return t("changes.deadline", old=self.date(c.old), new=self.date(c.new))
        if c.kind in ("slipped", "brought_forward"):
            return t(f"changes.{c.kind}", delta=self.days(abs(c.days or 0)),
                     old=self.date(c.old), new=self.date(c.new))  # fmt: skip
        if c.kind == "attitude":
            return t("changes.attitude", old=self.attitude(c.old), new=self.attitude(c.new))
        if c.kind == "rescored":
            return t("changes.rescored", old=self.score(c.old), new=self.score(c.new))
        if c.kind == "text":
            return t("changes.words", old=self.f.number(c.old), new=self.f.number(c.new))
        return self.event(c, group)

    def event(self, c: Change, group: str) -> str:
        """added, removed, new, done, cancelled, deferred: the word, and what it brings."""
        t = self.t
        word = t(f"changes.action.{c.kind}" if group == "actions" else f"changes.{c.kind}")
        extra = ""
        if c.field == "due" and c.new:
            extra = t("changes.due", date=self.date(c.new))
        elif c.field == "score" and (c.new if c.kind == "added" else c.old) is not None:
            extra = t("changes.score", score=self.score(c.new if c.kind == "added" else c.old))
        elif c.field == "attitude" and (c.new or c.old):
            extra = t("changes.with_attitude", value=self.attitude(c.new or c.old))
        return f"{word} ({extra})" if extra else word

    def figure(self, figure: FigureChange) -> dict[str, object]:
        t, show = self.t, self.amount(figure.kind)
        period = figure.new_period or figure.old_period
        label = t(f"changes.{figure.key}", year=period or "")
        old = show(figure.old)
        if figure.old is not None and figure.old_period != figure.new_period and figure.old_period:
            old = f"{old} ({figure.old_period})"
        return {"key": figure.key, "label": label, "old": old, "new": show(figure.new),
                "change": self.delta(figure), "changed": figure.changed}  # fmt: skip

    def delta(self, figure: FigureChange) -> str:
        value = figure.delta
        if value is None:
            return self.t("doc.none")
        if round(value * 100 if figure.kind == "percent" else value, 2) == 0:
            return self.t("changes.same")
        if figure.kind == "percent":
            return self.t("changes.points", value=(self.f.points(value * 100)))
        sign = "+" if value > 0 else ""
        return sign + (self.f.money(value))

    def amount(self, kind: str) -> Callable[[float | None], str]:
        def show(value: float | None) -> str:
            if value is None:
                return self.t("doc.none")
            if kind == "percent":
                return self.f.percent(value)
            return self.f.money(value)

        return show

    def measure(self, value: object, unit: str | None) -> str:
        """An objective's target as the document writes it (kam's `measure` macro)."""
        if value is None:
            return self.t("doc.none")
        if isinstance(value, str):
            return value
        if unit == self.currency:
            return self.f.money(value)
        if unit == "%":
            return self.f.pct(value, 0 if float(value).is_integer() else 1)
        number = self.f.smart(value)
        return f"{number} {unit}" if unit else number

    def date(self, value: object) -> str:
        return (self.f.date(value, "medium")) if value else self.t("doc.none")

    def days(self, days: int) -> str:
        t = self.t
        if days and days % 7 == 0:
            weeks = days // 7
            return t("changes.week") if weeks == 1 else t("changes.weeks", n=weeks)
        return t("changes.day") if days == 1 else t("changes.days", n=days)

    def attitude(self, value: object) -> str:
        return self.t.enum("attitude", value) if value else self.t("doc.none")

    def score(self, value: object) -> str:
        return self.t("doc.none") if value is None else str(value)


def as_text(shown: dict) -> str:
    """A plain-text report of a `view()`: a title, then each group's lines."""
    lines = [shown["title"], shown["compared"], ""]
    if shown["empty"]:
        return "\n".join([*lines, shown["none"]]) + "\n"
    for group in shown["groups"]:
        lines.append(group["title"])
        lines += [f"  - {item['head']}: {item['text']}" for item in group["items"]]
        lines.append("")
    table = shown["figures"]
    if table["rows"]:
        lines.append(table["title"])
        cells = [table["heads"]] + [
            [r["label"], r["old"], r["new"], r["change"]] for r in table["rows"]
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(4)]
        for row in cells:
            first = f"  {row[0]:<{widths[0]}}"
            rest = [f"{cell:>{widths[i]}}" for i, cell in enumerate(row[1:], start=1)]
            lines.append("  ".join([first, *rest]).rstrip())
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").translate(_SPACES)


def as_markdown(shown: dict) -> str:
    """A Markdown report of a `view()`, short enough for a pull-request comment."""
    lines = [f"## {_md(shown['title'])}", "", _md(shown["compared"]), ""]
    if shown["empty"]:
        return "\n".join([*lines, _md(shown["none"])]) + "\n"
    for group in shown["groups"]:
        lines += [f"### {_md(group['title'])}", ""]
        lines += [f"- **{_md(item['head'])}**: {_md(item['text'])}" for item in group["items"]]
        lines.append("")
    table = shown["figures"]
    if table["rows"]:
        lines += [f"### {_md(table['title'])}", ""]
        lines.append("| " + " | ".join(_md(h) for h in table["heads"]) + " |")
        lines.append("|---|---:|---:|---:|")
        for r in table["rows"]:
            cells = [r["label"], r["old"], r["new"], r["change"]]
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    """User text in Markdown, its markup characters escaped (a name with `*` or `|`
    stays a name, and a table cell stays one cell)."""
    return " ".join(str(text).split()).translate(_MARKDOWN)
