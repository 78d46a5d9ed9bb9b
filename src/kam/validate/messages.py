"""Pydantic's validation errors in plain language, at the position where the user
wrote the mistake: one problem per distinct mistake."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pydantic import BaseModel, ValidationError

from kam.load import Loaded
from kam.load.yamlsource import Loc
from kam.problems import key_path, limit_text
from kam.registry import LOCALE_HINT

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "an ISO date such as 2027-03-31",
}

_PATTERN_HINTS = {
    "locale": LOCALE_HINT,
    "currency": "write an ISO 4217 code in capitals, such as EUR, USD or MXN",
    "primary": "write a color as #RRGGBB, e.g. #1f3a5f",
    "accent": "write a color as #RRGGBB, e.g. #2a7f8f",
}


def report(exc: ValidationError, loaded: Loaded, model: type[BaseModel]) -> None:
    """Add one plain-language problem per distinct mistake in `exc`."""
    grouped: dict[Loc, list[dict]] = {}
    for error in exc.errors(include_url=False, include_input=True):
        loc = _data_loc(loaded.data, error["loc"])
        grouped.setdefault(loc, []).append(error)
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
        problems.error(message, pos, key=key_path(loc))


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
    types = [e["type"] for e in errors]
    source = loaded.source
    pos = source.pos(loc)
    first = errors[0]
    kind = first["type"]
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        pos = source.key_positions.get(loc, pos)
        allowed = _allowed_keys(model, loc[:-1])
        hint = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        tip = f"did you mean '{hint[0]}'? " if hint else ""
        return f"unknown key '{_short(field)}'; {tip}allowed keys: {', '.join(allowed)}", pos
    if kind == "missing":
        parent_pos = source.pos(loc[:-1])
        return f"required key '{field}' is missing", parent_pos
    if kind == "literal_error":
        expected = first["ctx"]["expected"]
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(", ")]
        value = first.get("input")
        hint = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        tip = f"; did you mean '{hint[0]}'?" if hint else ""
        sep = " Expected" if tip else "; expected"
        return f"'{_short(value)}' is not allowed{tip}{sep} one of: {', '.join(choices)}", pos
    if all(t in _TYPE_NAMES for t in types):
        names = list(dict.fromkeys(_TYPE_NAMES[t] for t in types))
        return f"expected {' or '.join(names)}, got {_describe_value(first.get('input'))}", pos
    if kind in ("greater_than_equal", "greater_than"):
        bound = first["ctx"].get("ge", first["ctx"].get("gt"))
        got = _number(first.get("input"))
        if bound == 0:
            return f"cannot be negative, got {got}", pos
        return f"must be at least {limit_text(bound)}, got {got}", pos
    if kind in ("less_than_equal", "less_than"):
        bound = first["ctx"].get("le", first["ctx"].get("lt"))
        return f"must be at most {limit_text(bound)}, got {_number(first.get('input'))}", pos
    if kind == "too_long":
        ctx = first["ctx"]
        got = ctx.get("actual_length")
        has = f"has {got:,} items" if got is not None else "has too many items"
        return f"{has}; the limit is {ctx['max_length']:,} {_items(str(field))}", pos
    if kind == "string_too_short":
        return "must not be empty", pos
    if kind == "string_too_long":
        value, limit = first.get("input"), first["ctx"]["max_length"]
        size = f"{len(value):,} characters" if isinstance(value, str) else "too long"
        return f"has {size}; the limit is {limit:,} characters", pos
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(field), "use a short slug of letters, digits, '-' or '_'")
        what = "a supported locale" if field == "locale" else "valid here"
        return f"'{_short(first.get('input'))}' is not {what}; {hint}", pos
    if kind in ("finite_number", "float_finite_number"):
        return f"the number {_short(first.get('input'), 24)} is too large", pos
    if kind == "value_error":
        return str(first["ctx"]["error"]), pos
    useful = [e for e in errors if e["type"] not in _TYPE_NAMES] or errors
    if len(useful) < len(errors):
        return _describe(loc, useful, loaded, model)
    return f"the value {_describe_value(first.get('input'))} is not valid here", pos


# What the items of a list are called in a "the limit is 500 contacts" message, when
# the key itself does not say it.
_ITEM_NAMES = {
    "team": "team members",
    "pest": "PEST factors",
    "kpis": "KPIs",
    "payout_curve": "payout bands",
    "prepared_by": "team members",
    "depends_on": "actions",
    "dmu_roles": "roles",
    "category_spend": "periods",
    "critical_success_factors": "success factors",
    "competitors_in_account": "competitors",
    "value_chain": "activities",
    "decision_criteria": "criteria",
    "cost_to_serve": "cost lines",
}


def _items(field: str) -> str:
    return _ITEM_NAMES.get(field, field.replace("_", " ") if field.endswith("s") else "items")


def _number(value: object) -> str:
    return (
        f"{value:g}"
        if isinstance(value, int | float) and not isinstance(value, bool)
        else str(value)
    )


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_value(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text '{_short(value)}'"


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
