"""The corpus of bad inputs (tests/bad/, see its README.md), plus the cases that have to
be generated at test time (BOM, NUL and non-UTF-8 bytes, the size cap, FIFOs, symlinks).

Every case asserts the exact problem lines `kam validate` prints: file, line, column,
key path and message; and the exit code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam.cli import app

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.is_dir())

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"

# Words of pydantic, PyYAML or Python internals that a user should never see.
JARGON = (
    "Input should",
    "Extra inputs are not permitted",
    "validation error",
    "Field required",
    "pydantic",
    "Value error,",
    "type=",
    "For further information",
    "Traceback",
    "errors.pydantic.dev",
    "literal_error",
    "NoneType",
)


def run_validate(folder: Path, args: list[str], monkeypatch) -> tuple[int, list[str], str]:
    """Run `kam validate account.yaml ARGS` in `folder`; return exit code, problem lines
    and the final summary line."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["validate", "account.yaml", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    lines = result.stderr.splitlines()
    assert lines, "kam validate printed nothing"
    summary = lines[-1]
    return result.exit_code, lines[:-1], summary


def parse_expected(case: Path) -> tuple[list[str], int, list[str]]:
    args: list[str] = []
    code = 1
    lines: list[str] = []
    root = str(case.resolve())
    for raw in (case / "expected").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("args:"):
            args += raw[len("args:") :].split()
        elif raw.startswith("exit:"):
            code = int(raw[len("exit:") :])
        else:
            lines.append(raw.replace("{root}", root))
    return args, code, lines


def check(folder: Path, expected: list[str], code: int, monkeypatch, args=()) -> None:
    got_code, got, summary = run_validate(folder, list(args), monkeypatch)
    assert sorted(got) == sorted(expected), "\n".join(
        ["problem lines differ", "expected:", *expected, "got:", *got]
    )
    assert got_code == code, f"exit code {got_code}, expected {code}; output:\n" + "\n".join(got)
    assert summary == f"account.yaml: {'valid' if code == 0 else 'invalid'}"
    for line in got:
        for word in JARGON:
            assert word not in line, f"jargon {word!r} in {line!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", line), line


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 45
    for case in CASES:
        assert (case / "expected").is_file(), case
        assert (case / "account.yaml").exists(), case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Path, monkeypatch):
    args, code, expected = parse_expected(case)
    check(case, expected, code, monkeypatch, args)


# ------------------------------------------------------------------ generated cases
#
# Each function writes a project into `tmp` and returns the expected problem lines
# (and optionally the exit code).

Generated = Callable[[Path], "list[str] | tuple[list[str], int]"]
GENERATED: dict[str, Generated] = {}


def generated(func: Generated) -> Generated:
    GENERATED[func.__name__] = func
    return func


def _col(text: bytes, needle: bytes) -> tuple[int, int]:
    at = text.index(needle)
    line = text.count(b"\n", 0, at) + 1
    col = at - (text.rfind(b"\n", 0, at) + 1) + 1
    return line, col


@generated
def yaml_with_bom(tmp: Path):
    (tmp / "account.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    return [
        "account.yaml:1:1: the file starts with a byte order mark (BOM); "
        "save it as UTF-8 without BOM"
    ]


@generated
def yaml_with_nul(tmp: Path):
    data = BASE.encode() + b"title: Plan\x00 2027\n"
    (tmp / "account.yaml").write_bytes(data)
    line, col = _col(data, b"\x00")
    assert (line, col) == (6, 12)
    return [f"account.yaml:{line}:{col}: the file contains a NUL character; is it a binary file?"]


@generated
def yaml_with_a_control_character(tmp: Path):
    data = BASE.encode() + b"title: Plan\x07 2027\n"
    (tmp / "account.yaml").write_bytes(data)
    return ["account.yaml:6:12: the file contains a control character (U+0007); remove it"]


@generated
def yaml_not_utf8(tmp: Path):
    data = BASE.replace("Acme", "Caf\xe9").encode("latin-1")
    (tmp / "account.yaml").write_bytes(data)
    return ["account.yaml:4:20: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]


@generated
def included_plan_not_utf8(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "plan: plan.yaml\n")
    (tmp / "plan.yaml").write_bytes(b"executive_summary: |\n  Crecer en \xf1 la cuenta\n")
    return ["plan.yaml:2:13: byte 0xf1 is not valid UTF-8; save the file as UTF-8"]


@generated
def yaml_over_the_size_cap(tmp: Path):
    limit = 10 * 1024 * 1024
    head = BASE + "title: "
    (tmp / "account.yaml").write_text(head + "x" * (limit + 1 - len(head)))
    return [f"account.yaml:1:1: YAML file is {limit + 1:,} bytes; the limit is {limit:,} bytes"]


@generated
def included_plan_over_the_size_cap(tmp: Path):
    limit = 10 * 1024 * 1024
    (tmp / "account.yaml").write_text(BASE + "plan: plan.yaml\n")
    with open(tmp / "plan.yaml", "wb") as handle:
        handle.truncate(limit + 5)
    return [f"plan.yaml:1:1: YAML file is {limit + 5:,} bytes; the limit is {limit:,} bytes"]


@generated
def entry_is_a_fifo(tmp: Path):
    os.mkfifo(tmp / "account.yaml")
    return ["'account.yaml' is not a regular file"]


@generated
def included_plan_is_a_fifo(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "plan: plan.yaml\n")
    os.mkfifo(tmp / "plan.yaml")
    return ["account.yaml:6:7: plan: 'plan.yaml' is not a regular file"]


@generated
def customers_csv_is_a_fifo(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: customers.csv}\n")
    os.mkfifo(tmp / "customers.csv")
    return ["account.yaml:7:20: portfolio.customers.csv: 'customers.csv' is not a regular file"]


@generated
def purchases_csv_is_a_fifo(tmp: Path):
    (tmp / "account.yaml").write_text(
        BASE + "analysis:\n  purchase_history: {csv: purchases.csv}\n"
    )
    os.mkfifo(tmp / "purchases.csv")
    return [
        "account.yaml:7:27: analysis.purchase_history.csv: 'purchases.csv' is not a regular file"
    ]


@generated
def logo_is_a_fifo(tmp: Path):
    (tmp / "account.yaml").write_text(BASE.replace("{name: Acme}", "{name: Acme, logo: logo.png}"))
    os.mkfifo(tmp / "logo.png")
    return ["account.yaml:4:29: company.logo: 'logo.png' is not a regular file"]


@generated
def logo_is_a_device(tmp: Path):
    """A device inside the project needs root to create; a symlink to one does not."""
    (tmp / "account.yaml").write_text(BASE.replace("{name: Acme}", "{name: Acme, logo: logo.png}"))
    os.symlink("/dev/zero", tmp / "logo.png")
    return [
        f"account.yaml:4:29: company.logo: 'logo.png' is outside the project folder {tmp}; "
        "move the file into the project folder"
    ]


def _outside(tmp: Path, name: str, text: str) -> Path:
    outside = tmp.parent / f"{tmp.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / name).write_text(text)
    return outside / name


@generated
def included_plan_symlinked_out(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "plan: plan.yaml\n")
    os.symlink(_outside(tmp, "plan.yaml", "executive_summary: hi\n"), tmp / "plan.yaml")
    return [
        f"account.yaml:6:7: plan: 'plan.yaml' is outside the project folder {tmp}; "
        "move the file into the project folder"
    ]


@generated
def customers_csv_symlinked_out(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: customers.csv}\n")
    target = _outside(tmp, "customers.csv", "id,name,revenue,cogs,cost_to_serve\na,A,1,1,1\n")
    os.symlink(target, tmp / "customers.csv")
    return [
        f"account.yaml:7:20: portfolio.customers.csv: 'customers.csv' is outside the project "
        f"folder {tmp}; move the file into the project folder"
    ]


@generated
def purchases_csv_in_a_folder_symlinked_out(tmp: Path):
    (tmp / "account.yaml").write_text(
        BASE + "analysis:\n  purchase_history: {csv: data/purchases.csv}\n"
    )
    target = _outside(tmp, "purchases.csv", "date,product,revenue\n2025-01-01,K,1\n")
    os.symlink(target.parent, tmp / "data")
    return [
        "account.yaml:7:27: analysis.purchase_history.csv: 'data/purchases.csv' is outside the "
        f"project folder {tmp}; move the file into the project folder"
    ]


@generated
def logo_symlinked_to_etc_passwd(tmp: Path):
    (tmp / "account.yaml").write_text(BASE.replace("{name: Acme}", "{name: Acme, logo: logo.svg}"))
    os.symlink("/etc/passwd", tmp / "logo.svg")
    return [
        f"account.yaml:4:29: company.logo: 'logo.svg' is outside the project folder {tmp}; "
        "move the file into the project folder"
    ]


@generated
def symlink_inside_the_project_is_fine(tmp: Path):
    (tmp / "assets").mkdir()
    (tmp / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    os.symlink("assets/logo.svg", tmp / "logo.svg")
    (tmp / "account.yaml").write_text(BASE.replace("{name: Acme}", "{name: Acme, logo: logo.svg}"))
    return [], 0


CUSTOMERS = "id,name,revenue,cogs,cost_to_serve\na1,Alfa,1000,600,50\na2,Beta,2000,900,80\n"


@generated
def customers_csv_with_bom_is_accepted(tmp: Path):
    (tmp / "account.yaml").write_text(
        BASE + "portfolio:\n  customers: {csv: customers.csv}\n  key_account: a1\n"
    )
    (tmp / "customers.csv").write_bytes(b"\xef\xbb\xbf" + CUSTOMERS.encode())
    return [], 0


@generated
def purchases_csv_with_bom_and_semicolons_is_accepted(tmp: Path):
    (tmp / "account.yaml").write_text(
        BASE + "analysis:\n  purchase_history: {csv: purchases.csv}\n"
    )
    (tmp / "purchases.csv").write_bytes(
        b"\xef\xbb\xbfdate;product;revenue\r\n2025-01-15;Kits;1234,50\r\n2025-02-15;Curas;99\r\n"
    )
    return [], 0


@generated
def customers_csv_with_bom_and_an_error_keeps_the_column(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: customers.csv}\n")
    (tmp / "customers.csv").write_bytes(
        b"\xef\xbb\xbf" + CUSTOMERS.encode() + b"a3,Gamma,1.000.000,1,1\n"
    )
    return [
        "customers.csv:4:3: column 'revenue': '1.000.000' is not a number (write it like 1234.50)"
    ]


@generated
def customers_csv_not_utf8_on_row_4(tmp: Path):
    (tmp / "account.yaml").write_text(BASE + "portfolio:\n  customers: {csv: customers.csv}\n")
    (tmp / "customers.csv").write_bytes(CUSTOMERS.encode() + b"a3,Caf\xe9,1,1,1\n")
    return [
        "customers.csv:4:2: byte 0xe9 is not valid UTF-8; save the file as UTF-8, or name its encoding (for example encoding: cp1252)"
    ]


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_input(name: str, tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    project = project.resolve()
    spec = GENERATED[name](project)
    expected, code = spec if isinstance(spec, tuple) else (spec, 1)
    if name == "entry_is_a_fifo":
        # No position to give: the entry file itself cannot be read.
        monkeypatch.chdir(project)
        result = CliRunner().invoke(app, ["validate", "account.yaml"])
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [*expected, "account.yaml: invalid"]
        return
    check(project, expected, code, monkeypatch)
