"""Partial documents build: a plan is built at every step of writing it (README).

A reference to a part not written yet (a buying stage naming contact 'c-compras' while
plan.yaml, which defines the contacts in A.2, does not exist) is a warning that says
which part defines it; the rest builds. A reference into a part that is written but
lacks the id stays an error. `--strict` fails on those warnings like on any other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kam.cli.app import app
from kam.pipeline import prepare

runner = CliRunner()
PENDING = "reference-not-written-yet"


def ribera_without(tmp_path: Path, part: str) -> Path:
    """examples/ribera copied to tmp_path, without `part` (its line and its file)."""
    project = tmp_path / "ribera"
    shutil.copytree(EXAMPLES / "ribera", project)
    entry = project / "account.yaml"
    lines = entry.read_text(encoding="utf-8").splitlines(keepends=True)
    entry.write_text("".join(x for x in lines if not x.startswith(f"{part}:")), encoding="utf-8")
    (project / f"{part}.yaml").unlink()
    return project


def at(project: Path, name: str, text: str, value: str) -> str:
    """`name:line:col` of `value` on the first line of file `name` that holds `text`."""
    lines = (project / name).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if text in line)
    return f"{name}:{number}:{lines[number - 1].index(value, lines[number - 1].index(text)) + 1}"


def test_the_ribera_example_builds_without_its_plan(tmp_path, monkeypatch):
    project = ribera_without(tmp_path, "plan")
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["build", "account.yaml"])
    assert result.exit_code == 0, result.stderr
    assert (project / "ribera.pdf").stat().st_size > 0
    assert (project / "ribera.html").stat().st_size > 0
    printed = result.stderr.splitlines()
    prepared_by = at(project, "account.yaml", "prepared_by:", "ana")
    assert (
        f"{prepared_by}: warning: prepared_by[0]: 'ana' aún no es un miembro conocido del "
        "equipo: los miembros del equipo se definen en plan.yaml, A.1 "
        "(plan.current_position.team), que aún no está escrito"
    ) in printed
    stage = at(project, "analysis.yaml", "participants: [c-quirofano", "c-quirofano")
    assert (
        f"{stage}: warning: analysis.buying_process.stages[0].participants[0]: 'c-quirofano' "
        "aún no es un contacto conocido: los contactos se definen en plan.yaml, A.2 "
        "(plan.current_position.contacts), que aún no está escrito"
    ) in printed
    member = at(project, "rewards.yaml", "- member: ana", "ana")
    assert (
        f"{member}: warning: rewards.participants[0].member: 'ana' aún no es un miembro "
        "conocido del equipo: los miembros del equipo se definen en plan.yaml, A.1 "
        "(plan.current_position.team), que aún no está escrito"
    ) in printed
    assert not [line for line in printed if ": error: " in line]


def test_strict_fails_on_references_to_parts_not_written(tmp_path, monkeypatch):
    monkeypatch.chdir(ribera_without(tmp_path, "plan"))
    assert runner.invoke(app, ["validate", "account.yaml"]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict", "account.yaml"]).exit_code == 1


@pytest.mark.parametrize("part", ["rewards", "portfolio"])
def test_the_ribera_example_builds_without_its(tmp_path, monkeypatch, part):
    project = ribera_without(tmp_path, part)
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["build", "--format", "html", "account.yaml"])
    assert result.exit_code == 0, result.stderr
    assert (project / "ribera.html").stat().st_size > 0
    _prepared, problems = prepare(project / "account.yaml")
    assert not problems.errors
    assert [p for p in problems.items if p.code == PENDING] == []  # nothing refers to them


# ---------------------------------------------------------------- small documents

BASE = """\
kam: 1
locale: {locale}
currency: EUR
date: 2026-11-27
company: {{name: Acme}}
account: {{name: Beta}}
analysis:
  buying_process:
    stages:
      - {{stage: need_recognition, participants: [c-mantenimiento]}}
"""


def problems_of(tmp_path: Path, locale: str, more: str = "", **files: str) -> list[tuple]:
    (tmp_path / "account.yaml").write_text(BASE.format(locale=locale) + more, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    _prepared, problems = prepare(tmp_path / "account.yaml")
    return [
        (f"{p.pos.file.name}:{p.pos.line}:{p.pos.col}", p.severity.value, p.message, p.code)
        for p in problems.items
    ]


def test_a_contact_before_the_plan_is_written_in_english(tmp_path):
    assert problems_of(tmp_path, "en") == [
        (
            "account.yaml:10:50",
            "warning",
            "'c-mantenimiento' is not a known contact yet: contacts are defined in plan.yaml, "
            "A.2 (plan.current_position.contacts), which is not written yet",
            PENDING,
        )
    ]


def test_a_plan_written_without_its_contacts_names_its_own_file(tmp_path):
    more = "plan: plan.yaml\n"
    plan = "executive_summary: Crecemos en la cuenta.\n"
    assert problems_of(tmp_path, "es-MX", more, plan=plan) == [
        (
            "account.yaml:10:50",
            "warning",
            "'c-mantenimiento' aún no es un contacto conocido: los contactos se definen en "
            "plan.yaml, A.2 (plan.current_position.contacts), que aún no está escrito",
            PENDING,
        )
    ]


def test_a_plan_inline_without_its_contacts_names_the_entry_file(tmp_path):
    more = "plan:\n  executive_summary: Growing the account.\n"
    ((_where, severity, message, _code),) = problems_of(tmp_path, "en", more)
    assert severity == "warning"
    assert "contacts are defined in account.yaml, A.2 (plan.current_position.contacts)" in message


def test_a_written_part_that_lacks_the_id_is_an_error(tmp_path):
    more = "plan: plan.yaml\n"
    plan = (
        "current_position:\n  contacts:\n"
        "    - {id: c-compras, name: Eva, dmu_roles: [decider, buyer, influencer]}\n"
    )
    assert problems_of(tmp_path, "es-ES", more, plan=plan) == [
        (
            "account.yaml:10:50",
            "error",
            "'c-mantenimiento' no es un contacto conocido. Ids definidos: c-compras",
            "unknown-reference",
        )
    ]


def test_an_empty_list_is_written(tmp_path):
    more = "plan:\n  current_position:\n    contacts: []\n"
    assert problems_of(tmp_path, "en", more) == [
        (
            "account.yaml:10:50",
            "error",
            "'c-mantenimiento' is not a known contact. No contact is defined.",
            "unknown-reference",
        )
    ]
