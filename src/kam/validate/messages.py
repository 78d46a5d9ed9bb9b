"""Pydantic's validation errors in plain language, at the position where the user
wrote the mistake: one problem per distinct mistake."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pydantic import BaseModel, ValidationError

from kam.i18n import LANGUAGES, N_, _, babel_locale, language
from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.models import vocabulary
from kam.models.types import Model
from kam.problems import key_path, limit_text
from kam.registry import locale_hint

_TYPE_NAMES = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "int_parsing": N_("a whole number"),
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "bool_type": N_("true or false"),
    "list_type": N_("a list"),
    "dict_type": N_("a mapping of keys"),
    "model_type": N_("a mapping of keys"),
    "model_attributes_type": N_("a mapping of keys"),
    "date_type": N_("an ISO date such as 2027-03-31"),
}

_PATTERN_HINTS = {
    "currency": N_("write an ISO 4217 code in capitals, such as EUR, USD or MXN"),
    "primary": N_("write a color as #RRGGBB, e.g. #1f3a5f"),
    "accent": N_("write a color as #RRGGBB, e.g. #2a7f8f"),
}
_SLUG_HINT = N_("use a short slug of letters, digits, '-' or '_'")


def report(exc: ValidationError, loaded: Loaded, model: type[BaseModel]) -> None:
    """Add one plain-language problem per distinct mistake in `exc`."""
    grouped: dict[Loc, list[dict]] = {}
    keys: set[Loc] = set()  # mistakes in a mapping's key (a period in `actuals:`)
    for error in exc.errors(include_url=False, include_input=True):
        loc = _data_loc(loaded.data, error["loc"])
        grouped.setdefault(loc, []).append(error)
        if error["loc"][-1:] == ("[key]",):
            keys.add(loc)
    # A union (a list of rows, or {csv: path}) reports a type error for the member that
    # did not match; when the other member has errors inside, those are the news. The
    # proper prefixes of every location are collected once: the check stays linear in
    # the number of errors (20,000 misspelt keys must not take minutes).
    prefixes = {loc[:i] for loc in grouped for i in range(len(loc))}
    for loc in list(grouped):
        if loc in prefixes and all(e["type"] in _TYPE_NAMES for e in grouped[loc]):
            del grouped[loc]
    problems = loaded.problems
    for loc, errors in grouped.items():
        if problems.full:
            problems.count_error()  # not shown: no need to word it
            continue
        message, pos = _describe(loc, errors, loaded, model)
        if loc in keys:
            pos = loaded.source.key_positions.get(loc, pos)
        problems.error(message, pos, key=key_path(loc), code=_code(errors))


# The stable English code of each kind of mistake (JSON reports carry it); a value
# error raised by a model's own check gets the code of its message.
_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "required-key-missing",
    "enum_value": "is-not-allowed",
    "literal_error": "is-not-allowed",
    "greater_than_equal": "below-minimum",
    "greater_than": "below-minimum",
    "less_than_equal": "above-maximum",
    "less_than": "above-maximum",
    "too_long": "too-many-items",
    "string_too_short": "empty-text",
    "string_too_long": "text-too-long",
    "string_pattern_mismatch": "invalid-format",
    "finite_number": "number-too-large",
    "float_finite_number": "number-too-large",
}


def _code(errors: list[dict]) -> str:
    kinds = [e["type"] for e in errors if e["type"] not in _TYPE_NAMES]
    if not kinds:
        return "wrong-type"
    return _CODES.get(kinds[0], "")  # "": the code of the message's English source


def _data_loc(data: object, loc: tuple) -> Loc:
    """Drop the parts of a pydantic location that name union members, not data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, Mapping) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
            elif not _looks_like_tag(part):
                out.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int):
            out.append(part)
            node = node[part] if part < len(node) else None
        elif node is None and not _looks_like_tag(str(part)):
            out.append(part)
    return tuple(out)


def _looks_like_tag(part: str) -> bool:
    """Pydantic names union members in locations (`list[Customer]`, `CsvSource`, `str`);
    field names are lower-case identifiers."""
    return (
        any(ch in part for ch in "[](-")
        or part[:1].isupper()
        or part in {"str", "float", "int", "bool"}
    )


def _describe(loc: Loc, errors: list[dict], loaded: Loaded, model: type[BaseModel]):
    source = loaded.source
    pos = source.pos(loc)
    first = errors[0]
    kind = first["type"]
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        pos = source.key_positions.get(loc, pos)
        return _unknown_key(field, _allowed_keys(model, loc[:-1])), pos
    if kind == "missing":
        return _("required key '{key}' is missing", key=field), source.pos(loc[:-1])
    if kind == "enum_value":
        return _enumeration(first["ctx"]["kind"], first["ctx"]["values"], first.get("input")), pos
    if kind == "literal_error":
        expected = first["ctx"]["expected"]
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(", ")]
        return _not_allowed(first.get("input"), _close(first.get("input"), choices), choices), pos
    if all(e["type"] in _TYPE_NAMES for e in errors):
        names = list(dict.fromkeys(_(_TYPE_NAMES[e["type"]]) for e in errors))
        expected = names[0]
        for name in names[1:]:
            expected = _("{first} or {second}", first=expected, second=name)
        return _("expected {expected}, got {got}", expected=expected, got=_value(first)), pos
    message = _limit_message(kind, first, field, _separators(loaded))
    if message is not None:
        return message, pos
    useful = [e for e in errors if e["type"] not in _TYPE_NAMES] or errors
    if len(useful) < len(errors):
        return _describe(loc, useful, loaded, model)
    return _("the value {value} is not valid here", value=_value(first)), pos


def _limit_message(kind: str, error: dict, field: str, table: dict) -> str | None:
    """Values out of range, too long, of the wrong shape: the plain words, or None.
    `table` turns English digit separators into the document's."""
    ctx, got = error.get("ctx") or {}, error.get("input")

    def grouped(bound: float) -> str:
        return limit_text(bound).translate(table)

    def count(n: int) -> str:
        return f"{n:,}".translate(table)

    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if bound == 0:
            return _("cannot be negative, got {got}", got=_number(got))
        return _("must be at least {bound}, got {got}", bound=grouped(bound), got=_number(got))
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return _("must be at most {bound}, got {got}", bound=grouped(bound), got=_number(got))
    if kind == "too_long":
        limit, items, actual = count(ctx["max_length"]), _items(field), ctx.get("actual_length")
        if actual is None:
            return _("has too many items; the limit is {limit} {items}", limit=limit, items=items)
        return _(
            "has {count} items; the limit is {limit} {items}",
            count=count(actual),
            limit=limit,
            items=items,
        )
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_too_long":
        limit = count(ctx["max_length"])
        if not isinstance(got, str):
            return _("is too long; the limit is {limit} characters", limit=limit)
        return _(
            "has {count} characters; the limit is {limit} characters",
            count=count(len(got)),
            limit=limit,
        )
    if kind == "string_pattern_mismatch":
        if field == "locale":
            return _(
                "'{value}' is not a supported locale; {hint}", value=_short(got), hint=locale_hint()
            )
        hint = _(_PATTERN_HINTS.get(field, _SLUG_HINT))
        return _("'{value}' is not valid here; {hint}", value=_short(got), hint=hint)
    if kind in ("finite_number", "float_finite_number"):
        return _("the number {value} is too large", value=_short(got, 24))
    if kind == "value_error":
        return str(ctx["error"])
    return None


#: The keys every mapping accepts: the edition marks of the models' base (`internal`,
#: `customer`), not listed among a mapping's own keys.
EDITION_MARKS = tuple(Model.model_fields)


def _unknown_key(field: str, allowed: list[str]) -> str:
    """An unknown key, with the key it most likely stands for: a Spanish name of one
    (`resumen_ejecutivo`), an English typo (`atitude`), a Spanish near miss."""
    hint = (
        vocabulary.key_for(field, allowed)
        or next(iter(difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)), None)
        or vocabulary.key_for(field, allowed, near=True)
    )
    # the edition marks (`internal:`, `customer:`) are allowed everywhere: not listed
    keys = ", ".join(k for k in allowed if k not in EDITION_MARKS)
    if hint:
        return _(
            "unknown key '{key}'; did you mean '{hint}'? allowed keys: {allowed}",
            key=_short(field),
            hint=hint,
            allowed=keys,
        )
    return _("unknown key '{key}'; allowed keys: {allowed}", key=_short(field), allowed=keys)


def _enumeration(kind: str, values: tuple[str, ...], written: object) -> str:
    """A value that is no word for any of `values`: the closest word in either
    language, and the values (in Spanish with their labels: `weekly (semanal)`)."""
    found = vocabulary.suggest(kind, values, str(written))
    hint = None
    if found is not None:
        value, word = found
        english = vocabulary.label(kind, value, "en") or value
        hint = _shown(kind, value) if word in (value, english) else f"{value} ({word.lower()})"
    return _not_allowed(written, hint, [_shown(kind, v) for v in values])


def _shown(kind: str, value: str) -> str:
    """A canonical value as a message lists it: `weekly`, or `weekly (semanal)` when
    the messages are in another language than the values."""
    if language() == "en":
        return value
    word = vocabulary.label(kind, value, language())
    same = word is None or vocabulary.fold(word) == vocabulary.fold(value)
    return value if same else f"{value} ({word.lower()})"


def _close(written: object, choices: list[str]) -> str | None:
    hint = difflib.get_close_matches(str(written), choices, n=1, cutoff=0.5)
    return hint[0] if hint else None


def _not_allowed(written: object, hint: str | None, choices: list[str]) -> str:
    listed = ", ".join(choices)
    if hint:
        return _(
            "'{value}' is not allowed; did you mean '{hint}'? Expected one of: {choices}",
            value=_short(written),
            hint=hint,
            choices=listed,
        )
    return _(
        "'{value}' is not allowed; expected one of: {choices}",
        value=_short(written),
        choices=listed,
    )


def _separators(loaded: Loaded) -> dict:
    """How numbers in messages are written: `10,000` in English; in the document's
    locale otherwise (es-ES `10.000`, es-MX `10,000`)."""
    if language() == "en" or language() not in LANGUAGES:
        return {}  # English, as in a document whose language kam does not speak
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    code = loaded.data.get("locale") if isinstance(loaded.data, dict) else None
    try:
        babel = babel_locale(str(code or language()))
    except (ValueError, KeyError, UnknownLocaleError):
        babel = babel_locale(language())
    return str.maketrans({",": get_group_symbol(babel), ".": get_decimal_symbol(babel)})


# What the items of a list are called in a "the limit is 500 contacts" message, when
# the key itself does not say it.
_ITEM_NAMES = {
    "team": N_("team members"),
    "pest": N_("PEST factors"),
    "kpis": N_("KPIs"),
    "payout_curve": N_("payout bands"),
    "prepared_by": N_("team members"),
    "depends_on": N_("actions"),
    "dmu_roles": N_("roles"),
    "category_spend": N_("periods"),
    "critical_success_factors": N_("success factors"),
    "competitors_in_account": N_("competitors"),
    "value_chain": N_("activities"),
    "decision_criteria": N_("criteria"),
    "cost_to_serve": N_("cost lines"),
}


def _items(field: str) -> str:
    if field in _ITEM_NAMES:
        return _(_ITEM_NAMES[field])
    if field.endswith("s") and language() == "en":
        return field.replace("_", " ")  # the key says it: `contacts`, `actions`
    return _("items")


def _number(value: object) -> str:
    return (
        f"{value:g}"
        if isinstance(value, int | float) and not isinstance(value, bool)
        else str(value)
    )


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value(error: dict) -> str:
    """The value a person wrote, described: `the text 'x'`, `a list`."""
    value = error.get("input")
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return _("a mapping of keys")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, int | float):
        return _("the number {value}", value=value)
    return _("the text '{value}'", value=_short(value))


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a mapping at `loc` may hold, found by walking the model (list indexes
    need no step: `_model_of` already looks inside `list[X]`)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = _fields(current)
        if part not in fields:
            return []
        current = fields[part]
    return list(_fields(current))


def _fields(model: object) -> dict[str, object]:
    """A model's keys as written in YAML (aliases included) and their annotations."""
    model = _model_of(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {info.alias or name: info.annotation for name, info in model.model_fields.items()}
    return {}


def _model_of(annotation: object) -> object:
    """The model class inside `X | None`, `list[X]` or `Annotated[X, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_of(origin)
    return annotation
