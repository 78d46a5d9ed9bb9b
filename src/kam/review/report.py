"""A `Review` as the output of `kam check`: `as_text()` for people, `as_json()` for
machines (`as_dict()` is the same data before it is serialised).

JSON shape (`as_json`, version 1)::

    {"version": 1,
     "overall": 87,
     "criteria": [
       {"key": "analyzes_account",
        "name_en": "Analyzes the key account",
        "name_es": "Analiza la cuenta clave",
        "score": 92,
        "checks": [
          {"label": "PEST covers the political, economic, social and technological dimensions",
           "passed": true, "weight": 3, "suggestion": null},
          ...]},
       ...]}

`suggestion` is null exactly when `passed` is true. Keys and the order of criteria
are stable; labels and suggestions are English text that may be reworded.
"""

from __future__ import annotations

import json

from kam.review.checks import Review

JSON_VERSION = 1


def as_text(result: Review, lang: str = "en") -> str:
    """A plain-text table: each criterion, its score and checks passed, then its
    suggestions indented below it; the overall score last. No colors."""
    rows = [(c.name_es if lang.startswith("es") else c.name_en, c) for c in result.criteria]
    width = max([len("Criterion"), len("Overall")] + [len(name) for name, _ in rows])
    lines = [f"{'Criterion':<{width}}  Score  Checks"]
    lines.append("-" * len(lines[0]))
    for name, c in rows:
        passed = sum(1 for k in c.checks if k.passed)
        lines.append(f"{name:<{width}}  {c.score:>5}  {passed}/{len(c.checks)}")
        for suggestion in c.suggestions:
            lines.append(f"    - {suggestion}")
    lines.append("-" * len(lines[0]))
    lines.append(f"{'Overall':<{width}}  {result.overall:>5}")
    return "\n".join(lines) + "\n"


def as_dict(result: Review) -> dict[str, object]:
    return {
        "version": JSON_VERSION,
        "overall": result.overall,
        "criteria": [
            {
                "key": c.key,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "score": c.score,
                "checks": [
                    {
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
    }


def as_json(result: Review) -> str:
    """The review as JSON (version 1; the shape is in this module's docstring)."""
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
