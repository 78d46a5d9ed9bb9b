"""Property tests: whatever bytes or document a user feeds kam, the answer is a valid
document or a clean list of problems — never an exception.

Bounded (max_examples, no deadline) so the whole file runs in a few seconds.
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam.load import load
from kam.load.yamlsource import decode, parse_yaml_text
from kam.pipeline import prepare, render_html
from kam.problems import Problems, Severity

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
    database=None,
)

JARGON = ("Input should", "Extra inputs are not permitted", "validation error", "Field required")

WORK = Path(tempfile.mkdtemp(prefix="kam-properties-"))
atexit.register(shutil.rmtree, WORK, True)


def assert_clean(problems: Problems) -> None:
    for problem in problems.items:
        assert isinstance(problem.message, str) and problem.message.strip()
        assert problem.severity in (Severity.ERROR, Severity.WARNING)
        if problem.pos is not None:
            assert problem.pos.line >= 1 and problem.pos.col >= 1
        for word in JARGON:
            assert word not in problem.message, problem.message


# --------------------------------------------------------------------- raw input

YAMLISH = st.lists(
    st.sampled_from(
        list("abkl01:- \n\t{}[],&*!|>'\"#%@`?~.\\_<=\x01\x7f")
        + ["kam", "locale", "en", "EUR", "company", "name", "\ufeff", "\x00", "é", "\u202e"]
        + ["<<", "!!python/name:os.system", "!!binary", "---", "...", "%YAML 1.1", "\r\n"]
    ),
    max_size=80,
).map("".join)


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_value_or_problems(data):
    problems = Problems()
    text = decode(data, WORK / "x.yaml", problems)
    if text is None:
        assert problems.errors
    else:
        source = parse_yaml_text(text, WORK / "x.yaml", problems)
        assert (source is None) == bool(problems.errors)
    assert_clean(problems)


@FAST
@given(YAMLISH)
def test_yaml_like_text_gives_a_value_or_problems(text):
    problems = Problems()
    decoded = decode(text.encode("utf-8"), WORK / "x.yaml", problems)
    if decoded is None:
        assert problems.errors
        return
    source = parse_yaml_text(decoded, WORK / "x.yaml", problems)
    assert (source is None) == bool(problems.errors)
    if source is not None:
        assert_json_like(source.value)
    assert_clean(problems)


def assert_json_like(value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            assert_json_like(item)
    elif isinstance(value, list):
        for item in value:
            assert_json_like(item)
    else:
        assert value is None or isinstance(value, str | int | float | bool), type(value)


def _entry(name: str) -> Path:
    folder = Path(tempfile.mkdtemp(dir=WORK))
    return folder / name


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_as_an_entry_file(data):
    entry = _entry("account.yaml")
    entry.write_bytes(data)
    prepared, problems = prepare(entry)
    assert prepared is not None or problems.errors
    assert_clean(problems)


MINIMAL = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"


@FAST
@given(st.binary(max_size=300), st.sampled_from(["customers", "purchases"]))
def test_arbitrary_bytes_as_a_csv_file(data, which):
    entry = _entry("account.yaml")
    if which == "customers":
        entry.write_text(MINIMAL + "portfolio:\n  customers: {csv: t.csv}\n")
    else:
        entry.write_text(MINIMAL + "analysis:\n  purchase_history: {csv: t.csv}\n")
    (entry.parent / "t.csv").write_bytes(data)
    prepared, problems = prepare(entry)
    assert prepared is not None or problems.errors
    assert_clean(problems)


CSV_CELLS = st.sampled_from(
    [
        "",
        "1",
        "-5",
        "1,5",
        "1.5",
        "abc",
        "2025-01-15",
        "2025-13-01",
        "2025-Q1",
        "2025-03",
        "ñ",
        '"',
        "x y",
    ]
)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "id",
                "name",
                "revenue",
                "cogs",
                "cost_to_serve",
                "discounts",
                "attractiveness",
                "date",
                "period",
                "product",
                "orders",
                "bogus",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.lists(CSV_CELLS, max_size=9), max_size=5),
    st.sampled_from([",", ";"]),
    st.sampled_from(["customers", "purchases"]),
)
def test_arbitrary_csv_tables(header, rows, sep, which):
    entry = _entry("account.yaml")
    if which == "customers":
        entry.write_text(MINIMAL + "portfolio:\n  customers: {csv: t.csv}\n")
    else:
        entry.write_text(MINIMAL + "analysis:\n  purchase_history: {csv: t.csv}\n")
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    (entry.parent / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared, problems = prepare(entry)
    assert prepared is not None or problems.errors
    assert_clean(problems)


# -------------------------------------------------------------------- documents

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "ana",
            "o1",
            "a1",
            "c1",
            "2027-03-31",
            "2027-02-30",
            "2024-Q1",
            "EUR",
            "es-MX",
            "NO",
            "01234",
            "12:30",
            "",
            "1e999",
            "-1e999",
            "0.0",
        ]
    )
)
KEYS = st.text(max_size=12) | st.sampled_from(
    [
        "id",
        "name",
        "share",
        "weight",
        "from",
        "to",
        "payout",
        "owner",
        "objective",
        "csv",
        "records",
        "date",
        "period",
    ]
)
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)

VALID = {
    "kam": 1,
    "locale": "es-MX",
    "currency": "MXN",
    "date": "2026-11-27",
    "period": {"start": "2027-01-01", "end": "2027-12-31"},
    "company": {"name": "Acme"},
    "account": {"name": "Beta", "relationship_stage": "basic"},
    "prepared_by": ["ana"],
    "analysis": {
        "pest": [{"dimension": "economic", "factor": "Inflation", "impact": 3}],
        "buying_process": {
            "stages": [{"stage": "proposals", "participants": ["c1"]}],
            "decision_criteria": [
                {"criterion": "Cost", "weight": 60},
                {"criterion": "Service", "weight": 40},
            ],
        },
        "purchase_history": {
            "records": [
                {"period": "2025-Q1", "product": "Kits", "revenue": 100, "gross_margin": 30},
                {"date": "2025-05-02", "product": "Curas", "revenue": 50, "orders": 2},
            ],
            "category_spend": [{"period": "2025", "amount": 400}],
        },
        "profitability": {
            "revenue": 1000,
            "cogs": 600,
            "cost_to_serve": [{"activity": "Visits", "quantity": 3, "rate": 10}],
        },
    },
    "plan": {
        "executive_summary": "We **grow**.",
        "current_position": {
            "team": [{"id": "ana", "name": "Ana", "time_pct": 60}],
            "contacts": [
                {
                    "id": "c1",
                    "name": "Marta",
                    "dmu_roles": ["decider", "buyer", "influencer"],
                    "influence": 4,
                    "attitude": "supporter",
                    "owner": "ana",
                }
            ],
        },
        "company_strategy": {
            "critical_success_factors": [{"factor": "Delivery", "weight": 100, "our_score": 7}],
            "objectives": [
                {
                    "id": "o1",
                    "objective": "Grow",
                    "metric": "revenue",
                    "target": 10,
                    "deadline": "2027-12-31",
                    "owner": "ana",
                }
            ],
        },
        "action_review": {
            "actions": [
                {
                    "id": "a1",
                    "action": "Visit",
                    "objective": "o1",
                    "owner": "ana",
                    "start": "2027-01-10",
                    "due": "2027-02-10",
                    "cost": 100,
                }
            ]
        },
    },
    "rewards": {
        "objectives": [{"objective": "Revenue", "weight": 100}],
        "participants": [{"member": "ana", "share": 100, "objectives": ["Two new lines"]}],
        "split": {"team": 60, "individual": 40},
        "rewards": [{"name": "Bonus", "type": "cash_bonus", "share": 100}],
        "payout_curve": [
            {"from": 0, "to": 100, "payout": 0},
            {"from": 100, "payout": 100},
        ],
        "budget": {"total": 1000, "incremental_margin": 5000},
    },
    "portfolio": {
        "customers": [
            {"id": "beta", "name": "Beta", "revenue": 1000, "cogs": 600, "cost_to_serve": 50},
            {"id": "gamma", "name": "Gamma", "revenue": 10, "cogs": 1, "cost_to_serve": 1},
        ],
        "key_account": "beta",
    },
}


def paths(value, prefix=()):
    """Every location inside `value`."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


ALL_PATHS = list(paths(VALID))[1:]


@st.composite
def mutated(draw):
    doc = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            parent[last]  # noqa: B018 - still there after earlier mutations?
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "delete", "add-key", "duplicate"]))
        if action == "replace":
            parent[last] = draw(JSONISH)
        elif action == "delete":
            del parent[last]
        elif action == "add-key" and isinstance(parent, dict):
            parent[draw(KEYS)] = draw(JSONISH)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return doc


def run_document(doc) -> None:
    entry = _entry("account.yaml")
    entry.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    prepared, problems = prepare(entry)
    assert_clean(problems)
    if prepared is None:
        assert problems.errors
    else:
        assert not problems.errors
        html = render_html(prepared)
        assert html.startswith("<!doctype html>") or "<html" in html


def test_the_valid_document_is_valid():
    entry = _entry("account.yaml")
    entry.write_text(yaml.safe_dump(VALID, allow_unicode=True, sort_keys=False), encoding="utf-8")
    prepared, problems = prepare(entry)
    assert prepared is not None, [p.message for p in problems.items]
    assert not problems.items, [p.message for p in problems.items]


@settings(FAST, max_examples=100)
@given(mutated())
def test_mutations_of_a_valid_document_give_a_document_or_problems(doc):
    run_document(doc)


@settings(FAST, max_examples=60)
@given(JSONISH)
def test_arbitrary_documents_give_a_document_or_problems(doc):
    run_document(doc)


@settings(FAST, max_examples=60)
@given(st.dictionaries(KEYS, JSONISH, max_size=6))
def test_arbitrary_mappings_beside_the_required_keys(extra):
    doc = {**extra, **{k: VALID[k] for k in ("kam", "locale", "currency", "company", "account")}}
    run_document(doc)


def test_loader_on_a_directory_and_a_missing_file():
    folder = Path(tempfile.mkdtemp(dir=WORK))
    for entry in (folder, folder / "missing.yaml"):
        loaded = load(entry)
        assert loaded.problems.errors
        assert_clean(loaded.problems)
