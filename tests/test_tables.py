"""CSV tables: streamed purchase history and portfolio rows."""

from __future__ import annotations

import pytest

from kam.analysis import history
from kam.load.tables import CustomerData, PeriodKey, read_customers, read_purchases
from kam.problems import Pos, Problems


def test_purchases_stream_into_monthly_buckets(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "date,product,revenue,gross_margin,orders\n"
        "2024-01-15,A,100.50,30,1\n"
        "2024-01-20,A,99.50,20,1\n"
        "2024-05-02,B,50,,2\n"
        "2025-02-01,A,300,90,3\n",
        encoding="utf-8",
    )
    problems = Problems()
    data = read_purchases(path, problems)
    assert problems.items == []
    assert data.granularity == "month"
    jan = data.buckets[(PeriodKey(2024, 1, 1), "A")]
    assert (jan.revenue, jan.gross_margin, jan.orders, jan.lines) == (200.0, 50.0, 2, 2)
    view = history.purchase_history(data, [])
    assert [r.revenue for r in view.years] == [250.0, 300.0]
    # margin % only over the lines whose margin is known: 50 / 200
    assert view.years[0].margin_pct == pytest.approx(0.25)
    assert view.years[0].average_order == pytest.approx(250 / 4)
    assert [q.label for q in view.quarters] == ["2024-Q1", "2024-Q2", "2025-Q1"]


def test_semicolons_decimal_commas_and_bom_are_accepted(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffperiod;product;revenue\n2024-Q1;A;1234,5\n2024-Q2;A;10\n".encode())
    problems = Problems()
    data = read_purchases(path, problems)
    assert problems.items == []
    assert data.granularity == "quarter"
    assert data.buckets[(PeriodKey(2024, 1), "A")].revenue == 1234.5


def test_bad_cells_are_reported_with_row_and_column(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "date,product,revenue\n2024-01-15,A,abc\n2024-13-01,A,5\n2024-01-15,A\n,A,3\n",
        encoding="utf-8",
    )
    problems = Problems()
    read_purchases(path, problems)
    got = [(p.pos.line, p.pos.col, p.message) for p in problems.items]
    assert got == [
        (2, 3, "column 'revenue': 'abc' is not a number (write it like 1234.50)"),
        (
            3,
            1,
            "column 'date': '2024-13-01' is not a date (write it like 2025-03-31 or 31/03/2025)",
        ),
        (4, 3, "the row has 2 cells but the header names 3 columns"),
        (5, 1, "the row has neither a date nor a period"),
    ]


def test_customers_keep_cell_positions(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,name,revenue,cogs,cost_to_serve\nx,X,10,5,1\ny,Y,20,30,x\n")
    problems = Problems()
    assert read_customers(path, problems) is None
    assert [(p.pos.line, p.pos.col) for p in problems.items] == [(3, 5)]
    path.write_text("id,cogs,name,revenue,cost_to_serve\n\nx,5,X,10,1\n")
    table = read_customers(path, Problems())
    assert list(table) == [CustomerData("x", "X", 10.0, 5.0, 1.0, 0.0, None, None, None)]
    assert table.pos(0, "revenue") == Pos(path, 3, 4)


def test_words_float_would_accept_are_not_numbers(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "period,product,revenue\n2024,A,nan\n2024,A,inf\n2024,A,１２\n2024,A,1e999\n2024,A,1_5.5\n"
    )
    problems = Problems()
    data = read_purchases(path, problems)
    assert [(p.pos.line, p.message) for p in problems.items] == [
        (
            2,
            "column 'revenue': 'nan' is not a number (write it like 1234.50) (on 3 rows: 2, 3, 4)",
        ),
        (5, "column 'revenue': the number '1e999' is too large"),
    ]
    assert data.buckets[(PeriodKey(2024), "A")].revenue == 15.5
