"""A real portfolio has 100,000 customers (issue 11): every figure uses all of them,
the document lists the most and least profitable ones and the key account, and sums
the rest; the whale curve is drawn through a few hundred points, and the selection
matrix gets one bubble per cell."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from pytest import approx
from typer.testing import CliRunner

from kam.analysis import portfolio
from kam.cli import app
from kam.load.tables import CustomerData, CustomerTable

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
HANG_GUARD = 60.0  # seconds; building 100,000 customers takes about three


def table(rows) -> CustomerTable:
    out = CustomerTable()
    for row in rows:
        out.append(CustomerData(*row))
    return out


def sixty() -> CustomerTable:
    """c1 … c60: customer i has revenue 100·i and no costs, so profit 100·i."""
    return table(
        (f"c{i}", f"Customer {i}", 100.0 * i, 0.0, 0.0, 0.0, None, None, None) for i in range(1, 61)
    )


def test_the_top_and_bottom_are_listed_and_the_rest_summed():
    view = portfolio.analyse(sixty(), "c30")
    # by profit: c60 … c1; listed: ranks 1-25 (c60-c36), the key account at rank 31
    # (c30) and ranks 51-60 (c10-c1); summed: ranks 26-30 (c35-c31), 32-50 (c29-c11).
    listed = [r.id for r in view.rows if not r.others]
    assert listed == [f"c{i}" for i in range(60, 35, -1)] + ["c30"] + [
        f"c{i}" for i in range(10, 0, -1)
    ]
    others = [r for r in view.rows if r.others]
    assert [(r.others, r.profit_rank, r.last_rank) for r in others] == [(5, 26, 30), (19, 32, 50)]
    assert others[0].revenue == 100 * (31 + 32 + 33 + 34 + 35) == 16_500
    assert others[0].profit == 16_500 and others[0].margin == 1
    assert others[1].revenue == 100 * sum(range(11, 30)) == 38_000
    # the figures use all 60: total profit 100·(1+…+60) = 183,000
    assert view.total_profit == 183_000 and view.total_revenue == 183_000
    assert view.customers == 60 and view.listed == 36
    # cumulative share after rank 30 (c60 … c31): 100·(31+…+60) / 183,000
    assert others[0].cumulative_share == approx(136_500 / 183_000)
    assert view.key.profit_rank == 31 and view.key.revenue_rank == 31
    # the top 20 % (12 customers, c60-c49) hold 100·(49+…+60) = 65,400
    assert view.top20_share == approx(65_400 / 183_000)
    assert view.peak == approx(1.0)  # nobody loses money


def test_a_small_portfolio_is_listed_in_full():
    rows = [(f"c{i}", "C", 10.0, 0.0, 0.0, 0.0, None, None, None) for i in range(50)]
    view = portfolio.analyse(table(rows), None)
    assert len(view.rows) == 50 and not any(r.others for r in view.rows)


def test_the_whale_curve_keeps_its_ends_and_peak_in_a_few_hundred_points():
    n = 100_000
    # profits 600, 599.99 … then losses: the curve rises, peaks, and falls to 100 %
    rows = [
        (f"c{i:06d}", "C", 1000.0 + (60_000 - i) * 0.01, 1000.0, 0.0, 0.0, None, None, None)
        for i in range(n)
    ]
    view = portfolio.analyse(table(rows), "c050000")
    curve = view.curve
    assert len(curve) <= portfolio.CURVE_POINTS + 4
    assert curve[0] == (0.0, 0.0)
    assert curve[-1] == (1.0, approx(1.0))
    xs = [x for x, _ in curve]
    assert xs == sorted(xs)
    peak = max(y for _, y in curve)
    assert peak == approx(view.peak)  # the exact peak is one of the points
    assert view.key_point in curve  # the key account sits on the drawn curve
    # between two drawn points the curve is never far from the chord: the shape holds
    profit = [r[2] - r[3] for r in rows]
    total = sum(profit)
    running, exact = 0.0, {}
    for i, p in enumerate(profit):
        running += p
        exact[(i + 1) / n] = running / total
    for (x0, y0), (x1, y1) in zip(curve[1:], curve[2:], strict=False):
        middle = (x0 + x1) / 2
        nearest = min(exact, key=lambda x: abs(x - middle)) if x1 - x0 < 0.01 else None
        if nearest is not None:
            assert exact[nearest] == approx((y0 + y1) / 2, abs=0.02 * peak)


def test_a_large_matrix_gets_one_bubble_per_cell():
    rng = random.Random(7)
    rows = [
        (f"c{i}", "C", 10.0, 0.0, 0.0, 0.0, None, rng.randint(1, 10), rng.randint(1, 10))
        for i in range(5_000)
    ]
    view = portfolio.analyse(table(rows), "c0")
    assert view.matrix_by_cell
    assert len(view.matrix) <= 101  # 100 cells and the key account
    key = [p for p in view.matrix if p.key]
    assert len(key) == 1 and key[0].label == "C"
    assert sum(p.count for p in view.matrix) == 5_000
    assert sum(p.revenue for p in view.matrix) == approx(50_000)
    assert sum(view.quadrants.values()) == 5_000


def test_a_small_matrix_gets_one_bubble_per_customer():
    rows = [(f"c{i}", f"C{i}", 10.0, 0.0, 0.0, 0.0, None, 3, 4) for i in range(10)]
    view = portfolio.analyse(table(rows), None)
    assert not view.matrix_by_cell
    assert [p.label for p in view.matrix] == [f"C{i}" for i in range(10)]


# ----------------------------------------------------------- end to end, 100,000

N = 100_000
KEY = "c50000"


def profit(i: int) -> int:
    """Customer i: revenue 1000 + i, COGS 900, cost to serve 150 + (i mod 400)."""
    return (1000 + i) - 900 - (150 + i % 400)


def write_portfolio(folder: Path, n: int) -> None:
    lines = ["id,name,revenue,cogs,cost_to_serve,segment,attractiveness,relative_strength"]
    lines += [
        f"c{i},Customer {i},{1000 + i},900,{150 + i % 400},S{i % 7},{1 + i % 10},{1 + i * 7 % 10}"
        for i in range(n)
    ]
    (folder / "customers.csv").write_text("\n".join(lines) + "\n")
    (folder / "account.yaml").write_text(
        BASE + f"portfolio:\n  customers: {{csv: customers.csv}}\n  key_account: {KEY}\n"
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("portfolio")
    write_portfolio(folder, N)
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["build", str(folder / "account.yaml")])
    assert result.exit_code == 0, result.stderr
    assert time.perf_counter() - start < HANG_GUARD
    return folder


def expected_rows() -> tuple[list[str], list[tuple[int, int, int]]]:
    """The listed ids in profit order, and (count, revenue, profit) of each summed run,
    worked out here independently of kam."""
    order = sorted(range(N), key=lambda i: (-profit(i), f"c{i}"))
    key = order.index(int(KEY[1:]))
    listed = sorted(set(range(25)) | {key} | set(range(N - 10, N)))
    runs, previous = [], -1
    for position in listed:
        if position > previous + 1:
            members = order[previous + 1 : position]
            runs.append(
                (len(members), sum(1000 + i for i in members), sum(profit(i) for i in members))
            )
        previous = position
    return [f"c{order[p]}" for p in listed], runs


def test_a_100000_customer_portfolio_lists_the_top_and_bottom(big):
    html = (big / f"{big.name}.html").read_text(encoding="utf-8")
    part = html[html.index('<table class="data figures portfolio">') :]
    part = part[: part.index("</table>")]
    listed, runs = expected_rows()
    assert len(re.findall(r"<tr[ >]", part)) == 1 + len(listed) + len(runs)
    assert len(listed) == 25 + 1 + 10 and len(runs) == 2
    names = re.findall(r"<span class=\"strong\">(Customer \d+)", part)
    assert names == [f"Customer {ident[1:]}" for ident in listed]
    for count, revenue, gain in runs:
        assert f"{count:,} other customers" in part
        assert f"€{revenue:,}" in part and f"€{gain:,}" in part
    assert "key account" in part
    assert "The table lists the 25 most and 10 least profitable of the 100,000 customers" in html


def test_a_100000_customer_portfolio_pdf(big):
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() or "" for p in PdfReader(big / f"{big.name}.pdf").pages)
    listed, runs = expected_rows()
    for ident in (listed[0], KEY, listed[-1]):
        assert re.search(rf"Customer\s+{ident[1:]}\b", text), ident
    for count, revenue, _gain in runs:
        assert re.search(rf"{count:,}\s+other\s+customers", text)
        assert f"€{revenue:,}" in text


def test_the_portfolio_svgs_stay_small(big):
    import base64

    html = (big / f"{big.name}.html").read_text(encoding="utf-8")
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    svgs = [base64.b64decode(u).decode() for u in uris]
    whale = next(s for s in svgs if "Whale curve" in s)
    matrix = next(s for s in svgs if "selection matrix" in s)
    points = re.search(r'<polyline points="([^"]+)"', whale).group(1).split()
    assert len(points) <= portfolio.CURVE_POINTS + 4
    assert matrix.count("<circle") <= 101
