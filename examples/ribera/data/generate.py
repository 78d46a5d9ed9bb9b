"""Generate the example data of the Grupo Hospitalario Ribera account plan.

Writes, next to this script:

- ``purchases.csv``: every order line MedSuministros invoiced to Grupo
  Hospitalario Ribera from 2021-01-01 to 2025-12-31 (columns
  ``date,product,revenue,gross_margin,units,orders``);
- ``customers.csv``: MedSuministros' customer portfolio in 2025 (columns
  ``id,name,revenue,cogs,cost_to_serve,discounts,segment,attractiveness,
  relative_strength``), used for the whale curve and the selection matrix.

The data are invented but deterministic (fixed seed, standard library only),
so running ``python examples/ribera/data/generate.py`` from any folder always
produces the same files. The Ribera row of the portfolio is derived from the
2025 purchases and from the cost-to-serve lines of ``analysis.yaml``, so both
views of the account agree.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261127

YEARS = [2021, 2022, 2023, 2024, 2025]

# Revenue invoiced to Ribera per year (EUR) and number of order lines.
YEAR_REVENUE = {2021: 705_000, 2022: 792_000, 2023: 908_000, 2024: 1_046_000, 2025: 1_187_000}
YEAR_LINES = {2021: 500, 2022: 540, 2023: 600, 2024: 660, 2025: 720}

# product: (mix 2021, mix 2025, gross margin %, unit price 2021 EUR, line-size spread)
PRODUCTS = {
    "Kits quirúrgicos": (0.18, 0.32, 34.0, 58.00, 0.85),
    "Curas avanzadas": (0.12, 0.20, 39.0, 9.40, 0.80),
    "Consumibles de infusión": (0.25, 0.19, 27.0, 2.90, 0.70),
    "Guantes y EPI": (0.27, 0.14, 21.5, 7.80, 0.75),
    "Material de esterilización": (0.12, 0.10, 31.0, 1.95, 0.70),
    "Drenajes y sondas": (0.06, 0.05, 29.0, 11.60, 0.75),
}

# Extra margin points per year and product (glove price war in 2023, kits
# margin improving as volumes grow).
MARGIN_DRIFT = {
    "Guantes y EPI": {2021: 2.0, 2022: 0.5, 2023: -1.5, 2024: -1.0, 2025: -0.5},
    "Kits quirúrgicos": {2021: -1.5, 2022: -1.0, 2023: 0.0, 2024: 0.5, 2025: 1.0},
}

# Relative activity per month (August and Easter weeks are quieter).
MONTH_WEIGHT = [1.0, 1.05, 1.1, 0.95, 1.1, 1.05, 0.95, 0.6, 1.05, 1.1, 1.05, 0.9]

# National holidays (month, day): no deliveries.
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)}

# Ribera's 2025 cost to serve, line by line, as in analysis.yaml
# (activity, cost) or (activity, quantity, rate); None = 2025 order lines.
RIBERA_COST_TO_SERVE = [
    ("Transporte regular (4 hospitales, 3 rutas semanales)", 31_500),
    ("Entregas urgentes", 310, 85),
    ("Gestión de pedidos (líneas de pedido)", None, 22),
    ("Stock en consigna en quirófanos (coste financiero y mermas)", 38_000),
    ("Visitas comerciales y clínicas", 140, 160),
    ("Formación clínica en quirófano y plantas", 36, 450),
    ("Logística inversa y devoluciones", 6_800),
]
RIBERA_DISCOUNT_RATE = 0.05  # rappel anual 4 % + pronto pago 1 %

# Portfolio segments.
SEGMENTS = {
    "HPR": "Hospital privado",
    "HPU": "Hospital público",
    "CLI": "Clínica",
    "DEN": "Clínica dental",
    "RES": "Residencia",
    "CEN": "Central de compras",
}

# The rest of the portfolio (2025): id, name, segment, revenue (thousand EUR),
# gross margin %, discounts %, cost to serve %, attractiveness (1..10),
# relative strength (1..10).
PORTFOLIO = [
    ("jucar", "Consorcio Hospitalario del Júcar", "HPU", 1420, 23.0, 10.0, 25.5, 5, 4),
    ("sanared", "Central de Compras SanaRed", "CEN", 1050, 25.0, 11.0, 23.5, 4, 7),
    ("vithalia", "Hospital Vithalia Valencia", "HPR", 860, 31.0, 5.0, 14.0, 8, 7),
    ("marina", "Hospital Comarcal de la Marina", "HPU", 781.5, 26.0, 7.0, 26.0, 5, 5),
    ("edad-dorada", "Residencias Edad Dorada (34 centros)", "RES", 640, 30.0, 6.0, 34.5, 3, 8),
    ("mediterraneo", "Grupo Clínicas Mediterráneo", "CLI", 590, 33.0, 4.0, 15.0, 8, 8),
    ("plana", "Hospital General de la Plana Alta", "HPU", 520, 27.0, 6.0, 19.0, 6, 3),
    ("cca", "Central de Compras Clínicas Asociadas", "CEN", 480, 26.0, 9.0, 13.0, 5, 6),
    ("mutua-valenciana", "Mutua Asistencial Valenciana", "CLI", 450, 27.0, 7.0, 25.5, 4, 6),
    ("san-rafael", "Hospital Quirúrgico San Rafael", "HPR", 410, 32.0, 4.0, 15.0, 7, 8),
    ("csam", "Compras Sanitarias Agrupadas del Mediterráneo", "CEN", 380, 24.0, 10.0, 21.5, 3, 4),
    ("vega-baja", "Hospital Privado Vega Baja", "HPR", 370, 29.0, 5.0, 16.0, 7, 3),
    ("llevant", "Hospital Maternoinfantil Llevant", "HPR", 340, 30.0, 4.5, 16.0, 7, 5),
    ("santa-ursula", "Clínica Santa Úrsula", "CLI", 320, 31.0, 3.0, 13.0, 6, 7),
    ("vinalopo", "Hospital Comarcal del Vinalopó Alto", "HPU", 310, 25.0, 8.0, 20.0, 4, 5),
    ("mutua-laboral", "Mutua Laboral Levante", "CLI", 290, 30.0, 3.5, 12.0, 5, 7),
    ("costa-blanca", "Hospital Privado Costa Blanca", "HPR", 275, 30.0, 5.0, 16.0, 7, 4),
    ("albada", "Grupo Residencial Albada (12 centros)", "RES", 260, 30.0, 5.0, 23.0, 4, 6),
    ("cma-turia", "Centro de Cirugía Mayor Ambulatoria Turia", "CLI", 240, 34.0, 2.5, 11.0, 8, 6),
    ("serpis", "Hospital Comarcal Vall del Serpis", "HPU", 230, 26.0, 6.0, 17.0, 4, 3),
    ("solimar", "Residencias Solimar", "RES", 210, 29.0, 4.0, 33.0, 3, 5),
    ("oncologico", "Centro Oncológico Mediterráneo", "CLI", 210, 29.0, 3.0, 11.0, 9, 4),
    ("malvarrosa", "Hospital de Media Estancia La Malvarrosa", "HPU", 190, 27.0, 5.0, 18.0, 3, 4),
    ("sonrie", "Red Dental Sonríe (22 clínicas)", "DEN", 185, 34.0, 4.0, 21.0, 5, 6),
    ("dental-levante", "Dental Levante Franquicias", "DEN", 160, 33.0, 6.0, 29.0, 5, 3),
    ("trauma-deportiva", "Instituto de Traumatología Deportiva", "CLI", 150, 35.0, 2.0, 11.0, 8, 5),
    ("cmq-elche", "Centro Médico Quirúrgico Elche", "CLI", 140, 31.0, 3.0, 14.0, 7, 6),
    ("benicalap", "Clínica Quirúrgica Benicalap", "CLI", 130, 32.0, 2.0, 13.0, 6, 6),
    ("dialisis-levante", "Centro de Diálisis Levante", "CLI", 120, 33.0, 2.0, 9.0, 6, 8),
    ("castalia", "Mutua de Accidentes Castalia", "CLI", 115, 31.0, 2.0, 13.0, 5, 5),
    ("vistalia", "Clínica Oftalmológica Vistalia", "CLI", 95, 39.0, 1.0, 9.0, 7, 9),
    ("jardines-turia", "Residencia Jardines del Turia", "RES", 95, 30.0, 2.0, 26.0, 2, 6),
    ("hemodialisis-cs", "Centro de Hemodiálisis Castellón", "CLI", 88, 33.0, 2.0, 10.0, 6, 7),
    ("genesis", "Clínica de Fertilidad Génesis", "CLI", 80, 38.0, 1.5, 10.0, 7, 8),
    ("valmont", "Clínica de Cirugía Plástica Valmont", "CLI", 75, 38.0, 0.0, 10.0, 6, 9),
    ("lumiere", "Clínica de Medicina Estética Lumière", "CLI", 70, 40.0, 0.0, 12.0, 6, 7),
    ("safor", "Centro de Rehabilitación Neurológica Safor", "CLI", 65, 31.0, 1.0, 14.0, 5, 6),
    ("alameda", "Policlínica Dermatológica Alameda", "CLI", 60, 37.0, 1.0, 12.0, 5, 8),
    ("gineco-ruzafa", "Clínica Ginecológica Ruzafa", "CLI", 55, 37.0, 1.0, 12.0, 5, 8),
    ("dr-blanco", "Clínicas Dentales Dr. Blanco", "DEN", 52, 35.0, 0.0, 13.0, 3, 7),
    ("naranjos", "Residencia Los Naranjos", "RES", 48, 30.0, 1.0, 22.0, 3, 6),
    ("arcadia", "Clínica Dental Arcadia", "DEN", 45, 36.0, 0.0, 11.0, 4, 7),
    ("benimaclet", "Centro Médico Benimaclet", "CLI", 42, 33.0, 1.0, 18.0, 4, 4),
    ("san-jose", "Residencia San José de la Montaña", "RES", 34, 30.0, 2.0, 40.0, 2, 4),
    ("virgen-carmen", "Residencia Virgen del Carmen", "RES", 28, 30.0, 1.0, 36.0, 2, 3),
    ("podologia-ruzafa", "Clínica Podológica Ruzafa", "CLI", 18, 36.0, 0.0, 41.0, 3, 5),
    ("cardio-plus", "Unidad de Cardiología CardioPlus", "CLI", 105, 36.0, 2.0, 11.0, 8, 7),
]
RIBERA = ("ribera", "Grupo Hospitalario Ribera", "Hospital privado", 9, 5)


def interpolate(first: float, last: float, year: int) -> float:
    """Linear path between the 2021 and the 2025 value."""
    step = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    return first + (last - first) * step


def working_day(rng: random.Random, year: int) -> dt.date:
    """A random working day of the year, weighted by month activity."""
    month = rng.choices(range(1, 13), weights=MONTH_WEIGHT)[0]
    days = calendar.monthrange(year, month)[1]
    while True:
        day = dt.date(year, month, rng.randint(1, days))
        if day.weekday() < 5 and (month, day.day) not in HOLIDAYS:
            return day


def purchase_lines(rng: random.Random) -> list[dict[str, object]]:
    """Order lines for the five years, close to the yearly revenue and mix targets."""
    lines: list[dict[str, object]] = []
    for year in YEARS:
        mix = {p: interpolate(a, b, year) for p, (a, b, *_rest) in PRODUCTS.items()}
        total_mix = sum(mix.values())
        # Small product-level noise: neither the mix nor the total is a perfect line.
        targets = {
            p: YEAR_REVENUE[year] * m / total_mix * rng.uniform(0.97, 1.03) for p, m in mix.items()
        }
        # Lines per product: proportional to revenue, except kits, which are
        # ordered in fewer and larger lines (boxes per procedure).
        line_weight = {p: targets[p] / (1.6 if p == "Kits quirúrgicos" else 1.0) for p in PRODUCTS}
        weight_sum = sum(line_weight.values())
        counts = {
            p: max(8, round(YEAR_LINES[year] * w / weight_sum)) for p, w in line_weight.items()
        }
        counts[max(counts, key=counts.get)] += YEAR_LINES[year] - sum(counts.values())
        for product, count in counts.items():
            _a, _b, margin, price, spread = PRODUCTS[product]
            raw = [rng.lognormvariate(0.0, spread) for _ in range(count)]
            factor = targets[product] / sum(raw)
            amounts = [round(r * factor, 2) for r in raw]
            amounts[-1] = round(
                amounts[-1] + round(targets[product], 2) - round(sum(amounts), 2), 2
            )
            unit_price = price * (1.03 ** (year - YEARS[0]))
            drift = MARGIN_DRIFT.get(product, {}).get(year, 0.0)
            for amount in amounts:
                amount = max(amount, 25.0)
                pct = (margin + drift + rng.uniform(-2.5, 2.5)) / 100
                units = max(1, round(amount / (unit_price * rng.uniform(0.92, 1.08))))
                lines.append(
                    {
                        "date": working_day(rng, year).isoformat(),
                        "product": product,
                        "revenue": round(amount, 2),
                        "gross_margin": round(amount * pct, 2),
                        "units": units,
                        "orders": 1,
                    }
                )
    lines.sort(key=lambda row: (row["date"], row["product"], row["revenue"]))
    return lines


def write_csv(path: Path, header: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: (f"{v:.2f}" if isinstance(v, float) else v) for k, v in row.items()}
            )


def ribera_row(lines: list[dict[str, object]]) -> dict[str, object]:
    """Ribera's 2025 portfolio row, consistent with analysis.yaml."""
    last = [r for r in lines if str(r["date"]).startswith(str(YEARS[-1]))]
    revenue = round(sum(float(r["revenue"]) for r in last))
    margin = round(sum(float(r["gross_margin"]) for r in last))
    cost_to_serve = 0
    for item in RIBERA_COST_TO_SERVE:
        if len(item) == 2:
            cost_to_serve += item[1]
        else:
            quantity = len(last) if item[1] is None else item[1]
            cost_to_serve += quantity * item[2]
    rid, name, segment, attractiveness, strength = RIBERA
    return {
        "id": rid,
        "name": name,
        "revenue": revenue,
        "cogs": revenue - margin,
        "cost_to_serve": cost_to_serve,
        "discounts": int(round(revenue * RIBERA_DISCOUNT_RATE, -2)),
        "segment": segment,
        "attractiveness": attractiveness,
        "relative_strength": strength,
    }


def portfolio_rows(rng: random.Random, ribera: dict[str, object]) -> list[dict[str, object]]:
    rows = [ribera]
    for cid, name, segment, thousands, gm, disc, cts, attractiveness, strength in PORTFOLIO:
        revenue = round(thousands * 1000 * rng.uniform(0.97, 1.03))
        gm += rng.uniform(-0.8, 0.8)
        cts += rng.uniform(-0.8, 0.8)
        rows.append(
            {
                "id": cid,
                "name": name,
                "revenue": revenue,
                "cogs": round(revenue * (1 - gm / 100)),
                "cost_to_serve": int(round(revenue * cts / 100, -2)),
                "discounts": int(round(revenue * disc / 100, -2)),
                "segment": SEGMENTS[segment],
                "attractiveness": attractiveness,
                "relative_strength": strength,
            }
        )
    return sorted(rows, key=lambda row: -int(row["revenue"]))


def main() -> None:
    rng = random.Random(SEED)
    lines = purchase_lines(rng)
    write_csv(
        HERE / "purchases.csv",
        ["date", "product", "revenue", "gross_margin", "units", "orders"],
        lines,
    )
    customers = portfolio_rows(rng, ribera_row(lines))
    header = [
        "id",
        "name",
        "revenue",
        "cogs",
        "cost_to_serve",
        "discounts",
        "segment",
        "attractiveness",
        "relative_strength",
    ]
    write_csv(HERE / "customers.csv", header, customers)
    print(f"{len(lines)} order lines, {len(customers)} customers written to {HERE}")


if __name__ == "__main__":
    main()
