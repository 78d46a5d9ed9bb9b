#!/usr/bin/env python3
"""Generate the example data for the Brightfield Foods key account plan.

Writes two files next to this script:

- ``purchases.csv``: every order line Brightfield Foods placed with Kestrel
  Packaging from 2021-01-01 to 2025-12-31 (one row per order line).
- ``customers.csv``: Kestrel's customer portfolio for 2025, used for the
  whale curve and the key account selection matrix.

The script is deterministic (fixed seed, standard library only), so running
it again reproduces the committed CSV files byte for byte::

    python examples/brightfield/data/generate.py

Yearly revenue per product is fixed by hand (see ``PLAN``) so that the
figures quoted in the YAML files (executive summary, C.5 baselines,
profitability) match the data exactly; randomness only spreads each yearly
total over dated order lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
Row = dict[str, object]
SEED = 20261127

# --------------------------------------------------------------------------
# Purchase history
# --------------------------------------------------------------------------

# product -> (unit price in USD, what a unit is)
PRODUCTS: dict[str, tuple[float, str]] = {
    "Corrugated shippers": (0.86, "box"),
    "Shelf-ready trays": (0.64, "tray"),
    "Flexible film": (412.0, "roll"),
    "Labels": (21.5, "thousand labels"),
    "Line services": (128.0, "technician hour"),
    "E-commerce mailers": (1.12, "mailer"),
}

# year -> product -> (revenue in USD, gross margin %, order lines)
# 2023 is the destocking year; shelf-ready trays, line services and
# e-commerce mailers grow their share while corrugated shippers lose it.
PLAN: dict[int, dict[str, tuple[int, float, int]]] = {
    2021: {
        "Corrugated shippers": (1_718_430, 21.2, 262),
        "Shelf-ready trays": (338_760, 30.1, 58),
        "Flexible film": (624_910, 23.4, 118),
        "Labels": (301_540, 34.2, 152),
        "Line services": (121_080, 38.0, 22),
    },
    2022: {
        "Corrugated shippers": (1_862_270, 20.1, 281),
        "Shelf-ready trays": (482_150, 29.6, 79),
        "Flexible film": (703_480, 23.0, 126),
        "Labels": (322_610, 33.8, 158),
        "Line services": (139_720, 37.2, 26),
        "E-commerce mailers": (51_330, 24.1, 14),
    },
    2023: {
        "Corrugated shippers": (1_661_940, 18.9, 266),
        "Shelf-ready trays": (563_480, 28.7, 96),
        "Flexible film": (658_170, 23.9, 121),
        "Labels": (298_360, 33.5, 149),
        "Line services": (163_250, 36.4, 31),
        "E-commerce mailers": (82_660, 25.2, 22),
    },
    2024: {
        "Corrugated shippers": (1_776_820, 19.6, 293),
        "Shelf-ready trays": (821_540, 28.3, 138),
        "Flexible film": (781_330, 24.6, 137),
        "Labels": (319_870, 33.9, 161),
        "Line services": (224_610, 35.8, 41),
        "E-commerce mailers": (133_460, 26.3, 31),
    },
    2025: {
        "Corrugated shippers": (1_849_660, 20.0, 318),
        "Shelf-ready trays": (1_052_380, 27.9, 176),
        "Flexible film": (858_720, 25.1, 148),
        "Labels": (338_940, 34.1, 168),
        "Line services": (328_350, 35.2, 52),
        "E-commerce mailers": (184_330, 26.8, 43),
    },
}

# Relative ordering activity per month: snack season in summer, holiday
# peak in Q4, quiet January.
MONTH_WEIGHT = {
    1: 0.78,
    2: 0.86,
    3: 0.98,
    4: 1.0,
    5: 1.06,
    6: 1.1,
    7: 1.04,
    8: 1.08,
    9: 1.12,
    10: 1.16,
    11: 1.02,
    12: 0.8,
}
# Brightfield ran its inventories down in the first half of 2023.
DESTOCKING_2023 = {1: 0.7, 2: 0.65, 3: 0.66, 4: 0.72, 5: 0.8, 6: 0.88}


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def plant_holidays(year: int) -> set[dt.date]:
    """Days Brightfield's plants do not receive: the main US holidays."""
    thanksgiving = nth_weekday(year, 11, 3, 4)
    return {
        dt.date(year, 1, 1),
        nth_weekday(year, 5, 0, -1),  # Memorial Day
        dt.date(year, 7, 4),
        nth_weekday(year, 9, 0, 1),  # Labor Day
        thanksgiving,
        thanksgiving + dt.timedelta(days=1),
        dt.date(year, 12, 24),
        dt.date(year, 12, 25),
    }


def business_days(year: int) -> list[dt.date]:
    holidays = plant_holidays(year)
    day = dt.date(year, 1, 1)
    days = []
    while day.year == year:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def spread(total_cents: int, weights: list[float]) -> list[int]:
    """Split a total in cents proportionally to weights, summing exactly."""
    raw = [total_cents * w / sum(weights) for w in weights]
    cents = [int(r) for r in raw]
    # hand the rounding remainder to the largest fractional parts
    order = sorted(range(len(raw)), key=lambda i: raw[i] - cents[i], reverse=True)
    for i in order[: total_cents - sum(cents)]:
        cents[i] += 1
    return cents


def purchase_rows(rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for year, products in PLAN.items():
        days = business_days(year)
        day_weights = [
            MONTH_WEIGHT[d.month] * (DESTOCKING_2023.get(d.month, 1.0) if year == 2023 else 1.0)
            for d in days
        ]
        for product, (revenue, margin_pct, lines) in products.items():
            unit_price, _unit = PRODUCTS[product]
            dates = rng.choices(days, weights=day_weights, k=lines)
            sizes = [rng.lognormvariate(0.0, 0.45) for _ in range(lines)]
            for date, cents in zip(dates, spread(revenue * 100, sizes), strict=True):
                line_revenue = cents / 100
                line_margin_pct = margin_pct + rng.gauss(0.0, 1.8)
                price = unit_price * rng.uniform(0.94, 1.06)
                rows.append(
                    {
                        "date": date.isoformat(),
                        "product": product,
                        "revenue": line_revenue,
                        "gross_margin": round(line_revenue * line_margin_pct / 100, 2),
                        "units": max(1, round(line_revenue / price)),
                        "orders": rng.choices([1, 2, 3], weights=[86, 11, 3])[0],
                    }
                )
    rows.sort(key=lambda r: (str(r["date"]), str(r["product"]), -float(str(r["revenue"]))))
    return rows


# --------------------------------------------------------------------------
# Customer portfolio (2025)
# --------------------------------------------------------------------------

# Brightfield's 2025 P&L items not held in the purchase history; they are
# the same figures as analysis.yaml -> profitability.
BRIGHTFIELD_DISCOUNTS_2025 = 161_430  # 2.5 % volume rebate + 1 % prompt pay
BRIGHTFIELD_COST_TO_SERVE_2025 = 298_320  # the five cost-to-serve lines
BRIGHTFIELD_TEAM_COST_2025 = 212_000  # account team cost
# In the portfolio, cost_to_serve holds every cost specific to the customer
# (logistics, service, sales and account management), so Brightfield's
# figure is its cost-to-serve lines plus its account team cost.

# id, name, segment, 2025 revenue, discounts %, cost to serve %, profit %,
# attractiveness (1..10), relative strength (1..10).
# COGS is what is left: revenue x (100 - discounts - cost to serve - profit) %.
FOOD, BEV, PET, CARE = "Food manufacturer", "Beverage", "Pet food", "Personal care"
COPACK, DIST = "Co-packer", "Distributor"

CUSTOMERS: list[tuple[str, str, str, int, float, float, float, int, int]] = [
    ("harvest-crown", "Harvest Crown Foods", FOOD, 12_140_000, 10.5, 16.4, -8.2, 5, 4),
    ("summit-ridge", "Summit Ridge Beverages", BEV, 9_780_000, 4.0, 6.2, 6.1, 8, 7),
    ("northgate", "Northgate Distribution", DIST, 8_620_000, 8.5, 13.8, -5.3, 4, 6),
    ("pawsfirst", "PawsFirst Pet Nutrition", PET, 7_310_000, 3.5, 5.8, 8.4, 9, 7),
    ("lakeshore", "Lakeshore Co-Pack", COPACK, 6_590_000, 8.0, 18.2, -9.4, 5, 7),
    ("greenvale", "Greenvale Kitchens", FOOD, 6_020_000, 3.0, 5.4, 7.2, 6, 8),
    ("prairie-mill", "Prairie Mill Cereals", FOOD, 5_460_000, 4.5, 7.1, 4.8, 7, 3),
    ("alder-finch", "Alder & Finch Personal Care", CARE, 5_040_000, 7.0, 15.1, -6.2, 5, 4),
    ("brightfield", "Brightfield Foods", FOOD, 0, 0.0, 0.0, 0.0, 8, 6),  # from the data below
    ("redwood-snack", "Redwood Snack Co.", FOOD, 4_220_000, 3.0, 5.2, 9.1, 7, 8),
    ("sunridge-frozen", "Sunridge Frozen Foods", FOOD, 3_410_000, 6.0, 13.1, -4.4, 4, 3),
    ("midwest-contract", "Midwest Contract Packaging", COPACK, 3_180_000, 5.5, 14.1, -4.2, 3, 5),
    ("heartland-supply", "Heartland Packaging Supply", DIST, 3_050_000, 2.5, 4.6, 6.3, 4, 7),
    ("clearwater", "Clearwater Springs", BEV, 2_930_000, 5.0, 9.8, -1.6, 5, 3),
    ("copper-kettle", "Copper Kettle Soups", FOOD, 2_760_000, 2.0, 4.9, 10.4, 5, 8),
    ("whisker-valley", "Whisker Valley Pet Foods", PET, 2_540_000, 2.5, 5.1, 11.2, 8, 7),
    ("keystone-fill", "Keystone Fill & Pack", COPACK, 2_380_000, 3.0, 6.8, 5.9, 4, 6),
    ("great-lakes-ind", "Great Lakes Industrial Supply", DIST, 2_210_000, 2.0, 4.2, 5.1, 2, 4),
    ("maple-hollow", "Maple Hollow Foods", FOOD, 2_070_000, 2.5, 5.5, 8.8, 6, 6),
    ("coastal-foodservice", "Coastal Foodservice Supply", DIST, 1_860_000, 4.5, 9.6, -2.4, 3, 2),
    ("ironhorse", "Ironhorse Cold Brew", BEV, 1_720_000, 1.5, 5.0, 12.6, 9, 5),
    ("golden-acre", "Golden Acre Grains", FOOD, 1_640_000, 2.0, 4.7, 9.7, 5, 7),
    ("tall-pines", "Tall Pines Confectionery", FOOD, 1_580_000, 2.5, 6.1, 7.9, 6, 4),
    ("northwind", "Northwind Home & Body", CARE, 1_470_000, 1.5, 5.3, 13.8, 7, 5),
    ("tri-county", "Tri-County Co-Packers", COPACK, 1_390_000, 3.0, 7.2, 4.4, 3, 6),
    ("riverbend", "Riverbend Sauces", FOOD, 1_310_000, 1.5, 4.8, 10.9, 5, 6),
    ("blue-heron", "Blue Heron Bakery", FOOD, 1_240_000, 2.0, 5.9, 6.8, 4, 5),
    ("precision-pack", "Precision Pack Solutions", COPACK, 1_160_000, 2.5, 6.4, 5.6, 5, 3),
    ("fieldstone", "Fieldstone Frozen", FOOD, 1_090_000, 2.0, 5.6, 9.4, 6, 7),
    ("three-rivers", "Three Rivers Pasta", FOOD, 980_000, 1.5, 4.4, 11.7, 4, 8),
    ("pioneer-wholesale", "Pioneer Wholesale Packaging", DIST, 940_000, 1.0, 3.9, 7.4, 2, 6),
    ("hilltop-granola", "Hilltop Granola", FOOD, 890_000, 0.5, 4.6, 18.3, 7, 8),
    ("crescent-bakery", "Crescent Bakery Group", FOOD, 840_000, 2.0, 6.0, 6.1, 3, 3),
    ("lumen", "Lumen Botanicals", CARE, 710_000, 0.0, 4.9, 23.6, 8, 7),
    ("oak-ember", "Oak & Ember Meats", FOOD, 680_000, 1.0, 5.7, 12.1, 4, 4),
    ("silver-birch", "Silver Birch Nut Co.", FOOD, 650_000, 0.5, 4.3, 21.8, 6, 9),
    ("little-creek", "Little Creek Organics", FOOD, 590_000, 0.5, 5.8, 16.2, 9, 6),
    ("cedar-bay", "Cedar Bay Soapworks", CARE, 550_000, 0.0, 5.1, 19.4, 5, 8),
    ("highland-oats", "Highland Oats", FOOD, 520_000, 1.0, 5.4, 13.6, 6, 3),
    ("wild-plum", "Wild Plum Preserves", FOOD, 480_000, 0.0, 4.8, 20.3, 3, 9),
    ("bluestem", "Bluestem Brewing Co.", BEV, 420_000, 3.0, 15.2, -6.4, 3, 2),
    ("sparrow-tea", "Sparrow Tea Company", BEV, 380_000, 0.0, 5.5, 21.1, 7, 6),
    ("hollis-farms", "Hollis Family Farms", FOOD, 350_000, 0.5, 6.2, 14.2, 2, 7),
    ("juniper-coast", "Juniper Coast Juices", BEV, 310_000, 2.5, 17.8, -8.3, 4, 2),
    ("kinnick-kombucha", "Kinnick Kombucha", BEV, 280_000, 0.0, 6.8, 12.9, 8, 3),
    ("pure-meadow", "Pure Meadow Cosmetics", CARE, 260_000, 2.0, 14.9, -4.1, 5, 2),
    ("trailhound", "Trailhound Treats", PET, 220_000, 2.5, 19.6, -9.2, 5, 2),
    ("boone-creamery", "Boone Creamery", FOOD, 190_000, 0.0, 7.4, 9.6, 2, 3),
]


def customer_rows(rng: random.Random, purchases: list[Row]) -> list[Row]:
    in_2025 = [r for r in purchases if str(r["date"]).startswith("2025")]
    bf_revenue = round(sum(float(str(r["revenue"])) for r in in_2025), 2)
    bf_margin = sum(float(str(r["gross_margin"])) for r in in_2025)
    rows: list[Row] = []
    for cid, name, segment, revenue, disc, cts, profit, attract, strength in CUSTOMERS:
        if cid == "brightfield":
            rows.append(
                {
                    "id": cid,
                    "name": name,
                    "revenue": round(bf_revenue),
                    "cogs": round(bf_revenue - bf_margin),
                    "cost_to_serve": BRIGHTFIELD_COST_TO_SERVE_2025 + BRIGHTFIELD_TEAM_COST_2025,
                    "discounts": BRIGHTFIELD_DISCOUNTS_2025,
                    "segment": segment,
                    "attractiveness": attract,
                    "relative_strength": strength,
                }
            )
            continue
        # make the round planning figures look like real ledger figures
        revenue = round(revenue * rng.uniform(0.985, 1.015))
        disc_amt = round(revenue * max(0.0, disc + rng.uniform(-0.15, 0.15)) / 100) if disc else 0
        cts_amt = round(revenue * (cts + rng.uniform(-0.2, 0.2)) / 100)
        profit_amt = revenue * (profit + rng.uniform(-0.2, 0.2)) / 100
        cogs_amt = round(revenue - disc_amt - cts_amt - profit_amt)
        rows.append(
            {
                "id": cid,
                "name": name,
                "revenue": revenue,
                "cogs": cogs_amt,
                "cost_to_serve": cts_amt,
                "discounts": disc_amt,
                "segment": segment,
                "attractiveness": attract,
                "relative_strength": strength,
            }
        )
    return rows


def write_csv(path: Path, header: list[str], rows: list[Row], money: set[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([f"{row[c]:.2f}" if c in money else row[c] for c in header])


def main() -> None:
    rng = random.Random(SEED)
    purchases = purchase_rows(rng)
    write_csv(
        HERE / "purchases.csv",
        ["date", "product", "revenue", "gross_margin", "units", "orders"],
        purchases,
        money={"revenue", "gross_margin"},
    )
    customers = customer_rows(rng, purchases)
    write_csv(
        HERE / "customers.csv",
        [
            "id",
            "name",
            "revenue",
            "cogs",
            "cost_to_serve",
            "discounts",
            "segment",
            "attractiveness",
            "relative_strength",
        ],
        customers,
        money=set(),
    )
    print(f"wrote {len(purchases)} order lines and {len(customers)} customers to {HERE}")


if __name__ == "__main__":
    main()
