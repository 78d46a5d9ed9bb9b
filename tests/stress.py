"""A document that stresses the layout on purpose, built from the ribera example.

Long names and titles (80 characters), unbroken 40-character words, 40 actions with
long `depends_on` lists, 30 KPIs, 12 team members, 150 portfolio customers with
amounts in the hundreds of millions, and every enumeration value. The geometry checks
must pass on it in both locales (tests/test_layout.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from conftest import EXAMPLES

LONG = "Unbrokenwordthatisfortycharacterslong000"  # 40 characters, no break point
assert len(LONG) == 40
ATTITUDES = ["champion", "supporter", "neutral", "skeptic", "opponent"]
ROLES = ["initiator", "user", "influencer", "decider", "approver", "buyer", "gatekeeper"]
COVERAGE = ["none", "brief", "multiple", "in_depth"]
ACTION_STATUS = ["not_started", "in_progress", "done", "deferred", "cancelled"]
STRATEGY = ["retain", "penetrate", "cross_sell", "new_offer", "pricing", "service"]
CADENCE = ["weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual"]
# One value per document: the stress document takes the one with the longest label in
# its language, the hardest to fit (tests/test_stress_document.py checks it).
SINGLE = {"relationship_stage": ("account", "account"), "buy_class": ("analysis", "buying_process"),
          "market_role": ("plan", "customer_business", "market_share")}  # fmt: skip
REWARD_TYPES = [
    "cash_bonus", "commission", "salary_increase", "recognition", "trip", "gift",
    "time_off", "training", "other",
]  # fmt: skip


def name(prefix: str, index: int, length: int = 80) -> str:
    """A name of exactly `length` characters, made of words."""
    text = f"{prefix} {index} " + " ".join(["Longname"] * 20)
    return text[:length].rstrip() + "x" * (length - len(text[:length].rstrip()))


def _load(folder: Path, part: str) -> dict:
    return yaml.safe_load((folder / f"{part}.yaml").read_text(encoding="utf-8"))


def stress_project(target: Path, locale: str) -> Path:
    """Write the stress project into `target`; returns its account.yaml."""
    source = EXAMPLES / "ribera"
    shutil.copytree(source, target)
    account = _load(source, "account")
    account.update(locale=locale, title=name("Plan", 2027))
    account["company"]["name"] = name("Company", 1)
    account["account"]["name"] = name("Account", 1)
    plan, rewards = _load(source, "plan"), _load(source, "rewards")
    analysis = _load(source, "analysis")
    _longest_labels(locale, {"account": account, "analysis": analysis, "plan": plan})
    _people(plan)
    _strategy(plan)
    _actions(plan)
    _rewards(rewards, plan)
    portfolio = _portfolio()
    for part, data in (
        ("account", account), ("analysis", analysis), ("plan", plan), ("rewards", rewards),
        ("portfolio", portfolio),
    ):  # fmt: skip
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (target / f"{part}.yaml").write_text(text, encoding="utf-8")
    return target / "account.yaml"


def longest_label(kind: str, locale: str) -> str:
    """The value of enumeration `kind` whose label is the longest in `locale` (with the
    region's own words: es-MX says some things differently)."""
    from kam.models import types
    from kam.render.labels import Labels

    t = Labels(locale)
    values = next(
        m.values
        for v in vars(types).values()
        for m in getattr(v, "__metadata__", ())
        if isinstance(m, types._Words) and m.kind == kind
    )
    return max(sorted(values), key=lambda value: len(t.enum(kind, value)))


def _longest_labels(locale: str, parts: dict) -> None:
    for kind, (part, *path) in SINGLE.items():
        holder = parts[part]
        for key in path:
            holder = holder[key]
        holder[kind if kind != "market_role" else "role"] = longest_label(kind, locale)


def _people(plan: dict) -> None:
    """The example's team and contacts (other sections name their ids) with long names
    and titles, and more of them: 12 members, 14 contacts, every role and attitude."""
    position = plan["current_position"]
    team = position["team"]
    team += [{"id": f"t{i}", "name": ""} for i in range(len(team), 12)]
    for i, member in enumerate(team):
        member.update(
            name=name("Member", i),
            role=name("Role", i, 60),
            time_pct=10 + i,
            responsibilities=f"Responsible for {LONG} and the {name('area', i, 50)}.",
        )
    contacts = position["contacts"]
    contacts += [{"id": f"c{i}", "name": ""} for i in range(len(contacts), 14)]
    for i, contact in enumerate(contacts):
        contact.update(
            name=name("Contact", i),
            title=name("Title", i),
            department=name("Department", i, 40),
            dmu_roles=ROLES[i % 7 : i % 7 + 3],
            influence=1 + i % 5,
            attitude=ATTITUDES[i % 5],
            coverage=COVERAGE[i % 4],
            owner=team[i % 12]["id"],
        )
    plan["customer_business"]["opportunities"].append(f"An opportunity: {LONG}.")


def _strategy(plan: dict) -> None:
    strategy = plan["company_strategy"]
    team = [m["id"] for m in plan["current_position"]["team"]]
    contacts = [c["id"] for c in plan["current_position"]["contacts"]]
    for i, objective in enumerate(strategy["objectives"]):
        objective["owner"] = team[i % 12]
        objective["objective"] = name("Objective", i)
        if objective.get("unit") == "EUR":
            objective["target"] = 450_000_000 + i
            objective["baseline"] = 300_000_000
        if isinstance(objective.get("target"), int | float):
            objective["actuals"] = {
                "2027-01": objective["target"] * 0.8,
                "2027": objective["target"] * (0.9 + 0.05 * i),
            }
    for i, item in enumerate(strategy["commercial_strategies"]):
        item["type"] = STRATEGY[i % len(STRATEGY)]
    strategy["relationship_strategies"] = [
        {
            "contact": contact,
            "from_attitude": ATTITUDES[4 - i % 5],
            "to_attitude": ATTITUDES[i % 5],
            "owner": team[i],
            "how": f"Meet monthly about {LONG}.",
        }
        for i, contact in enumerate(contacts[:12])
    ]
    strategy["competitors_in_account"][0]["name"] = name("Competitor", 1)


def _actions(plan: dict) -> None:
    review = plan["action_review"]
    objectives = [o["id"] for o in plan["company_strategy"]["objectives"]]
    team = [m["id"] for m in plan["current_position"]["team"]]
    contacts = [c["id"] for c in plan["current_position"]["contacts"]]
    start = dt.date(2027, 1, 4)
    review["actions"] = [
        {
            "id": f"a{i}",
            "action": name("Action", i) if i % 3 else f"Action {i}: {LONG} {LONG}",
            "objective": objectives[i % len(objectives)],
            "owner": team[i % 12],
            "start": start + dt.timedelta(days=7 * i),
            "due": start + dt.timedelta(days=7 * i + 30 + i),
            "status": ACTION_STATUS[i % 5],
            "cost": 250_000_000 + i,
            "depends_on": [f"a{j}" for j in range(max(0, i - 10), i)],
            # joint actions: the customer's owner (a contact) under ours
            **({"customer_owner": contacts[i % len(contacts)]} if i % 4 == 0 else {}),
        }
        for i in range(40)
    ]
    review["budget"] = 4_999_999_999  # below the active actions' total: over budget
    review["review"]["cadence"] = "semiannual"
    review["review"]["kpis"] = [
        {
            "kpi": name("Indicator", i, 60),
            "target": 450_000_000 + i if i % 2 else 97.5,
            "unit": "EUR" if i % 2 else "%",
            "frequency": CADENCE[i % len(CADENCE)],
            "direction": ("higher", "lower", None)[i % 3],
            # D.2's plan vs actual: every status, long names, huge amounts
            "actuals": {
                "2027-Q1": 100_000_000 + i if i % 2 else 20.5 + i,
                "2027-Q2": 150_000_000 + 5_000_000 * i if i % 2 else 40.25 + i,
            },
        }
        for i in range(30)
    ]


def _rewards(rewards: dict, plan: dict) -> None:
    team = [m["id"] for m in plan["current_position"]["team"]]
    rewards["participants"] = [
        {"member": member, "share": 10 if i < 4 else 7.5} for i, member in enumerate(team)
    ]
    shares = [12] * 8 + [4]
    rewards["rewards"] = [
        {"name": name("Reward", i, 60), "type": kind, "share": share, "description": LONG}
        for i, (kind, share) in enumerate(zip(REWARD_TYPES, shares, strict=True))
    ]
    rewards["budget"]["total"] = 300_000_000
    rewards["budget"]["incremental_margin"] = 900_000_000


def _portfolio() -> dict:
    customers = []
    for i in range(150):
        revenue = 100_000_000 + 3_000_000 * i
        customers.append(
            {
                "id": f"k{i}",
                "name": name("Customer", i, 60 if i % 2 else 80),
                "revenue": revenue,
                "cogs": revenue * 0.6,
                "cost_to_serve": revenue * (0.05 + 0.006 * (i % 80)),  # loses from 0.41
                "segment": name("Segment", i % 7, 30),
                "attractiveness": 1 + i % 10,
                "relative_strength": 1 + (i * 7) % 10,
            }
        )
    return {"customers": customers, "key_account": "k3"}
