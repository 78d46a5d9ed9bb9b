"""A `Review` as the output of `kam check`: `as_text()` for one file (each criterion,
its checks and suggestions), `as_table()` for many (one row per file), `as_json()` for
machines (`file_entry()` is one file's part of it, before it is serialised).

JSON shape (`as_json`, version 2)::

    {"version": 2,
     "min_score": 80,                 # --min-score, or null
     "passed": true,                  # every file valid and at or above min_score
     "overall": 87,                   # the lowest overall score of the files reviewed
     "files": [
       {"file": "examples/ribera/account.yaml",
        "account": "Grupo Hospitalario Ribera",
        "language": "es",             # of the labels and suggestions
        "valid": true,
        "overall": 87,
        "criteria": [
          {"key": "analyzes_account",
           "name_en": "Analyzes the key account",
           "name_es": "Analiza la cuenta clave",
           "name": "Analiza la cuenta clave",     # in the document's language
           "score": 92,
           "checks": [
             {"code": "pest_dimensions", "label": "El PEST cubre …",
              "passed": true, "weight": 3, "suggestion": null},
             ...]},
          ...],
        "findings": [                 # every failed check, in the order of the criteria
          {"criterion": "understands_kam", "code": "placeholder", "weight": 3,
           "key": "plan.customer_business.strengths[2]",
           "file": "examples/ribera/plan.yaml", "line": 57, "column": 7,
           "suggestion": "B.5 plan.customer_business.strengths[2]: «TODO» es …"},
          {"criterion": "development_plans", "code": "nothing_overdue", "weight": 2,
           "key": null, "file": "examples/ribera/account.yaml", "line": null,
           "column": null, "suggestion": "…"},
          ...]},
       {"file": "broken/account.yaml", "account": null, "language": null,
        "valid": false, "overall": null, "criteria": [], "findings": [],
        "errors": [{"file": "broken/plan.yaml", "line": 3, "column": 5,
                    "key": "plan.x", "message": "…"}]}]}

Keys, criterion keys, check codes and the order of criteria and checks are stable;
`label`, `suggestion` and `name` are text in the document's language that may be
reworded. `suggestion` is null exactly when `passed` is true. A finding of a check
about a whole section (`code` of a criterion module) has its entry file and no line;
a finding about one place (`placeholder`, `starter_text`, `repeated_text`,
`too_short`, `single_word`, `no_figure`, `rule`) has its key, file, line and column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from kam.i18n import Messages
from kam.problems import Pos, Problem
from kam.review.checks import Review

JSON_VERSION = 2
MAX_SHOWN = 12  # suggestions per criterion in the text output; the JSON has them all

Show = Callable[[Path], str]


def _headings(_: Messages) -> tuple[str, str, str, str]:
    return _("Criterion"), _("Score"), _("Checks"), _("Overall")


def as_text(result: Review, lang: str | None = None) -> str:
    """A plain-text table: each criterion, its score and checks passed, then its
    suggestions indented below it; the overall score last. No colors. In the
    review's language (`lang` overrides it)."""
    language = lang or result.language
    _ = Messages(language)
    criterion, score, checks, overall = _headings(_)
    rows = [(c.name(language), c) for c in result.criteria]
    width = max([len(criterion), len(overall)] + [len(name) for name, _c in rows])
    sw = max(len(score), 5)
    lines = [f"{criterion:<{width}}  {score:>{sw}}  {checks}"]
    lines.append("-" * len(lines[0]))
    for name, c in rows:
        passed = sum(1 for k in c.checks if k.passed)
        lines.append(f"{name:<{width}}  {c.score:>{sw}}  {passed}/{len(c.checks)}")
        tips = c.suggestions
        for suggestion in tips[:MAX_SHOWN]:
            lines.append(f"    - {suggestion}")
        if len(tips) > MAX_SHOWN:
            more = len(tips) - MAX_SHOWN
            lines.append(
                "    "
                + _.plural(
                    "… and {n} more suggestion (kam check --format json lists them all)",
                    "… and {n} more suggestions (kam check --format json lists them all)",
                    more,
                )
            )
    lines.append("-" * len(lines[0]))
    lines.append(f"{overall:<{width}}  {result.overall:>{sw}}")
    return "\n".join(lines) + "\n"


def as_table(rows: Sequence[tuple[str, str, Review | None]], language: str = "en") -> str:
    """One line per file: (file, account, review or None when invalid) → the account,
    its score on each criterion and its overall score, then the file."""
    _ = Messages(language)
    heads = [
        _("Account"),
        _("Analysis"),
        _("KAM"),
        _("Objectives"),
        _("Plans"),
        _("Rewards"),
        _("Overall"),
        _("File"),
    ]
    body = []
    for file, account, result in rows:
        if result is None:
            body.append([account or "?", *(["—"] * 5), _("invalid"), file])
        else:
            scores = [str(c.score) for c in result.criteria]
            body.append([account, *scores, str(result.overall), file])
    widths = [max(len(r[i]) for r in [heads, *body]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        numbers = [f"{cell:>{widths[i]}}" for i, cell in enumerate(cells[1:-1], start=1)]
        return "  ".join([first, *numbers, cells[-1]])

    lines = [line(heads)]
    lines.append("-" * len(lines[0]))
    lines += [line(cells) for cells in body]
    return "\n".join(lines) + "\n"


def _where(pos: Pos | None, show: Show) -> dict[str, object]:
    return {
        "file": show(pos.file) if pos else None,
        "line": pos.line if pos else None,
        "column": pos.col if pos else None,
    }


def file_entry(
    result: Review, file: Path | None = None, account: str | None = None, show: Show = str
) -> dict[str, object]:
    """One reviewed file's part of the JSON report."""
    entry_file = show(file) if file is not None else None
    findings = []
    for criterion, check in result.failed:
        where = _where(check.pos, show)
        if check.pos is None:
            where["file"] = entry_file
        findings.append(
            {
                "criterion": criterion,
                "code": check.code,
                "weight": check.weight,
                "key": check.key or None,
                **where,
                "suggestion": check.suggestion,
            }
        )
    return {
        "file": entry_file,
        "account": account,
        "language": result.language,
        "valid": True,
        "overall": result.overall,
        "criteria": [
            {
                "key": c.key,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "name": c.name(result.language),
                "score": c.score,
                "checks": [
                    {
                        "code": k.code,
                        "label": k.label,
                        "passed": k.passed,
                        "weight": k.weight,
                        "suggestion": k.suggestion,
                    }
                    for k in c.checks
                ],
            }
            for c in result.criteria
        ],
        "findings": findings,
    }


def invalid_entry(file: Path, errors: Sequence[Problem], show: Show = str) -> dict[str, object]:
    """A file that could not be reviewed: its errors, where they are."""
    return {
        "file": show(file),
        "account": None,
        "language": None,
        "valid": False,
        "overall": None,
        "criteria": [],
        "findings": [],
        "errors": [
            {**_where(p.pos, show), "key": p.key or None, "message": p.message} for p in errors
        ],
    }


def as_dict(result: Review) -> dict[str, object]:
    """One review as the JSON report of one file (without file name)."""
    return report([file_entry(result)])


def report(entries: Sequence[dict[str, object]], min_score: int | None = None) -> dict[str, object]:
    """The whole JSON report of `kam check` from the files' entries."""
    scores = [e["overall"] for e in entries if e["valid"]]
    passed = all(e["valid"] for e in entries) and (
        min_score is None or all(s >= min_score for s in scores)  # type: ignore[operator]
    )
    return {
        "version": JSON_VERSION,
        "min_score": min_score,
        "passed": passed,
        "overall": min(scores) if scores else None,  # type: ignore[type-var]
        "files": list(entries),
    }


def as_json(result: Review | Sequence[dict[str, object]], min_score: int | None = None) -> str:
    """The report as JSON (version 2; the shape is in this module's docstring): of one
    review, or of the files' entries (`file_entry`, `invalid_entry`)."""
    entries = [file_entry(result)] if isinstance(result, Review) else result
    data = report(entries, min_score)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
