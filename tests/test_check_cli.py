"""`kam check FILE...`: one file gets every check and suggestion, many files one table;
`--min-score` applies to each file; `--format json` carries every finding with its
criterion, location and suggestion; time stays well under half a second."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLES
from kam.cli import app

runner = CliRunner()

SPANISH = """\
kam: 1
locale: es-MX
currency: MXN
date: 2026-11-27
company: {name: Empaques del Bajío}
account: {name: Hospital Central del Norte}
plan:
  customer_business:
    strengths:
      - TODO
      - Equipo médico de referencia en cirugía cardiaca
  company_strategy:
    objectives:
      - {id: o1, objective: Crecer en kits quirúrgicos, metric: facturación anual,
         baseline: 1_000_000, target: 1_150_000, deadline: 2027-12-31, owner: ana}
  current_position:
    team:
      - {id: ana, name: Ana Ruiz}
"""
ENGLISH = """\
kam: 1
locale: en
currency: USD
date: 2026-11-27
company: {name: Kestrel Packaging}
account: {name: Northmill Foods}
plan:
  executive_summary: We grow.
"""


def project(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    entry = folder / "account.yaml"
    entry.write_text(textwrap.dedent(text), encoding="utf-8")
    return entry


def test_one_spanish_file_gets_the_detailed_review_in_spanish(tmp_path):
    entry = project(tmp_path, "norte", SPANISH)
    result = runner.invoke(app, ["check", str(entry)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Criterio", "Puntuación", "Comprobaciones"]
    assert "Demuestra comprensión de la KAM" in result.stdout
    assert (
        "    - B.5 plan.customer_business.strengths[0]: «TODO» es texto de relleno; escriban "
        "el contenido real de la cuenta" in lines
    )
    # o1 has no action: kam.validate.advice warns, and the review counts it (C.5).
    assert "C.5 plan.company_strategy.objectives[0].id: el objetivo 'o1' no tiene" in (
        result.stdout
    )
    assert lines[-1].startswith("Global")


def test_many_files_give_one_table_and_min_score_names_each_file_below(tmp_path):
    spanish = project(tmp_path, "norte", SPANISH)
    english = project(tmp_path, "northmill", ENGLISH)
    result = runner.invoke(app, ["check", str(spanish), str(english), "--min-score", "30"])
    assert result.exit_code == 1
    table = result.stdout.splitlines()
    # Two languages: the table speaks English; every file is one row.
    assert table[0].split() == [
        "Account", "Analysis", "KAM", "Objectives", "Plans", "Rewards", "Overall", "File"
    ]  # fmt: skip
    rows = {line.split("  ")[0].strip(): line.split() for line in table[2:]}
    assert set(rows) == {"Hospital Central del Norte", "Northmill Foods"}
    for cells in rows.values():
        assert all(cell.isdigit() for cell in cells[-7:-1])
    assert rows["Northmill Foods"][-1].endswith("northmill/account.yaml")
    below = [line for line in result.stderr.splitlines() if "--min-score 30" in line]
    assert len(below) == 2
    assert any("northmill/account.yaml: overall score" in line for line in below)
    assert any("norte/account.yaml: la puntuación global" in line for line in below)
    passing = runner.invoke(app, ["check", str(spanish), str(english), "--min-score", "0"])
    assert passing.exit_code == 0


def test_a_table_of_spanish_files_speaks_spanish_and_an_invalid_file_fails(tmp_path):
    one = project(tmp_path, "uno", SPANISH)
    two = project(tmp_path, "dos", SPANISH.replace("Hospital Central", "Clínica"))
    broken = project(tmp_path, "roto", "kam: 1\nlocale: es\n")
    result = runner.invoke(app, ["check", str(one), str(two), str(broken)])
    assert result.exit_code == 1
    head = result.stdout.splitlines()[0].split()
    assert head[:2] == ["Cuenta", "Análisis"] and head[-2:] == ["Global", "Archivo"]
    (invalid,) = [line for line in result.stdout.splitlines() if "roto" in line]
    assert "no válido" in invalid
    assert "roto/account.yaml: no es válido" in result.stderr


def test_json_carries_each_finding_with_its_criterion_location_and_suggestion(tmp_path):
    spanish = project(tmp_path, "norte", SPANISH)
    english = project(tmp_path, "northmill", ENGLISH)
    broken = project(tmp_path, "roto", "kam: 1\nlocale: es\n")
    result = runner.invoke(
        app, ["check", str(spanish), str(english), str(broken), "-f", "json", "--min-score", "5"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 2 and data["min_score"] == 5 and data["passed"] is False
    norte, northmill, roto = data["files"]
    assert data["overall"] == min(norte["overall"], northmill["overall"])
    assert norte["file"].endswith("norte/account.yaml") and norte["language"] == "es"
    assert norte["account"] == "Hospital Central del Norte"
    todo = next(f for f in norte["findings"] if f["code"] == "placeholder")
    assert todo == {
        "criterion": "understands_kam",
        "code": "placeholder",
        "weight": 3,
        "key": "plan.customer_business.strengths[0]",
        "file": norte["file"],
        "line": 10,
        "column": 9,
        "suggestion": "B.5 plan.customer_business.strengths[0]: «TODO» es texto de relleno; "
        "escriban el contenido real de la cuenta",
    }
    rule = next(f for f in norte["findings"] if f["code"] == "rule")
    assert rule["criterion"] == "development_objectives" and rule["line"] == 14
    section = next(f for f in norte["findings"] if f["code"] == "pest_dimensions")
    assert section["key"] is None and section["line"] is None and section["file"] == norte["file"]
    short = next(f for f in northmill["findings"] if f["code"] == "too_short")
    assert short["key"] == "plan.executive_summary" and short["line"] == 8
    assert short["suggestion"].startswith("plan.executive_summary: the executive summary is 1")
    assert northmill["criteria"][0]["name"] == "Analyzes the key account"
    assert roto["valid"] is False and roto["overall"] is None and roto["errors"]
    assert {"file", "line", "column", "key", "message"} <= set(roto["errors"][0])


def test_kam_check_of_an_example_does_not_lay_out_the_document():
    """`kam check` reviews the figures; it never renders HTML or lays out a PDF (its
    speed, under half a second, is measured by `make bench`)."""
    entry = EXAMPLES / "ribera" / "account.yaml"
    code = (
        "import sys; sys.argv = ['kam', 'check', sys.argv[1]]\n"
        "from kam.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('weasyprint', 'jinja2', 'kam.render'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(entry)], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.startswith("Criterio"), done.stderr
    assert done.stdout.rstrip().splitlines()[-1] == "LOADED []"
