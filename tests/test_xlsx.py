"""Excel workbooks (`xlsx:`) wherever a CSV file is read: the same figures as the CSV,
typed cells, sheets, positions as `file.xlsx:Sheet!C12`, in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES
from kam.cli.printing import line
from kam.load import load
from kam.pipeline import prepare
from kam.problems import Pos, column_letters, sheet_reference

openpyxl = pytest.importorskip("openpyxl")

BASE = "kam: 1\nlocale: {locale}\ncurrency: EUR\ncompany: {{name: Acme}}\naccount: {{name: Beta}}\n"
HISTORY = "analysis:\n  purchase_history:\n    xlsx: ventas.xlsx\n"
CUSTOMERS = "portfolio:\n  customers:\n    xlsx: clientes.xlsx\n"


def workbook(path: Path, rows: list[list], title: str = "Ventas", more: tuple[str, ...] = ()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name in more:
        book.create_sheet(name)
    book.save(path)


def problems(folder: Path, monkeypatch, yaml: str, locale: str = "en") -> list[str]:
    monkeypatch.chdir(folder)
    (folder / "account.yaml").write_text(BASE.format(locale=locale) + yaml, encoding="utf-8")
    return [line(p) for p in load(Path("account.yaml")).problems.items]


def csv_to_xlsx(source: Path, target: Path, title: str, typed) -> None:
    """A CSV file as a workbook, each cell typed as Excel would hold it."""
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    workbook(
        target,
        [
            rows[0],
            *(
                [typed(name, cell) for name, cell in zip(rows[0], row, strict=True)]
                for row in rows[1:]
            ),
        ],
        title,
    )


def excel_cell(column: str, text: str):
    if text == "":
        return None
    if column == "date":
        return dt.date.fromisoformat(text)
    try:
        return float(text)
    except ValueError:
        return text


def test_ribera_from_workbooks_gives_the_figures_of_its_csv_files(tmp_path):
    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    before, problems_before = prepare(project / "account.yaml")
    assert before is not None, [p.message for p in problems_before.items]
    data = project / "data"
    csv_to_xlsx(data / "purchases.csv", data / "ventas.xlsx", "Ventas", excel_cell)
    csv_to_xlsx(data / "customers.csv", data / "clientes.xlsx", "Clientes", excel_cell)
    for name, old, new in (
        ("analysis.yaml", "csv: data/purchases.csv", "xlsx: data/ventas.xlsx"),
        ("portfolio.yaml", "csv: data/customers.csv", "xlsx: data/clientes.xlsx"),
    ):
        text = (project / name).read_text(encoding="utf-8")
        assert old in text
        (project / name).write_text(text.replace(old, new), encoding="utf-8")
    (data / "purchases.csv").unlink()
    (data / "customers.csv").unlink()
    after, problems_after = prepare(project / "account.yaml")
    assert after is not None, [p.message for p in problems_after.items]
    assert after.figures.history == before.figures.history
    assert after.figures.history_revenue == before.figures.history_revenue
    assert after.figures.portfolio == before.figures.portfolio
    assert after.figures.category_shares == before.figures.category_shares
    assert [p.message for p in problems_after.items] == [p.message for p in problems_before.items]


def test_the_sheet_is_chosen_by_name_and_dates_come_typed(tmp_path, monkeypatch):
    workbook(
        tmp_path / "ventas.xlsx",
        [
            ["date", "product", "revenue", "orders"],
            [dt.date(2025, 1, 15), "Kits", 100.5, 2.0],
            [dt.datetime(2025, 2, 3, 10, 30), "Kits", 50, None],
            [None, None, None, None],  # an empty row
            [dt.date(2025, 2, 28), 2024, 10, 1],  # a product named by a number
        ],
        title="Resumen",
        more=("Ventas",),
    )
    book = openpyxl.load_workbook(tmp_path / "ventas.xlsx")
    book["Ventas"].append(["date", "product", "revenue"])
    book["Ventas"].append([dt.date(2030, 5, 1), "Otro", 7])
    book.save(tmp_path / "ventas.xlsx")
    assert problems(tmp_path, monkeypatch, HISTORY) == []
    data = load(tmp_path / "account.yaml").tables.purchases
    from kam.load.tables import PeriodKey

    assert {(k[0], k[1]): (b.revenue, b.orders) for k, b in data.buckets.items()} == {
        (PeriodKey(2025, 1, 1), "Kits"): (100.5, 2),
        (PeriodKey(2025, 1, 2), "Kits"): (50.0, 0),
        (PeriodKey(2025, 1, 2), "2024"): (10.0, 1),
    }
    assert problems(tmp_path, monkeypatch, HISTORY + "    sheet: Ventas\n") == []
    data = load(tmp_path / "account.yaml").tables.purchases
    assert list(data.buckets) == [(PeriodKey(2030, 2, 5), "Otro")]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "account.yaml:9:12: the workbook has no sheet 'Hoja1'; its sheets: Ventas, Otra"),
        (
            "es",
            "account.yaml:9:12: el libro de Excel no tiene la hoja 'Hoja1'; sus hojas: Ventas, Otra",
        ),
    ],
)
def test_a_missing_sheet_lists_the_sheets(tmp_path, monkeypatch, locale, expected):
    workbook(tmp_path / "ventas.xlsx", [["date", "product", "revenue"]], more=("Otra",))
    got = problems(tmp_path, monkeypatch, HISTORY + "    sheet: Hoja1\n", locale)
    assert got == [expected]


BAD_CELLS = [
    ["date", "product", "revenue", "units"],
    [dt.date(2025, 1, 1), "Kits", 10, True],
    [45000, "Kits", 10, 1],  # a number where a date goes (a cell not formatted as a date)
    [dt.date(2025, 1, 2), "Kits", "abc", 1],
    [dt.date(2025, 1, 3), "Kits", "xyz", 2],
    [dt.date(2025, 1, 4), dt.date(2025, 1, 1), 3, 1],
]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            [
                "ventas.xlsx:Ventas!D2: column 'units': the cell holds TRUE, not a number",
                "ventas.xlsx:Ventas!A3: column 'date': the cell holds 45000, not a date; "
                "format the cell as a date",
                "ventas.xlsx:Ventas!C4: column 'revenue': 'abc' is not a number (write it "
                "like 1234.50) (on 2 rows: 4, 5)",
                "ventas.xlsx:Ventas!B6: column 'product': the cell holds 2025-01-01, not text",
            ],
        ),
        (
            "es",
            [
                "ventas.xlsx:Ventas!D2: columna 'units': la celda contiene TRUE, no un número",
                "ventas.xlsx:Ventas!A3: columna 'date': la celda contiene 45000, no una fecha; "
                "denle formato de fecha a la celda",
                "ventas.xlsx:Ventas!C4: columna 'revenue': 'abc' no es un número (escríbanlo "
                "como 1234,50) (en 2 filas: 4, 5)",
                "ventas.xlsx:Ventas!B6: columna 'product': la celda contiene 2025-01-01, no texto",
            ],
        ),
    ],
)
def test_bad_cells_are_placed_by_sheet_and_cell(tmp_path, monkeypatch, locale, expected):
    workbook(tmp_path / "ventas.xlsx", BAD_CELLS)
    assert problems(tmp_path, monkeypatch, HISTORY, locale) == expected


def test_a_table_that_does_not_start_at_a1_keeps_its_cells(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ventas 2025"
    for r, row in enumerate([["date", "product", "revenue"], ["2025-01-01", "Kits", "1,5"]]):
        for c, value in enumerate(row):
            sheet.cell(row=3 + r, column=2 + c, value=value)
    book.save(tmp_path / "ventas.xlsx")
    got = problems(tmp_path, monkeypatch, HISTORY)
    assert got == [
        "ventas.xlsx:'Ventas 2025'!D4: column 'revenue': '1,5' is not a number "
        "(write it like 1234.50)"
    ]


def test_the_column_mapping_applies_to_workbooks(tmp_path, monkeypatch):
    workbook(
        tmp_path / "clientes.xlsx",
        [
            ["Código", "Cliente", "Ventas", "Costo", "Servicio"],
            ["a1", "Alfa", 1000, 600, 100],
            ["a2", "Beta", 500, 200, -1],
        ],
    )
    yaml = CUSTOMERS + (
        "    columns: {Código: id, Cliente: name, Ventas: revenue, Costo: cogs,"
        " Servicio: cost_to_serve}\n"
    )
    assert problems(tmp_path, monkeypatch, yaml, "es-MX") == [
        "clientes.xlsx:Ventas!E3: portfolio.customers[1].cost_to_serve: no puede ser "
        "negativo; se indicó -1"
    ]


def test_a_customers_workbook_is_read_by_column(tmp_path, monkeypatch):
    workbook(
        tmp_path / "clientes.xlsx",
        [
            ["id", "name", "revenue", "cogs", "cost_to_serve", "attractiveness"],
            ["a1", "Alfa", 1000.0, 600.0, 100.0, 7.0],
            ["a2", "Beta", 500, 200, 50, None],
        ],
    )
    assert problems(tmp_path, monkeypatch, CUSTOMERS) == []
    table = load(tmp_path / "account.yaml").tables.customers
    assert [(c.id, c.revenue, c.attractiveness) for c in table] == [
        ("a1", 1000.0, 7),
        ("a2", 500.0, None),
    ]
    pos = table.pos(1, "cogs")
    assert (pos.line, pos.col, pos.sheet) == (3, 4, "Ventas")
    assert pos.label("clientes.xlsx") == "clientes.xlsx:Ventas!D3"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "account.yaml:7:20: 'clientes.xlsx' is an Excel workbook, not a CSV file: name it "
            "with 'xlsx: clientes.xlsx' instead of 'csv:'",
        ),
        (
            "es",
            "account.yaml:7:20: 'clientes.xlsx' es un libro de Excel, no un archivo CSV: "
            "indíquenlo con 'xlsx: clientes.xlsx' en lugar de 'csv:'",
        ),
    ],
)
def test_a_workbook_named_as_csv_is_told_to_use_xlsx(tmp_path, monkeypatch, locale, expected):
    workbook(tmp_path / "clientes.xlsx", [["id"]])
    got = problems(tmp_path, monkeypatch, "portfolio:\n  customers: {csv: clientes.xlsx}\n", locale)
    assert got == [expected]


def test_an_old_xls_named_as_csv_is_told_too(tmp_path, monkeypatch):
    (tmp_path / "ventas.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    got = problems(tmp_path, monkeypatch, "analysis:\n  purchase_history: {csv: ventas.csv}\n")
    assert got == [
        "account.yaml:7:27: 'ventas.csv' is an Excel workbook, not a CSV file: name it with "
        "'xlsx: ventas.csv' instead of 'csv:'"
    ]


def test_a_csv_file_named_as_xlsx_is_told_to_use_csv(tmp_path, monkeypatch):
    (tmp_path / "ventas.xlsx").write_text("date,product,revenue\n2025-01-01,K,1\n")
    assert problems(tmp_path, monkeypatch, HISTORY) == [
        "account.yaml:8:11: 'ventas.xlsx' is not an Excel workbook; for a CSV file write "
        "'csv: ventas.xlsx' instead of 'xlsx:'"
    ]


def test_a_damaged_workbook_is_refused(tmp_path, monkeypatch):
    (tmp_path / "ventas.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert problems(tmp_path, monkeypatch, HISTORY) == [
        "account.yaml:8:11: cannot read the workbook: it is not a valid .xlsx file (a damaged zip)"
    ]


def test_a_workbook_that_unzips_past_the_limit_is_refused(tmp_path, monkeypatch):
    from kam.load import xlsx

    monkeypatch.setattr(xlsx, "MAX_XLSX_XML_BYTES", 50_000)
    rows = [["date", "product", "revenue"]] + [[dt.date(2025, 1, 1), "Kits", 1.0]] * 2000
    workbook(tmp_path / "ventas.xlsx", rows)
    assert problems(tmp_path, monkeypatch, HISTORY) == [
        "account.yaml:8:11: the workbook's content unzips to more than 50,000 bytes (the "
        "limit, about 1,000,000 rows); split it, or sum its rows by day or month"
    ]


def test_a_zip_bomb_is_counted_by_unzipping_not_by_its_header(tmp_path, monkeypatch):
    """A part whose header claims a small size is unzipped and counted anyway."""
    from kam.load import xlsx

    monkeypatch.setattr(xlsx, "MAX_XLSX_XML_BYTES", 1_000_000)
    path = tmp_path / "ventas.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000)
    data = bytearray(path.read_bytes())
    # the local header and the central directory both say 10 bytes
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature)
        data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert problems(tmp_path, monkeypatch, HISTORY) == [
        "account.yaml:8:11: the workbook's content unzips to more than 1,000,000 bytes (the "
        "limit, about 1,000,000 rows); split it, or sum its rows by day or month"
    ]


def test_options_that_belong_to_the_other_kind_of_file(tmp_path, monkeypatch):
    workbook(tmp_path / "ventas.xlsx", [["date", "product", "revenue"]])
    (tmp_path / "ventas.csv").write_text("date,product,revenue\n")
    got = problems(tmp_path, monkeypatch, HISTORY + "    encoding: cp1252\n")
    assert got == [
        "account.yaml:9:15: analysis.purchase_history.encoding: 'encoding' is for CSV files; "
        "a workbook says its own"
    ]
    yaml = "analysis:\n  purchase_history:\n    csv: ventas.csv\n    sheet: Ventas\n"
    assert problems(tmp_path, monkeypatch, yaml, "es") == [
        "account.yaml:9:12: analysis.purchase_history.sheet: 'sheet' es para libros de Excel "
        "(xlsx:); un archivo CSV no tiene hojas"
    ]
    yaml = "analysis:\n  purchase_history:\n    csv: ventas.csv\n    xlsx: ventas.xlsx\n"
    assert problems(tmp_path, monkeypatch, yaml) == [
        "account.yaml:9:11: analysis.purchase_history.xlsx: give either 'csv' or 'xlsx', not both"
    ]


def test_cell_names():
    assert [column_letters(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert sheet_reference("Ventas") == "Ventas"
    assert sheet_reference("Ventas 2025") == "'Ventas 2025'"
    assert sheet_reference("Tom's") == "'Tom''s'"
    assert Pos(Path("a.yaml"), 3, 4).label() == "a.yaml:3:4"


def test_an_empty_sheet_says_what_its_first_row_needs(tmp_path, monkeypatch):
    workbook(tmp_path / "ventas.xlsx", [], more=("Otra",))
    assert problems(tmp_path, monkeypatch, HISTORY, "es") == [
        "ventas.xlsx:Ventas!A1: la hoja 'Ventas' está vacía; su primera fila debe nombrar "
        "las columnas"
    ]


def test_periods_typed_by_excel_are_read(tmp_path, monkeypatch):
    """Excel turns `2024-03` into a date, and `2024` into a number."""
    workbook(
        tmp_path / "ventas.xlsx",
        [["period", "product", "revenue"], [dt.date(2024, 3, 1), "K", 1], [2025, "K", 2]],
    )
    assert problems(tmp_path, monkeypatch, HISTORY) == []
    data = load(tmp_path / "account.yaml").tables.purchases
    from kam.load.tables import PeriodKey

    assert list(data.buckets) == [(PeriodKey(2024, 1, 3), "K"), (PeriodKey(2025), "K")]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "account.yaml:8:11: a sheet of the workbook reaches cell XFD1048576: "
            "17,179,869,184 cells from A1 (the limit is 12,000,000); delete what lies far "
            "from the table",
        ),
        (
            "es",
            "account.yaml:8:11: una hoja del libro de Excel llega a la celda XFD1048576: "
            "17.179.869.184 celdas desde A1 (el límite es de 12.000.000); borren lo que "
            "quede lejos de la tabla",
        ),
    ],
)
def test_a_cell_far_from_the_table_is_refused_before_reading(
    tmp_path, monkeypatch, locale, expected
):
    """calamine would allocate the whole rectangle from A1 to that cell."""
    book = openpyxl.Workbook()
    book.active.title = "Ventas"
    book.active.append(["date", "product", "revenue"])
    book.active["XFD1048576"] = 1
    book.save(tmp_path / "ventas.xlsx")
    assert problems(tmp_path, monkeypatch, HISTORY, locale) == [expected]
