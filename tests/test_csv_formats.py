"""CSV files as teams export them: day/month dates, numbers with the locale's
separators, the file's own column names, encodings, and a problem of many rows said
once; exact messages in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam.cli.printing import line
from kam.load import load
from kam.load.tables import PeriodKey

BASE = "kam: 1\nlocale: {locale}\ncurrency: EUR\ncompany: {{name: Acme}}\naccount: {{name: Beta}}\n"


def run(folder: Path, monkeypatch, csv: str | bytes, options: str = "", locale: str = "en"):
    """Problems (as printed) and the purchases read from `csv` with `options`."""
    monkeypatch.chdir(folder)
    data = csv if isinstance(csv, bytes) else csv.encode("utf-8")
    (folder / "p.csv").write_bytes(data)
    yaml = "analysis:\n  purchase_history:\n    csv: p.csv\n" + options
    (folder / "account.yaml").write_text(BASE.format(locale=locale) + yaml, encoding="utf-8")
    loaded = load(Path("account.yaml"))
    return [line(p) for p in loaded.problems.items], loaded.tables.purchases


def revenue(data) -> dict[tuple[PeriodKey, str], float]:
    return {key: round(bucket.revenue, 3) for key, bucket in data.buckets.items()}


# ---------------------------------------------------------------------------- dates


def test_day_month_year_dates_are_read_when_a_day_shows_the_order(tmp_path, monkeypatch):
    csv = "date,product,revenue\n01/02/2025,A,1\n25/02/2025,A,2\n3/1/25,A,4\n15.03.2025,A,8\n"
    problems, data = run(tmp_path, monkeypatch, csv)
    assert problems == []
    # 01/02/2025 came before the file showed its order: settled as 1 February
    assert revenue(data) == {
        (PeriodKey(2025, 1, 2), "A"): 3.0,
        (PeriodKey(2025, 1, 1), "A"): 4.0,
        (PeriodKey(2025, 1, 3), "A"): 8.0,
    }


def test_a_time_after_the_date_is_left_out(tmp_path, monkeypatch):
    csv = (
        "date,product,revenue\n2025-01-31 10:30:00,A,1\n2025-02-01T00:00,A,2\n28/02/2025 9:05,A,4\n"
    )
    problems, data = run(tmp_path, monkeypatch, csv)
    assert problems == []
    assert revenue(data) == {(PeriodKey(2025, 1, 1), "A"): 1.0, (PeriodKey(2025, 1, 2), "A"): 6.0}


def test_month_day_year_dates_are_read_when_a_day_shows_the_order(tmp_path, monkeypatch):
    csv = "date,product,revenue\n01/02/2025,A,1\n02/25/2025,A,2\n"
    problems, data = run(tmp_path, monkeypatch, csv)
    assert problems == []
    assert revenue(data) == {(PeriodKey(2025, 1, 1), "A"): 1.0, (PeriodKey(2025, 1, 2), "A"): 2.0}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "p.csv:2:1: column 'date': the dates could be day/month/year or month/day/year "
            "(no day is above 12, e.g. '01/02/2025'); say which with date_format: "
            '"%d/%m/%Y" or date_format: "%m/%d/%Y"',
        ),
        (
            "es",
            "p.csv:2:1: columna 'date': las fechas pueden ser día/mes/año o mes/día/año "
            "(ningún día pasa de 12, p. ej. '01/02/2025'); indiquen cuál con date_format: "
            '"%d/%m/%Y" o date_format: "%m/%d/%Y"',
        ),
    ],
)
def test_an_ambiguous_file_asks_for_its_date_format(tmp_path, monkeypatch, locale, expected):
    csv = "date,product,revenue\n01/02/2025,A,1\n03/04/2025,A,2\n"
    assert run(tmp_path, monkeypatch, csv, locale=locale)[0] == [expected]


def test_a_declared_date_format_settles_it(tmp_path, monkeypatch):
    csv = "date,product,revenue\n01/02/2025,A,1\n03/04/2025,A,2\n"
    problems, data = run(tmp_path, monkeypatch, csv, '    date_format: "%m/%d/%Y"\n')
    assert problems == []
    assert revenue(data) == {(PeriodKey(2025, 1, 1), "A"): 1.0, (PeriodKey(2025, 1, 3), "A"): 2.0}
    problems, _ = run(
        tmp_path, monkeypatch, csv + "2025-04-05,A,1\n", '    date_format: "%d/%m/%Y"\n'
    )
    assert problems == [
        "p.csv:4:1: column 'date': '2025-04-05' does not match the date_format '%d/%m/%Y'"
    ]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "p.csv:4:1: column 'date': '02/25/2025' is not a date in the file's day/month/year "
            "order (shown by '25/02/2025')",
        ),
        (
            "es",
            "p.csv:4:1: columna 'date': '02/25/2025' no es una fecha en el orden día/mes/año "
            "del archivo (el que muestra '25/02/2025')",
        ),
    ],
)
def test_a_date_against_the_files_order(tmp_path, monkeypatch, locale, expected):
    csv = "date,product,revenue\n25/02/2025,A,1\n01/02/2025,A,1\n02/25/2025,A,2\n"
    assert run(tmp_path, monkeypatch, csv, locale=locale)[0] == [expected]


def test_a_date_format_that_reads_no_date_is_refused(tmp_path, monkeypatch):
    problems, _ = run(tmp_path, monkeypatch, "date,product,revenue\n", '    date_format: "%d/%m"\n')
    assert problems == [
        "account.yaml:9:18: analysis.purchase_history.date_format: the date_format '%d/%m' "
        'does not read a day, a month and a year; write it like "%d/%m/%Y" or "%m/%d/%y"'
    ]


# -------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("locale", "csv", "options", "expected"),
    [
        ("es-ES", 'date,product,revenue\n2025-01-01,A,"36.306,21"\n', "", 36306.21),
        ("es", "date;product;revenue\n2025-01-01;A;36.306,21\n", "", 36306.21),
        ("es", "date,product,revenue\n2025-01-01,A,36.306\n", "", 36306.0),
        ("es", "date,product,revenue\n2025-01-01,A,750.84\n", "", 750.84),  # no thousands
        ("es-MX", 'date,product,revenue\n2025-01-01,A,"36,306.21"\n', "", 36306.21),
        ("en", 'date,product,revenue\n2025-01-01,A,"36,306.21"\n', "", 36306.21),
        ("en", "date,product,revenue\n2025-01-01,A,36.306\n", "", 36.306),
        ("en", 'date,product,revenue\n2025-01-01,A,"36.306,21"\n', '    decimal: ","\n', 36306.21),
        ("es", "date;product;revenue\n2025-01-01;A;36,306.21\n", '    decimal: "."\n', 36306.21),
    ],
)
def test_thousands_separators_follow_the_locale(
    tmp_path, monkeypatch, locale, csv, options, expected
):
    problems, data = run(tmp_path, monkeypatch, csv, options, locale)
    assert problems == []
    assert revenue(data) == {(PeriodKey(2025, 1, 1), "A"): expected}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "p.csv:2:3: column 'revenue': '36.306,21' is not a number (write it like 1234.50)",
        ),
        (
            "es-MX",
            "p.csv:2:3: columna 'revenue': '36.306,21' no es un número (escríbanlo como 1234.50)",
        ),
        (
            "es",
            "p.csv:2:3: columna 'revenue': '36,306.21' no es un número (escríbanlo como 1234,50)",
        ),
    ],
)
def test_separators_of_the_other_convention_are_refused(tmp_path, monkeypatch, locale, expected):
    number = "36,306.21" if locale == "es" else "36.306,21"
    csv = f'date,product,revenue\n2025-01-01,A,"{number}"\n'
    assert run(tmp_path, monkeypatch, csv, locale=locale)[0] == [expected]


# ------------------------------------------------------------------- column mapping


def test_the_files_own_column_names_are_mapped(tmp_path, monkeypatch):
    csv = "Fecha;Producto;Importe;Notas\n31/01/2025;Kits;1.234,50;x\n"
    options = "    columns: {Fecha: date, Producto: product, Importe: revenue}\n"
    problems, _ = run(tmp_path, monkeypatch, csv, options, "es")
    assert problems == [
        "p.csv:1:4: columna desconocida 'Notas'; columnas esperadas: date, period, product, "
        "revenue, gross_margin, units, orders (o asígnenla a una de ellas con columns: "
        "{Notas: …})"
    ]
    problems, data = run(
        tmp_path, monkeypatch, csv.replace(";Notas", "").replace(";x", ""), options, "es"
    )
    assert problems == []
    assert revenue(data) == {(PeriodKey(2025, 1, 1), "Kits"): 1234.5}


def test_a_mapping_to_a_column_kam_does_not_read(tmp_path, monkeypatch):
    options = "    columns: {Fecha: fecha}\n"
    problems, _ = run(tmp_path, monkeypatch, "Fecha,product,revenue\n", options)
    assert problems == [
        "account.yaml:9:22: analysis.purchase_history.columns.Fecha: 'fecha' is not a column "
        "kam reads here; columns: date, period, product, revenue, gross_margin, units, orders"
    ]


# ------------------------------------------------------------------------ encodings


def test_a_declared_encoding_is_read(tmp_path, monkeypatch):
    csv = "date,product,revenue\n2025-01-01,Caf\xe9,1\n".encode("cp1252")
    problems, data = run(tmp_path, monkeypatch, csv, "    encoding: cp1252\n")
    assert problems == []
    assert list(data.buckets) == [(PeriodKey(2025, 1, 1), "Café")]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "p.csv:3:2: byte 0xe9 is not valid UTF-8; save the file as UTF-8, or name its "
            "encoding (for example encoding: cp1252)",
        ),
        (
            "es",
            "p.csv:3:2: el byte 0xe9 no es UTF-8 válido; guarden el archivo como UTF-8 o "
            "indiquen su codificación (por ejemplo encoding: cp1252)",
        ),
    ],
)
def test_a_file_not_in_utf8_suggests_its_encoding(tmp_path, monkeypatch, locale, expected):
    csv = b"date,product,revenue\n2025-01-01,A,1\n2025-01-01,Caf\xe9,1\n"
    assert run(tmp_path, monkeypatch, csv, locale=locale)[0] == [expected]


def test_a_byte_the_declared_encoding_lacks_is_placed(tmp_path, monkeypatch):
    csv = b"date,product,revenue\n2025-01-01,A,1\n2025-01-01,A\x81,1\n"
    assert run(tmp_path, monkeypatch, csv, "    encoding: cp1252\n")[0] == [
        "p.csv:3:2: byte 0x81 is not valid cp1252; name the file's encoding with encoding: "
        "(utf-8, cp1252, latin-1 …)"
    ]


@pytest.mark.parametrize("name", ["klingon", "utf-16"])
def test_an_encoding_kam_cannot_read_is_named(tmp_path, monkeypatch, name):
    problems, _ = run(tmp_path, monkeypatch, "date,product,revenue\n", f"    encoding: {name}\n")
    assert problems == [
        f"account.yaml:9:15: analysis.purchase_history.encoding: '{name}' is not an encoding "
        "kam can read a CSV file in; write utf-8, cp1252 or latin-1"
    ]


# ------------------------------------------------------------ problems of many rows


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            [
                "p.csv:2:3: column 'revenue': 'n/a' is not a number (write it like 1234.50) "
                "(on 1,000 rows: 2, 3, 4, 5, 6, 7, …)",
                "p.csv:1002:3: the row has 2 cells but the header names 3 columns",
            ],
        ),
        (
            "es",
            [
                "p.csv:2:3: columna 'revenue': 'n/a' no es un número (escríbanlo como 1234,50) "
                "(en 1.000 filas: 2, 3, 4, 5, 6, 7, …)",
                "p.csv:1002:3: la fila tiene 2 celdas pero el encabezado nombra 3 columnas",
            ],
        ),
    ],
)
def test_a_problem_on_many_rows_is_said_once(tmp_path, monkeypatch, locale, expected):
    csv = "date,product,revenue\n" + "2025-01-01,A,n/a\n" * 1000 + "2025-01-01,A\n"
    assert run(tmp_path, monkeypatch, csv, locale=locale)[0] == expected


def test_customers_problems_on_many_rows_keep_their_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = "".join(f"c{i},C,1,1,-5\n" for i in range(300))
    (tmp_path / "c.csv").write_text("id,name,revenue,cogs,cost_to_serve\n" + rows)
    (tmp_path / "account.yaml").write_text(
        BASE.format(locale="en") + "portfolio:\n  customers: {csv: c.csv}\n"
    )
    assert [line(p) for p in load(Path("account.yaml")).problems.items] == [
        "c.csv:2:5: portfolio.customers[0].cost_to_serve: cannot be negative, got -5 "
        "(on 300 rows: 2, 3, 4, 5, 6, 7, …)"
    ]
