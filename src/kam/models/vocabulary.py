"""The words a person may write for the input format's fixed values.

An enumeration value may be written in English (its canonical value, `in_progress`) or
with the words kam itself prints for it (`En curso`, `In progress`), in any case, with
or without accents: it is normalised to the canonical value, so the document and the
JSON output only ever see `in_progress`. The words come from the label files
(`kam/locales/<language>.yaml`, `enum.<kind>.<value>`), so each concept is named once;
`SYNONYMS` adds the few other words a Spanish speaker writes (`partidario`, `alta`).

Keys are different: one canonical key per field keeps files diffable, so a Spanish key
(`resumen_ejecutivo`) is not accepted, only recognised from the Spanish headings and
column names to suggest the English one.
"""

import difflib
import re
import unicodedata
from functools import cache

from kam.i18n import LANGUAGES, label_file

#: Words a person writes besides the labels kam prints (which are verbs or one gender).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "attitude": {
        "champion": ("promotor", "promotora", "defensor", "defensora"),
        "supporter": ("partidario", "partidaria", "apoyo"),
        "skeptic": ("escéptico", "escéptica"),
        "opponent": ("opositor", "opositora", "detractor", "detractora"),
    },
    "action_status": {
        "not_started": ("sin iniciar", "no iniciada", "pendiente"),
        "in_progress": ("en marcha",),
        "done": ("hecho", "terminada", "completada"),
        "deferred": ("aplazado", "pospuesta"),
        "cancelled": ("cancelado",),
    },
    "problem_status": {"open": ("abierta",), "solved": ("resuelta",)},
    "level": {"high": ("alta",), "medium": ("media",), "low": ("baja",)},
    "severity": {"high": ("alto",), "medium": ("medio",), "low": ("bajo",)},
    "horizon": {"short": ("corto",), "medium": ("medio",), "long": ("largo",)},
    "cadence": {"biweekly": ("catorcenal",)},
    "objective_type": {
        "financial": ("financiera",),
        "market": ("mercado",),
        "operational": ("operativa",),
        "strategic": ("estratégica",),
    },
    "dimension": {
        "political": ("política",),
        "economic": ("económica",),
        "technological": ("tecnológica",),
        "environmental": ("medioambiental",),
    },
    "market_role": {"challenger": ("retadora",), "nicher": ("nicho",)},
    "dmu_role": {
        "initiator": ("iniciadora",),
        "user": ("usuaria",),
        "influencer": ("influenciadora",),
        "decider": ("decisora",),
        "approver": ("aprobadora",),
        "buyer": ("compradora",),
        "gatekeeper": ("guardiana",),
    },
    "relationship_stage": {
        "exploratory": ("exploratorio",),
        "basic": ("básico",),
        "cooperative": ("cooperativo",),
        "integrated": ("integrado",),
    },
    "strategy_type": {"retain": ("retención",), "penetrate": ("penetración",)},
    "reward_type": {"cash_bonus": ("bono",), "training": ("capacitación",)},
    "direction": {"higher": ("mayor",), "lower": ("menor",)},
}

#: The heading keys of the label files that are not the key a person writes.
HEADING_KEYS = {
    "A": "current_position",
    "A.1": "team",
    "A.2": "contacts",
    "A.3": "history",
    "A.4": "problems",
    "B": "customer_business",
    "B.1": "market_position",
    "B.2": "market_share",
    "B.3": "environment",
    "B.6": "objectives",
    "B.7": "strategy",
    "C": "company_strategy",
    "C.1": "critical_success_factors",
    "C.2": "environment",
    "C.5": "objectives",
    "C.6": "commercial_strategies",
    "C.7": "relationship_strategies",
    "C.8": "risks",
    "D": "action_review",
    "D.1": "actions",
    "D.2": "review",
    "rewards.objectives": "objectives",
    "rewards.participants": "participants",
    "rewards.rewards": "rewards",
    "rewards.proportions": "split",
    "rewards.budget": "budget",
}

#: The label files whose words name keys: Spanish, and Mexico's own words (`costo`).
KEY_LABEL_FILES = ("es", "es-MX")

#: Other labels that name a key that is not their own last part.
LABEL_KEYS = {"profit.title": "profitability"}

#: Sections of the label files whose last key part is the key a person writes.
KEY_SECTIONS = ("heading", "col", "label", "doc", "profit")

#: Spanish names of keys that no label spells out.
KEY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "action_review": ("plan de acción", "acciones y examen", "acción y revisión"),
    "actions": ("acciones",),
    "contacts": ("contactos",),
    "review": ("revisión",),
    "executive_summary": ("resumen",),
    "customer_business": ("empresa del cliente", "negocio del cliente"),
    "company_strategy": ("estrategia de la compañía", "objetivos y estrategias"),
    "critical_success_factors": ("factores críticos de éxito", "factores clave de éxito"),
    "dmu_roles": ("roles",),
    "locale": ("idioma",),
    "currency": ("moneda", "divisa"),
    "company": ("empresa",),
    "account": ("cliente",),
    "title": ("título",),
    "name": ("nombre",),
    "rewards": ("premios", "plan de premios"),
    "portfolio": ("cartera",),
}


def fold(text: str) -> str:
    """`En_Curso`, `en curso`, `EN-CURSO` → `en curso`: lower case, no accents, one
    space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\s_\-]+", plain.strip()))


@cache
def _labels(name: str) -> dict[str, str]:
    return label_file(name)


def label(kind: str, value: str, language: str) -> str | None:
    """The word kam prints for `value` of enumeration `kind` in `language` (None in a
    language kam has no labels for)."""
    if language not in LANGUAGES:
        return None
    return _labels(language).get(f"enum.{kind}.{value}")


def words(kind: str, values: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Every word accepted for enumeration `kind`: folded word → (canonical value, the
    word as the labels or synonyms spell it)."""
    return dict(_words(kind, values))


@cache
def _words(kind: str, values: tuple[str, ...]) -> tuple[tuple[str, tuple[str, str]], ...]:
    table = {fold(value): (value, value) for value in values}
    for value in values:
        spelled = [label(kind, value, language) for language in LANGUAGES]
        spelled += SYNONYMS.get(kind, {}).get(value, ())
        for word in spelled:
            if word:
                table.setdefault(fold(word), (value, word))  # canonical values first
    return tuple(table.items())


def canonical(kind: str, values: tuple[str, ...], text: str) -> str | None:
    """The canonical value `text` stands for, or None when it is no word for one."""
    if text in values:
        return text
    found = words(kind, values).get(fold(text))
    return found[0] if found else None


def suggest(kind: str, values: tuple[str, ...], text: str) -> tuple[str, str] | None:
    """The closest accepted word to a near miss, in either language: (canonical value,
    the word as spelled), so 'trimestal' gives ('quarterly', 'trimestral')."""
    table, folded = words(kind, values), fold(text)
    matcher = difflib.SequenceMatcher(b=folded)
    best: tuple[float, str] | None = None
    for word in table:  # canonical values first: they win a tie
        matcher.set_seq1(word)
        score = matcher.ratio()
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, word)
    return table[best[1]] if best else None


@cache
def _key_names() -> dict[str, frozenset[str]]:
    """Key → the folded Spanish names of it (its heading, column name, synonyms)."""
    names: dict[str, set[str]] = {}
    labels = [item for name in KEY_LABEL_FILES for item in _labels(name).items()]
    for full, text in labels:
        section, _, rest = full.partition(".")
        if section not in KEY_SECTIONS:
            continue
        key = HEADING_KEYS.get(rest, rest) if section == "heading" else rest
        key = LABEL_KEYS.get(full, key)
        if not re.fullmatch(r"[a-z_]+", key):
            continue
        name = re.sub(r"^[A-D](\.\d)?\.\s*", "", text)  # "A.1. Equipo …" → "Equipo …"
        names.setdefault(key, set()).add(fold(name))
    for key, synonyms in KEY_SYNONYMS.items():
        names.setdefault(key, set()).update(fold(s) for s in synonyms)
    return {key: frozenset(found) for key, found in names.items()}


def key_for(written: str, allowed: list[str], near: bool = False) -> str | None:
    """The allowed key a Spanish key stands for: `resumen_ejecutivo` →
    `executive_summary`, `analisis` → `analysis` (the first words of its heading);
    with `near`, a near miss: `posicion_actal` → `current_position`."""
    word = fold(written)
    if not word:
        return None
    names = _key_names()
    spanish = {name: key for key in allowed for name in names.get(key, ())}
    if near:
        hint = difflib.get_close_matches(word, list(spanish), n=1, cutoff=0.8)
        return spanish[hint[0]] if hint else None
    if word in spanish:
        return spanish[word]
    starts = sorted({spanish[n] for n in spanish if n.startswith(word + " ")})
    return starts[0] if len(starts) == 1 else None
