"""The plan's cost as the executive summary quotes it: a money amount (`55.000 €`,
`€55,000`, `55.000 EUR`, `55 000 €`, `$0.2M`) right after words that speak of the
plan's cost (`el plan de acción cuesta`, `coste del plan`, `the plan costs`, `cost of
the plan` …), in the same sentence.

Conservative on purpose: a sentence that does not say so in those words gives no
amount, and an amount with anything between it and its currency is not read. No
finding is better than a false one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kam.registry import split_locale

# Words that say "the plan costs", per language. A rewards plan (plan de premios,
# rewards plan) and the cost to serve are other costs.
_NOT_REWARDS_ES = r"(?!\s+de\s+(?:premios|incentivos|recompensas|compensaci[oó]n))"
_KEYWORDS = {
    "es": [
        r"\b(?:coste|costo|inversi[oó]n|presupuesto|gasto)\s+(?:total\s+)?del\s+plan\b"
        + _NOT_REWARDS_ES,
        r"\bplan(?:\s+de\s+(?:acci[oó]n|cuenta|cuentas\s+clave))?\s+"
        r"(?:cuesta|costar[aá]|supone|requiere|tiene\s+un\s+(?:coste|costo|presupuesto))\b",
        r"\bacciones\b[^.;:]{0,40}?\b(?:cuestan|costar[aá]n|suponen)\b",
    ],
    "en": [
        r"\b(?:cost|budget|investment)\s+of\s+the\s+(?:action\s+|account\s+)?plan\b",
        r"(?<!rewards\s)(?<!reward\s)(?<!incentive\s)(?<!bonus\s)\bplan(?:'s)?\s+"
        r"(?:total\s+)?(?:costs?|budget|will\s+cost|requires)\b(?!\s+to\s+serve)",
        r"\bactions\b[^.;:]{0,40}?\bcost\b(?!\s+to\s+serve)",
    ],
}
MAX_GAP = 60  # characters between those words and the amount

_SPACE = "[ \u00a0\u202f]"
# 55.000 | 55,000 | 55 000 | 1.234.567,50 | 55000 | 3,66 | 0.2
_NUMBER = (
    r"(?<![\d.,])(?:\d{1,3}(?:(?:[.,]|" + _SPACE + r")\d{3})+(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d{1,2})?)(?![\d])"
)
_SCALES = {
    "k": 1e3,
    "K": 1e3,
    "mil": 1e3,
    "M": 1e6,
    "millones": 1e6,
    "million": 1e6,
    "millions": 1e6,
}
_SCALE = r"(?:" + _SPACE + r"?(?P<scale>K|k|M|mil|millones|millions?)(?![A-Za-z]))?"


@dataclass
class Quoted:
    """The amount the summary gives as the plan's cost, and the sentence's others."""

    text: str  # as written: `55.000 €`
    number: str  # its number as written: `55.000`
    value: float
    others: list[float] = field(default_factory=list)  # every amount of the sentence


def parse_number(text: str) -> float:
    """`55.000` and `55,000` are 55000; `3,66` and `3.66` are 3.66; `1.234.567,50` is
    1234567.5. A separator followed by exactly three digits groups thousands."""
    digits = re.sub(_SPACE, "", text)
    last = re.search(r"[.,](\d+)$", digits)
    if last and len(last.group(1)) != 3:
        whole = re.sub(r"[.,]", "", digits[: last.start()])
        return float(f"{whole}.{last.group(1)}")
    return float(re.sub(r"[.,]", "", digits))


@lru_cache(maxsize=16)
def _amount_pattern(currency: str, locale: str) -> re.Pattern[str]:
    """Amounts in `currency` with its symbol or code before or after the number."""
    from babel.numbers import get_currency_symbol

    language, region = split_locale(locale)
    marks = {currency}
    for where in (f"{language}_{region}", "en_US", "es_ES"):
        marks.add(get_currency_symbol(currency, locale=where))
    mark = "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True))
    number = f"(?P<number>{_NUMBER})"
    before = f"(?:{mark}){_SPACE}?" + number.replace("number>", "number1>", 1)
    after = number + _SCALE + f"{_SPACE}?(?:{mark})(?![A-Za-z])"
    return re.compile(f"(?:{before}{_SCALE.replace('scale>', 'scale1>', 1)})|(?:{after})")


def _sentences(text: str) -> list[str]:
    """The text cut at blank lines, list items and the end of each sentence."""
    blocks = re.split(r"\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+", text)
    out = []
    for block in blocks:
        out += re.split(r"(?<=[.!?])\s+(?=[\"'¿¡*_(]*[A-ZÁÉÍÓÚÑ])", block.replace("\n", " "))
    return out


def _value(match: re.Match[str]) -> float:
    number = match.group("number") or match.group("number1")
    scale = match.group("scale") or match.group("scale1")
    return parse_number(number) * _SCALES.get(scale or "", 1.0)


def plan_cost(text: str, locale: str, currency: str) -> Quoted | None:
    """The first amount that follows words about the plan's cost, or None."""
    language = split_locale(locale)[0]
    words = [re.compile(k, re.IGNORECASE) for k in _KEYWORDS.get(language, [])]
    amounts = _amount_pattern(currency, locale)
    for sentence in _sentences(text):
        for keyword in words:
            said = keyword.search(sentence)
            if said is None:
                continue
            found = list(amounts.finditer(sentence))
            after = [m for m in found if 0 <= m.start() - said.end() <= MAX_GAP]
            if not after:
                continue
            first = after[0]
            return Quoted(
                text=first.group().strip(),
                number=first.group("number") or first.group("number1"),
                value=_value(first),
                others=[_value(m) for m in found if m is not first],
            )
    return None
