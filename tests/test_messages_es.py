"""Messages in the user's language, end to end: a project started with
`kam init --locale es-MX` speaks Spanish from init to build (validation, review,
progress, usage errors), in an English environment; commands without a document follow
--locale or LANG, and so does `--help`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kam.cli.printing import seconds
from kam.i18n import set_language
from kam.starter import planned_files

ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "120"}
SPANISH = {**ENGLISH, "LANG": "es_MX.UTF-8"}
ALLOWED_FREQUENCIES = (
    "weekly (semanal), biweekly (quincenal), monthly (mensual), quarterly (trimestral), "
    "semiannual (semestral), annual (anual)"
)


@pytest.fixture(autouse=True)
def _environment_language():
    """The language of in-process calls: the environment's, whatever an earlier test
    read."""
    set_language(None)


def kam(*args: object, cwd: Path, env: dict[str, str] = ENGLISH) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kam", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, **env},
    )  # fmt: skip


def _plant(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace the first `old` in `path` by `new`; the line and column of `new`."""
    text = path.read_text(encoding="utf-8")
    offset = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def test_an_es_mx_starter_speaks_spanish_from_init_to_build(tmp_path):
    # kam init: what it created, and what to do next
    result = kam("init", "proyecto", "--locale", "es-MX", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = [f"creado {path}" for path in planned_files(Path("proyecto"))]
    assert result.stderr.splitlines() == [
        *created,
        "siguiente paso: kam build proyecto/account.yaml",
    ]

    # kam validate with a mistake: where it is, what is wrong, the values allowed
    plan = tmp_path / "proyecto" / "plan.yaml"
    line, col = _plant(plan, "frequency: quarterly}", "frequency: diaria}")
    col += len("frequency: ")
    result = kam("validate", "proyecto/account.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"proyecto/plan.yaml:{line}:{col}: plan.action_review.review.kpis[0].frequency: "
        f"'diaria' no es un valor permitido; valores: {ALLOWED_FREQUENCIES}",
        "proyecto/account.yaml: no es válido",
    ]
    _plant(plan, "frequency: diaria}", "frequency: quarterly}")
    result = kam("validate", "--strict", "proyecto/account.yaml", cwd=tmp_path)
    assert result.stderr.splitlines() == ["proyecto/account.yaml: válido"], result.stderr

    # kam check: the table and its suggestions
    result = kam("check", "proyecto/account.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"Criterio +Puntuación +Comprobaciones", lines[0]), lines[0]
    assert any(ln.strip().startswith("Analiza la cuenta clave") for ln in lines), lines
    assert (
        "    - company.name: «Mi Empresa S.A.» es un nombre de ejemplo; escriban el real"
    ) in lines

    # kam build: what it wrote, and its timings, numbers as Mexico writes them
    result = kam("build", "proyecto/account.yaml", "-f", "html", "--timings", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wrote, timings = result.stderr.splitlines()[-2:]
    assert re.fullmatch(
        r"proyecto/account\.yaml: escrito proyecto/proyecto\.html \(\d+\.\d\d s\)", wrote
    ), wrote
    assert re.fullmatch(r"  tiempos: load \d+\.\d{3} s, .*, total \d+\.\d{3} s", timings)


def _spanish_project(tmp_path: Path, locale: str = "es-ES") -> Path:
    entry = tmp_path / "plan.yaml"
    entry.write_text(
        f"kam: 1\nlocale: {locale}\ncurrency: EUR\ncompany: {{name: Acme}}\n"
        "account: {name: Beta}\n",
        encoding="utf-8",
    )
    return entry


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["build", "plan.yaml", "--format", "docx"],
            "Error: 'docx' no es un valor que admita --format/-f; elijan uno de: pdf, html, pptx, document, all",
        ),
        (
            ["validate", "plan.yaml", "--bogus"],
            "Error: no existe la opción --bogus",
        ),
        (
            ["build", "plan.yaml", "--jobs", "0"],
            "Error: --jobs/-j admite un número mayor o igual que 1, no 0",
        ),
        (
            ["check", "plan.yaml", "--min-score", "200"],
            "Error: --min-score admite un número de 0 a 100, no 200",
        ),
    ],
    ids=["bad-choice", "unknown-option", "below-minimum", "out-of-range"],
)
def test_usage_errors_of_a_spanish_document_are_spanish(tmp_path, args, expected):
    _spanish_project(tmp_path)
    result = kam(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    program = "python -m kam"  # how click names the program run with -m
    assert lines[0].startswith(f"Uso: {program} {args[0]} [OPCIONES]"), lines
    assert lines[1] == f"Consulten la ayuda con '{program} {args[0]} -h'."
    assert lines[2] == expected or lines[2].startswith(expected + "; ¿quisieron decir "), lines
    assert "Traceback" not in result.stderr


def test_usage_errors_without_a_document_follow_lang(tmp_path):
    result = kam("frobnicate", cwd=tmp_path, env=SPANISH)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: no existe el comando 'frobnicate'; consulten los comandos con 'kam -h'"
    )
    result = kam("validate", cwd=tmp_path, env=SPANISH)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Error: falta el argumento 'files'"
    english = kam("frobnicate", cwd=tmp_path)
    assert english.returncode == 2 and "No such command 'frobnicate'" in english.stderr


def test_help_follows_lang(tmp_path):
    spanish = kam("--help", cwd=tmp_path, env=SPANISH)
    assert spanish.returncode == 0
    for text in (
        "Uso: python -m kam [OPCIONES]",
        "Planes de cuentas clave de YAML a HTML y PDF.",
        "Opciones",
        "Comandos",
        "Muestra este mensaje y termina.",
        "Comprueba los documentos sin generarlos.",
    ):
        assert text in spanish.stdout, (text, spanish.stdout)
    build = kam("build", "--help", cwd=tmp_path, env=SPANISH)
    assert "Valida y genera los documentos en PDF y HTML." in build.stdout
    assert "Trata los avisos como errores" in build.stdout
    english = kam("--help", cwd=tmp_path)
    assert "Usage: python -m kam [OPTIONS]" in english.stdout
    assert "Key account plans from YAML to HTML and PDF." in english.stdout
    assert "Show this message and exit." in english.stdout


def test_init_speaks_the_language_of_locale_else_of_lang(tmp_path):
    result = kam("init", "en", "--locale", "en-GB", cwd=tmp_path, env=SPANISH)
    assert result.stderr.splitlines()[-1] == "next: kam build en/account.yaml"
    result = kam("init", "sin-locale", cwd=tmp_path, env=SPANISH)
    assert result.stderr.splitlines()[-1] == "siguiente paso: kam build sin-locale/account.yaml"
    result = kam("init", "sin-locale", cwd=tmp_path, env=SPANISH)
    assert result.returncode == 1
    assert result.stderr.startswith("kam: no se sobrescriben archivos que ya existen: ")
    assert result.stderr.rstrip().endswith(
        "; no se ha escrito nada (elijan una carpeta vacía o muevan esos archivos a otro sitio)"
    )
    result = kam("init", "otro", "--locale", "es", "--account", "Beta\x01", cwd=tmp_path)
    assert result.stderr.splitlines() == [
        "kam: el nombre de la cuenta contiene un carácter de control (\\u0001); escriban el "
        "nombre en una sola línea, sin caracteres de control"
    ]


def test_an_output_that_cannot_be_written_is_said_in_spanish(tmp_path):
    _spanish_project(tmp_path)
    result = kam("build", "plan.yaml", "-o", "/dev/null", "-f", "html", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "no se puede escribir /dev/null/plan.html: no es una carpeta; elijan con -o una "
        "carpeta en la que se pueda escribir",
        "plan.yaml: no se ha construido",
    ]


def test_an_internal_error_is_reported_in_the_document_language(tmp_path, monkeypatch, capsys):
    from kam import cli

    _spanish_project(tmp_path)
    monkeypatch.chdir(tmp_path)

    def broken(entry):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("kam.pipeline.prepare", broken)
    monkeypatch.setattr(sys, "argv", ["kam", "validate", "plan.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    assert capsys.readouterr().err.splitlines() == [
        "kam: error interno (ZeroDivisionError: division by zero). Es un fallo de kam; por "
        "favor, comuníquenlo junto con el comando que ejecutaron."
    ]


def test_seconds_are_written_as_the_locale_writes_numbers():
    assert seconds(1.234, 2, "es-ES") == "1,23"
    assert seconds(1.234, 3, "es-MX") == "1.234"
    assert seconds(1234.5, 2, "es-ES") == "1234,50"  # a duration: no thousands separator
    assert seconds(1.234, 2, "en-GB") == seconds(1.234, 2, None) == "1.23"


def test_the_json_report_keeps_an_english_code_beside_a_spanish_message(tmp_path):
    from kam.pipeline import build
    from kam.problems import KamError

    entry = _spanish_project(tmp_path)
    set_language("es")
    with pytest.raises(KamError) as failed:
        build(entry, Path("/dev/null"), ("html",))
    (problem,) = failed.value.problems.items
    assert problem.message.startswith("no se puede escribir /dev/null/plan.html: ")
    assert problem.code == "cannot-write"


def test_an_interrupted_build_of_a_spanish_document_says_so_in_spanish(tmp_path):
    import signal

    from test_outputs import _interrupt_while_laying_out

    entry = _spanish_project(tmp_path)
    out = tmp_path / "out"
    for _attempt in range(5):
        out.mkdir(exist_ok=True)
        process = _interrupt_while_laying_out(entry, out, signal.SIGTERM)
        if process is not None:
            break
    else:
        pytest.fail("five builds ended before the signal could be sent while laying out")
    code, stderr = process.wait(timeout=120), process.stderr.read()
    assert code == 128 + signal.SIGTERM, stderr
    assert stderr.splitlines()[-1] == (
        "kam: interrumpido; la construcción en curso no ha escrito ningún archivo"
    )
