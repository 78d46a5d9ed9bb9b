"""What the plan's logic puts in the document itself, read from the rendered PDF: D.1's
cost counts the active actions only (deferred and cancelled ones shown apart) against
its budget, C.5's cost per objective agrees with it, and loss-makers rated attractive
get what would end their loss. Figures worked out by hand below."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import have, pdftotext
from kam.pipeline import build

pytestmark = pytest.mark.skipif(not have("pdftotext"), reason="needs poppler's pdftotext")

DOCUMENT = """\
kam: 1
locale: {locale}
currency: {currency}
title: Logic sample
date: 2026-11-27
period: {{start: 2027-01-01, end: 2027-12-31}}
company: {{name: Us}}
account: {{name: Acme}}
plan:
  current_position:
    team:
      - {{id: ana, name: Ana Ruiz}}
  company_strategy:
    objectives:
      - {{id: o1, objective: Grow revenue to 1.2 million, metric: revenue, baseline: 1_000_000,
         target: 1_200_000, deadline: 2027-12-31, owner: ana}}
  action_review:
    budget: 3_000
    actions:
      - {{id: a1, action: Kick-off, objective: o1, owner: ana, start: 2027-01-04, due: 2027-01-29,
         status: not_started, cost: 1_000}}
      - {{id: a2, action: Pilot, objective: o1, owner: ana, start: 2027-02-01, due: 2027-05-28,
         status: not_started, cost: 2_500}}
      - {{id: a3, action: Trade show, objective: o1, owner: ana, start: 2027-03-01, due: 2027-03-31,
         status: deferred, cost: 4_000}}
      - {{id: a4, action: Newsletter, objective: o1, owner: ana, start: 2027-02-01, due: 2027-02-26,
         status: cancelled, cost: 700}}
portfolio:
  key_account: acme
  customers:
    - {{id: acme, name: Acme, revenue: 900_000, cogs: 600_000, cost_to_serve: 50_000,
       attractiveness: 8, relative_strength: 7}}
    # gross 100,000 - 5,000 - 70,000 = 25,000 < cost to serve 30,000: loses 5,000;
    # 5,000 <= half of 30,000, so cut the cost to serve by 5,000 / 30,000 = 16.7 %
    - {{id: serve, name: Serve Co, revenue: 100_000, discounts: 5_000, cogs: 70_000,
       cost_to_serve: 30_000, attractiveness: 7, relative_strength: 3}}
    # gross 50,000 - 4,000 - 48,000 = -2,000: prices do not cover COGS; loses 4,000:
    # a price rise of 4,000 / 50,000 = 8.0 %
    - {{id: price, name: Price Co, revenue: 50_000, discounts: 4_000, cogs: 48_000,
       cost_to_serve: 2_000, attractiveness: 6, relative_strength: 8}}
    # gross 20,000, cost to serve 45,000: loses 25,000 > 22,500 (half) and > 5,000 (5 %)
    - {{id: whole, name: Whole Co, revenue: 100_000, cogs: 80_000, cost_to_serve: 45_000,
       attractiveness: 9, relative_strength: 2}}
    # loses money but is not rated attractive: no remedy listed
    - {{id: plain, name: Plain Co, revenue: 80_000, cogs: 79_000, cost_to_serve: 9_000,
       attractiveness: 3, relative_strength: 3}}
"""


def built_text(tmp_path: Path, locale: str, currency: str) -> str:
    entry = tmp_path / "account.yaml"
    text = DOCUMENT.format(locale=locale, currency=currency)
    entry.write_text(textwrap.dedent(text), encoding="utf-8")
    written, problems, _timings = build(entry, tmp_path / "out")
    pdf = next(p for p in written if p.suffix == ".pdf")
    # one line per table row, single spaces
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in pdftotext(pdf).splitlines())


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> str:
    return built_text(tmp_path_factory.mktemp("en"), "en-US", "USD")


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> str:
    return built_text(tmp_path_factory.mktemp("es"), "es-MX", "MXN")


def test_d1_counts_the_active_actions_and_shows_the_rest_apart(english):
    lines = english.splitlines()
    # active: a1 1,000 + a2 2,500 = 3,500; deferred a3 4,000; cancelled a4 700
    assert "Plan cost (active actions) $3,500" in lines
    assert "Deferred actions, not counted $4,000" in lines
    assert "Cancelled actions, not counted $700" in lines
    assert "Budget for the actions $3,000" in lines
    assert "Over budget $500" in lines  # 3,500 - 3,000
    assert not any("$8,200" in line for line in lines)  # the old sum of every action


def test_c5_cost_per_objective_agrees_with_d1(english):
    # the SMART table's row for o1: its 4 actions, none done, the active cost only
    row = next(line for line in english.splitlines() if line.startswith("o1 ") and "$" in line)
    assert row.endswith("4 0% $3,500"), row


def test_d1_in_spanish_with_mexicos_words(spanish):
    lines = spanish.splitlines()
    assert "Costo del plan (acciones activas) $3,500" in lines
    assert "Acciones aplazadas, no incluidas $4,000" in lines
    assert "Acciones canceladas, no incluidas $700" in lines
    assert "Presupuesto de las acciones $3,000" in lines
    assert "Exceso sobre el presupuesto $500" in lines


def test_attractive_loss_makers_get_what_would_end_their_loss(english):
    text = " ".join(english.split())
    assert "Attractive customers that lose money" in text
    assert (
        "Whole Co (Star, -$25,000): Re-segment it: neither half its cost to serve nor a 5 % "
        "price rise ends the loss; serve it through a cheaper channel, or rate its "
        "attractiveness again."
    ) in text.replace("\u2010", "-").replace("\u2212", "-")
    assert (
        "Serve Co (Star, -$5,000): Reduce its cost to serve ($30,000, 30.0% of revenue) by 16.7%."
    ) in text.replace("\u2010", "-").replace("\u2212", "-")
    assert (
        "Price Co (Strategic, -$4,000): Renegotiate its prices and discounts: a price rise of "
        "8.0% ends the loss."
    ) in text.replace("\u2010", "-").replace("\u2212", "-")
    assert "Plain Co (" not in text  # a loss-maker not rated attractive: no remedy
    # the worst loss first
    assert text.index("Whole Co (") < text.index("Serve Co (") < text.index("Price Co (")


def test_attractive_loss_makers_in_spanish(spanish):
    text = " ".join(spanish.split()).replace("\u2010", "-").replace("\u2212", "-")
    assert "Clientes atractivos que pierden dinero" in text
    assert (
        "Serve Co (Estrella, -$5,000): Reducir su costo de servir ($30,000, el 30.0% de la "
        "facturación) un 16.7%."
    ) in text
