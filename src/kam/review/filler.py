"""Filler: texts that fill a field without saying anything about the account.

Each detector reads the document's free texts (`kam.review.texts.free_texts`) and
turns every text it catches into a failed check of the criterion the text belongs to,
with a suggestion that says where (`B.5 plan.customer_business.strengths[2]: …`) and
the text's position in its file. A text gets at most one of the text findings, the
first that applies in this order:

=================  ======  ==========================================================
code               weight  catches
=================  ======  ==========================================================
`placeholder`      3       a sample name ("Cliente Ejemplo S.A.", "My Company"); lorem
                           ipsum (two or more of its words making up 40 % of
                           the text, or `lorem`/`ipsum` anywhere), `TODO`, `TBD`,
                           `xxx`, `asdf`, "texto de ejemplo", "placeholder", "por
                           completar", `???`, a letter repeated four times (`aaaa`)
`starter_text`     3       a text of the `kam init` starter (either language) left as
                           it was: the same words once case, punctuation, Markdown,
                           numbers and currency codes are set aside; only texts of 4
                           words or 25 characters (a label: 5 words), so a short
                           label the starter happens to use ("Coste total") is not
                           caught
`repeated_text`    2       an explanation (SWOT item, prose, section, summary) of 4
                           words or more that is the same as an earlier one
`too_short`        2       an executive summary of fewer than 2 sentences or 30
                           words; a section (B.1, B.3, B.6, B.7, C.2, A.3) of fewer
                           than 6 words; an explanation (implication, our role,
                           mitigation, how…) of fewer than 3 words
`single_word`      1       a SWOT item (B.4, B.5, C.3, C.4) of one word
=================  ======  ==========================================================

and, once per objective, `no_figure` (weight 2): a C.5 objective, a customer objective
or a rewards objective with no number in its text, its target or its metric: SMART
asks for a figure to measure.

Placeholders and starter texts weigh 3, as much as the essential checks: such a text
is no content at all. Copies and texts too short to say anything weigh 2, like a
missing part of a section. A one-word SWOT item says something, only too little: 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from string import Template

from kam.models import Document
from kam.problems import key_path
from kam.review.checks import Check, _Parts, _short
from kam.review.texts import FreeText, Kind, Loc, free_texts, section, where

WEIGHTS = {
    "placeholder": 3,
    "starter_text": 3,
    "repeated_text": 2,
    "too_short": 2,
    "single_word": 1,
    "no_figure": 2,
}
MIN_SUMMARY_SENTENCES = 2
MIN_SUMMARY_WORDS = 30
MIN_SECTION_WORDS = 6
MIN_PROSE_WORDS = 3
MIN_COMPARED_WORDS = 4  # starter and repeated texts: at least this many words …
MIN_COMPARED_CHARS = 25  # … or this many characters
MIN_STARTER_LABEL_WORDS = 5  # a label (a KPI, an objective) of the starter: this many

# ------------------------------------------------------------------ normal form

_CURRENCY = re.compile(r"\b[A-Z]{3}\b")
_NUMBER = re.compile(r"\d+(?:[.,_\u00a0\u202f ]\d+)*")
_NON_WORD = re.compile(r"[\W_]+")


def normal(text: str) -> str:
    """The words of `text`, lower case, without punctuation or Markdown; every number
    is `0` and every three-letter code (a currency) is `¤`, so a sample whose figures
    or currency were changed is still the sample."""
    text = _CURRENCY.sub(" ¤ ", text)
    text = _NUMBER.sub(" 0 ", text)
    return _NON_WORD.sub(" ", text.casefold().replace("¤", " cur ")).strip()


# ------------------------------------------------------------------ placeholders

# Words of the lorem ipsum passage that are not also common Spanish or English words.
_LOREM_WORDS = (
    "lorem ipsum dolor amet consectetur adipiscing elit eiusmod tempor incididunt labore "
    "dolore aliqua enim minim veniam quis nostrud exercitation ullamco laboris nisi "
    "aliquip commodo consequat duis aute irure reprehenderit voluptate velit esse cillum "
    "fugiat nulla pariatur excepteur sint occaecat cupidatat proident sunt culpa officia "
    "deserunt mollit anim laborum"
)
LOREM = frozenset(_LOREM_WORDS.split())
LOREM_SHARE = 0.4
_PLACEHOLDER = re.compile(
    r"\b(?:lorem|ipsum|dolor sit|xxx+|asdf\w*|qwerty|placeholder|tbd|tbc|"
    r"texto de (?:ejemplo|relleno)|sample text|dummy text|por (?:completar|rellenar))\b"
    r"|\?\?\?|([^\W\d_])\1{3,}",
    re.IGNORECASE,
)
_TODO = re.compile(r"\b(?:TODO|FIXME)\b")  # upper case only: "todo" is Spanish for "all"
# A name (of the account, the company, a person) that is a sample: `kam init`'s default
# names are "Cliente Ejemplo S.A." and "My Company Inc.". In other texts "por ejemplo"
# is only a way of speaking.
_SAMPLE_NAME = re.compile(
    r"\b(?:ejemplo|example|sample|dummy|mi empresa|my company|nombre|apellido)\b", re.IGNORECASE
)


def is_placeholder(text: str, name: bool = False) -> bool:
    """Whether `text` is placeholder text (`name`: a name, where sample names count)."""
    if _PLACEHOLDER.search(text) or _TODO.search(text):
        return True
    if name and _SAMPLE_NAME.search(text):
        return True
    words = normal(text).split()
    lorem = sum(1 for w in words if w in LOREM)
    return lorem >= 2 and lorem >= LOREM_SHARE * len(words)


# ------------------------------------------------------------------ the starter


def _compared(normal_text: str) -> bool:
    """Long enough to be compared: a short label may be anyone's."""
    return len(normal_text.split()) >= MIN_COMPARED_WORDS or len(normal_text) >= MIN_COMPARED_CHARS


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@cache
def starter_texts() -> frozenset[str]:
    """The normal form of every text of the shipped starter projects (both languages),
    read once per process. The starter files are `string.Template` texts: their
    placeholders become `0` (numbers, dates, years) or a currency code, which `normal`
    sets aside the same way in the document's texts."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    values = _TemplateValues()
    found: set[str] = set()
    for folder in files("kam").joinpath("starter").iterdir():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if not entry.name.endswith(".yaml"):
                continue
            text = Template(entry.read_text(encoding="utf-8")).safe_substitute(values)
            try:
                data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
            except yaml.YAMLError:
                continue
            found.update(n for n in map(normal, _strings(data)) if _compared(n))
    return frozenset(found)


class _TemplateValues(dict):
    """Every placeholder of a starter file: a currency code for `$currency`, `0` for
    the rest (dates, years, names: the names are not among the texts compared)."""

    def __missing__(self, key: str) -> str:
        return "EUR" if key == "currency" else "0"


# ------------------------------------------------------------------ detectors


_ITEM = re.compile(r"([-*+]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def _sentences(text: str) -> int:
    """Sentences and list items of a Markdown text: a list item counts as one, and a
    paragraph's lines are joined first (a sentence may run over several lines)."""
    count = 0
    paragraph: list[str] = []

    def flush() -> int:
        joined = " ".join(paragraph)
        paragraph.clear()
        return len([part for part in _SENTENCE_END.split(joined) if part.strip()])

    for line in text.splitlines():
        line = line.strip()
        if not line or _ITEM.match(line):
            count += flush() + (1 if line else 0)
        else:
            paragraph.append(line)
    return count + flush()


def _text_finding(p: _Parts, t: FreeText, n: str, seen: dict[str, str]) -> tuple[str, str] | None:
    """(code, suggestion) for the first detector that catches `t`, or None."""
    _ = p._
    place = where(t.key)
    quoted = _("'{text}'", text=_short(t.text))
    words = len(n.split())
    if t.kind is Kind.NAME and is_placeholder(t.text, name=True):
        return "placeholder", _(
            "{where}: {text} is a sample name; write the real one", where=place, text=quoted
        )
    if is_placeholder(t.text):
        return "placeholder", _(
            "{where}: {text} is placeholder text; write the account's real content",
            where=place,
            text=quoted,
        )
    if t.kind is Kind.NAME:
        return None
    label = t.kind is Kind.LABEL
    if (len(n.split()) >= MIN_STARTER_LABEL_WORDS if label else _compared(n)) and (
        n in starter_texts()
    ):
        return "starter_text", _(
            "{where}: {text} is the sample text of the kam init starter; replace it with "
            "this account's own",
            where=place,
            text=quoted,
        )
    if label:
        return None
    if words >= MIN_COMPARED_WORDS:
        if n in seen:
            return "repeated_text", _(
                "{where}: the same text as {other}; say what is specific to this point",
                where=place,
                other=seen[n],
            )
        seen[n] = place
    return _too_short(p, t, words, place, quoted)


def _too_short(
    p: _Parts, t: FreeText, words: int, place: str, quoted: str
) -> tuple[str, str] | None:
    _ = p._
    if t.kind is Kind.SUMMARY:
        sentences = _sentences(t.text)
        if sentences < MIN_SUMMARY_SENTENCES or words < MIN_SUMMARY_WORDS:
            return "too_short", _.plural(
                "{where}: the executive summary is {n} sentence long ({words} words); give "
                "the account's situation, the objectives, the strategies and the plan's "
                "cost in a few paragraphs",
                "{where}: the executive summary is {n} sentences long ({words} words); give "
                "the account's situation, the objectives, the strategies and the plan's "
                "cost in a few paragraphs",
                sentences,
                where=place,
                words=words,
            )
    elif t.kind is Kind.SECTION and words < MIN_SECTION_WORDS:
        return "too_short", _.plural(
            "{where}: {text} is {n} word, too short for a section; develop it in a paragraph",
            "{where}: {text} is {n} words, too short for a section; develop it in a paragraph",
            words,
            where=place,
            text=quoted,
        )
    elif t.kind is Kind.PROSE and words < MIN_PROSE_WORDS:
        return "too_short", _.plural(
            "{where}: {text} says too little ({n} word); explain it in a sentence",
            "{where}: {text} says too little ({n} words); explain it in a sentence",
            words,
            where=place,
            text=quoted,
        )
    elif t.kind is Kind.ITEM and words == 1:
        return "single_word", _(
            "{where}: {text} is a single word; say in a short sentence what it means for "
            "the account",
            where=place,
            text=quoted,
        )
    return None


def _label(p: _Parts, code: str) -> str:
    _ = p._
    # The labels are marked here, one by one, so that they are extracted for translation.
    labels = {
        "placeholder": _("Texts are written, not placeholders"),
        "starter_text": _("Texts are the plan's own, not the starter's samples"),
        "repeated_text": _("Each text says something of its own (no copies)"),
        "too_short": _("Texts are long enough for their section"),
        "single_word": _("SWOT items are more than a word"),
        "no_figure": _("Objectives carry a figure (SMART)"),
    }
    return labels[code]


def _finding(p: _Parts, code: str, loc: Loc, key: str, suggestion: str) -> tuple[str, Check]:
    found = section(key)
    criterion = found[1] if found else "development_plans"
    check = Check(_label(p, code), False, WEIGHTS[code], suggestion, code, key, p.locate(loc))
    return criterion, check


def text_checks(p: _Parts) -> list[tuple[str, Check]]:
    """(criterion key, failed check) for every filler text, in the document's order."""
    out = []
    seen: dict[str, str] = {}
    for t in free_texts(p.doc):
        found = _text_finding(p, t, normal(t.text), seen)
        if found is not None:
            out.append(_finding(p, found[0], t.loc, t.key, found[1]))
    return out


# ------------------------------------------------------------------ objectives

_DIGIT = re.compile(r"\d")


def _objectives(doc: Document) -> Iterator[tuple[Loc, str, list[object]]]:
    """(location, objective text, the values that may carry its figure)."""
    analysis, plan, rewards = doc.analysis, doc.plan, doc.rewards
    strategy = plan.company_strategy if plan else None
    for i, o in enumerate(strategy.objectives if strategy else []):
        yield (
            ("plan", "company_strategy", "objectives", i, "objective"),
            o.objective,
            [o.metric, o.target, o.baseline],
        )
    for i, c in enumerate(analysis.customer_objectives if analysis else []):
        yield ("analysis", "customer_objectives", i, "objective"), c.objective, [c.metric, c.target]
    for i, r in enumerate(rewards.objectives if rewards else []):
        yield ("rewards", "objectives", i, "objective"), r.objective, [r.metric, r.target]


def _has_figure(text: str, values: list[object]) -> bool:
    for value in [text, *values]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if isinstance(value, str) and _DIGIT.search(value):
            return True
    return False


def figure_checks(p: _Parts) -> list[tuple[str, Check]]:
    """(criterion key, failed check) for every objective with no figure."""
    _ = p._
    out = []
    for loc, text, values in _objectives(p.doc):
        if _has_figure(text, values):
            continue
        key = key_path(loc)
        suggestion = _(
            "{where}: the objective {text} has no figure; give it a number to reach (a "
            "target, in the objective or its metric), as SMART asks",
            where=where(key),
            text=_("'{text}'", text=_short(text)),
        )
        out.append(_finding(p, "no_figure", loc, key, suggestion))
    return out


def checks(p: _Parts) -> list[tuple[str, Check]]:
    """Every filler finding of the document, as (criterion key, failed check)."""
    return text_checks(p) + figure_checks(p)
