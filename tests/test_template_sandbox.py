"""A project's templates/ folder is untrusted: it runs no code, reads nothing outside the
project, and cannot keep a build busy. Every attack exits 1 with a clear message that
points into the template, and writes no file."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kam.cli import app
from kam.render import sandbox

MINIMAL = "kam: 1\nlocale: en\ncurrency: USD\ncompany: {name: Acme}\naccount: {name: Beta}\n"
SECRET = "kam-secret-6b1f0c"


class _Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def _project(tmp_path: Path, template: str, style: str | None = None) -> Path:
    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True)
    (project / "account.yaml").write_text(MINIMAL)
    (project / "templates" / "document.html.j2").write_text(template)
    if style is not None:
        (project / "templates" / "style.css").write_text(style)
    (tmp_path / "secret.json").write_text(f'{{"kam": "{SECRET}"}}')
    return project


def _build(tmp_path: Path, template: str, *options: str) -> tuple[int, str]:
    project = _project(tmp_path, template)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(out), "-f", "html", *options]
    )
    assert not out.exists() or not any(out.iterdir()), "a failed build wrote a file"
    assert SECRET not in result.output
    return result.exit_code, result.stderr


def _message(stderr: str, line: int = 1) -> str:
    """The one problem line, without its position (which must be `line` of the template)."""
    [problem, verdict] = stderr.splitlines()
    assert verdict.endswith("p/account.yaml: not built"), stderr
    where, _, message = problem.partition(": ")
    assert where.endswith(f"p/templates/document.html.j2:{line}:1"), problem
    return message


def test_the_pickle_payload_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker), protocol=0).decode("ascii")  # ASCII: fits a template
    template = "{{ doc.parse_raw(" + repr(payload) + ", proto='pickle', allow_pickle=True) }}"
    code, stderr = _build(tmp_path, template)
    assert code == 1
    assert _message(stderr) == "template error: 'dict object' has no attribute 'parse_raw'"
    assert not marker.exists()


@pytest.mark.parametrize(
    ("expression", "missing"),
    [
        ("doc.model_validate(dict())", "model_validate"),
        ("doc.model_copy()", "model_copy"),
        ("doc.model_dump_json()", "model_dump_json"),
        ("doc.parse_file('SECRET')", "parse_file"),
        ("doc.company.model_dump_json()", "model_dump_json"),
    ],
)
def test_templates_get_plain_data_not_models(tmp_path, expression, missing):
    secret = tmp_path / "secret.json"
    code, stderr = _build(tmp_path, "{{ " + expression.replace("SECRET", str(secret)) + " }}")
    assert code == 1
    assert _message(stderr) == f"template error: 'dict object' has no attribute '{missing}'"


def test_str_format_cannot_reach_attributes(tmp_path):
    code, stderr = _build(tmp_path, "{{ '{0.__class__}'.format(doc) }}")
    assert code == 1
    assert _message(stderr) == (
        "the template does something the sandbox forbids: templates may not call 'str.format'"
    )


@pytest.mark.parametrize("name", ["cycler", "lipsum", "joiner"])
def test_jinja_globals_that_build_objects_are_gone(tmp_path, name):
    code, stderr = _build(tmp_path, "{{ " + name + "() }}")
    assert code == 1
    assert _message(stderr) == f"template error: '{name}' is undefined"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("t.enum.__globals__", "access to attribute '__globals__' of 'method' object is unsafe."),
        ("f.money.__self__", "access to attribute '__self__' of 'method' object is unsafe."),
        ("doc.__class__", "access to attribute '__class__' of 'dict' object is unsafe."),
    ],
)
def test_helpers_expose_no_object_behind_them(tmp_path, expression, message):
    code, stderr = _build(tmp_path, "{{ " + expression + " }}")
    assert code == 1
    assert _message(stderr) == f"the template does something the sandbox forbids: {message}"


def test_templates_cannot_change_data(tmp_path):
    code, stderr = _build(tmp_path, "{% set x = doc.plan %}{{ doc.update({'plan': 1}) }}")
    assert code == 1
    assert "the template does something the sandbox forbids" in _message(stderr)
    assert "update" in _message(stderr)


@pytest.mark.parametrize("name", ["/etc/passwd", "../../x", "../secret.json", "kam/../../x"])
def test_include_reads_nothing_outside_the_project(tmp_path, name):
    code, stderr = _build(tmp_path, "{% include '" + name + "' %}")
    assert code == 1
    assert _message(stderr) == (
        f"template '{name}' not found (project templates must be regular files inside the "
        "project folder)"
    )


def test_every_value_handed_to_a_template_is_plain_data():
    """The context of a real document holds plain data and kam's helpers only."""
    import datetime as dt

    from kam.pipeline import prepare
    from kam.render.context import context

    prepared, _problems = prepare(EXAMPLES / "ribera" / "account.yaml")
    ctx = context(prepared.doc, prepared.figures, prepared.loaded.logo)
    allowed = (str, int, float, bool, dt.date, type(None))

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        else:
            assert isinstance(value, allowed), f"{where} is a {type(value).__name__}"

    helpers = {name for name, value in ctx.items() if callable(value)}
    assert helpers == {"t", "f", "who", "anchor", "index_by"}
    for name, value in ctx.items():
        if name not in helpers:
            walk(value, name)


# ------------------------------------------------------------------------- budgets


def test_nested_loops_stop_at_the_iteration_budget(tmp_path):
    started = time.monotonic()
    code, stderr = _build(
        tmp_path,
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    )
    assert time.monotonic() - started < 60  # a hang guard; the budget is what stops it
    assert code == 1
    assert _message(stderr) == (
        "the templates were stopped: the templates loop more than "
        f"{sandbox.MAX_ITERATIONS:,} times (the limit)"
    )


def test_a_huge_power_is_refused_before_it_is_computed(tmp_path):
    code, stderr = _build(tmp_path, "{{ 10 ** 100000000 }}")
    assert code == 1
    assert _message(stderr) == (
        "the templates were stopped: 10 ** 100000000 is too large to compute "
        "(the limit is 4,096 bits)"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ 'ab' * 100000000 }}",
            "repeating 2 items 100,000,000 times passes the limit of 16,000,000",
        ),
        (
            "{{ 'x'|center(100000000) }}",
            "a filter argument of 100000000 is beyond the limit of 100,000",
        ),
        (
            "{% set ns = namespace(s='xx') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "a template expression builds 16,777,216 characters or items; the limit is 16,000,000",
        ),
        ("{{ 99999999999999999999 * 99999999999999999999 ** 300 }}", None),
    ],
    ids=["repeat", "filter", "doubling", "power-product"],
)
def test_operators_and_filters_cannot_build_huge_values(tmp_path, template, message):
    code, stderr = _build(tmp_path, template)
    assert code == 1
    if message:
        assert _message(stderr) == f"the templates were stopped: {message}"
    else:
        assert _message(stderr).startswith("the templates were stopped: ")


def test_the_clock_budget_stops_a_slow_template(tmp_path, monkeypatch):
    """Each look at the clock after the deadline stops the render (a zero-second budget)."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    code, stderr = _build(tmp_path, "{% for i in range(5000) %}{{ i }}{% endfor %}")
    assert code == 1
    assert _message(stderr) == (
        "the templates were stopped: the templates took more than 0 s to render (the limit)"
    )


def test_the_call_budget_stops_a_template_that_calls_too_often(tmp_path, monkeypatch):
    """2,000,000 real calls take about 20 s through the sandbox: the budget is lowered
    (the check reads the module's figure), and the message names the limit in force."""
    monkeypatch.setattr(sandbox, "MAX_CALLS", 1000)
    code, stderr = _build(tmp_path, "{% for i in range(1001) %}{{ 'a'.lower() }}{% endfor %}")
    assert code == 1
    assert _message(stderr) == (
        "the templates were stopped: the templates make more than 1,000 calls (the limit)"
    )


def test_the_output_budget_stops_a_template_that_writes_too_much(tmp_path):
    """The real figure: 1,000 copies of a 100,000-character string (each within the size
    budget) pass 64,000,000 characters of HTML after 641 of them."""
    code, stderr = _build(
        tmp_path, "{% set big = 'x' * 100000 %}{% for i in range(1000) %}{{ big }}{% endfor %}"
    )
    assert code == 1
    assert _message(stderr) == (
        "the templates were stopped: the templates produce more than "
        f"{sandbox.MAX_OUTPUT:,} characters of HTML (the limit)"
    )
    assert sandbox.MAX_OUTPUT == 64_000_000  # the figure docs/validation.md gives


def test_the_budget_leaves_room_for_real_documents():
    from kam.pipeline import prepare, render_html
    from kam.render import html as render

    prepared, _problems = prepare(EXAMPLES / "ribera" / "account.yaml")
    render_html(prepared)
    budget = render._builtin_environment().budget
    assert 0 < budget.iterations < sandbox.MAX_ITERATIONS / 100
    assert 0 < budget.calls < sandbox.MAX_CALLS / 100
    assert 0 < budget.output < sandbox.MAX_OUTPUT / 50


# ---------------------------------------------------------------- template mistakes


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '{% extends "document.html.j2" %}',
            "the templates include, import or extend themselves without end (or a macro "
            "calls itself too deeply); a project template that extends kam's must name it "
            "'kam/document.html.j2'",
        ),
        ("{{ 1/0 }}", "template error: ZeroDivisionError: division by zero"),
        ('{{ "a" + 1 }}', 'template error: TypeError: can only concatenate str (not "int") to str'),
        (
            "{% for x in %}",
            "template syntax error: Expected an expression, got 'end of statement block'",
        ),
        ("{{ f.money('x') }}", None),
    ],
    ids=["extends-itself", "division", "str-plus-int", "syntax", "helper-misuse"],
)
def test_template_mistakes_point_at_the_template(tmp_path, template, message):
    code, stderr = _build(tmp_path, template)
    assert code == 1
    if message:
        assert _message(stderr) == message
    else:
        assert _message(stderr).startswith("template error: ")


_STOPPED = "the templates were stopped: "
_BIG = "{% set big = 'x' * 100000 %}"


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("line one\nline two\n{{ 1/0 }}", 3, "template error: ZeroDivisionError: division by zero"),
        (
            '{% extends "kam/document.html.j2" %}\n{% block cover %}\n\n{{ nope.x }}{% endblock %}',
            4,
            "template error: 'nope' is undefined",
        ),
        (
            "\n\n\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
            "{% endfor %}",
            4,
            f"{_STOPPED}the templates loop more than 2,000,000 times (the limit)",
        ),
        (
            _BIG + "\n\n{% for i in range(1000) %}{{ big }}{% endfor %}",
            3,
            f"{_STOPPED}the templates produce more than 64,000,000 characters of HTML (the limit)",
        ),
        (
            '{% extends "kam/document.html.j2" %}{% block cover %}\n' + _BIG + "\n\n\n"
            "{% for i in range(1000) %}{{ big }}{% endfor %}{% endblock %}",
            5,
            f"{_STOPPED}the templates produce more than 64,000,000 characters of HTML (the limit)",
        ),
    ],
    ids=["division", "undefined-in-a-block", "loops", "output", "output-in-a-block"],
)
def test_runtime_errors_point_at_their_line(tmp_path, template, line, message):
    """Not at 1:1: the line that failed (for the output budget, the line whose output
    passed the limit)."""
    code, stderr = _build(tmp_path, template)
    assert code == 1
    assert _message(stderr, line) == message


def test_a_binary_template_is_reported_at_its_first_bad_byte(tmp_path):
    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}{% include "x.j2" %}')
    (project / "templates" / "x.j2").write_bytes(b"ok\n\xff\xfe")
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(tmp_path / "out"), "-f", "html"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "p/templates/x.j2:2:1: the template is not UTF-8 text: byte 0xff is not valid UTF-8; "
        "save the file as UTF-8"
    )


# ------------------------------------------------------------- the templates folder


def _build_project(project: Path, tmp_path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(tmp_path / "out"), "-f", "html"]
    )
    assert not (tmp_path / "out").exists()
    return result.exit_code, result.stderr.splitlines()


def test_a_templates_tree_1000_folders_deep_is_refused(tmp_path):
    from kam.load import overrides

    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}')
    deep = project / "templates"
    for _ in range(1000):
        deep = deep / "d"
        deep.mkdir()
    code, lines = _build_project(project, tmp_path)
    while deep != project / "templates":  # pytest's own clean-up recurses: remove it here
        deep.rmdir()
        deep = deep.parent
    assert code == 1
    where = "p/templates/" + "d/" * overrides.MAX_DEPTH + "d:1:1: "
    assert lines[0].endswith(
        where + f"templates/ is nested more than {overrides.MAX_DEPTH} folders deep (the limit)"
    ), lines


def test_an_unreadable_templates_folder_is_an_error(tmp_path, monkeypatch):
    import os

    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}')
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("templates"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, lines = _build_project(project, tmp_path)
    assert code == 1
    assert lines[0].endswith("p/templates:1:1: cannot read the templates folder: Permission denied")


@pytest.mark.parametrize("name", ["style.css", "document.html.j2", "parts/cover.html.j2"])
def test_an_unreadable_template_or_stylesheet_is_an_error(tmp_path, monkeypatch, name):
    """As a file without read permission (chmod 000) behaves for anyone but root."""
    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}', style="p { color: red }")
    (project / "templates" / "parts").mkdir()
    (project / "templates" / "parts" / "cover.html.j2").write_text("cover")
    real = Path.read_bytes

    def read_bytes(self):
        if self.as_posix().endswith("templates/" + name):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, lines = _build_project(project, tmp_path)
    assert code == 1
    assert lines == [
        f"{project / 'templates' / name}:1:1: cannot read the file: Permission denied",
        f"{project / 'account.yaml'}: not built",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_a_template_without_read_permission_is_an_error(tmp_path):
    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}')
    template = project / "templates" / "document.html.j2"
    template.chmod(0)
    try:
        code, lines = _build_project(project, tmp_path)
    finally:
        template.chmod(0o644)
    assert code == 1
    assert lines[0] == f"{template}:1:1: cannot read the file: Permission denied"


@pytest.mark.parametrize(
    ("files", "size", "problem"),
    [
        (500, 1, None),
        (501, 1, "templates/ holds more than 500 files (the limit)"),
        (10, 1_000_000, None),
        (11, 909_091, "templates/ holds more than 10,000,000 bytes (the limit)"),
    ],
    ids=["500-files", "501-files", "10-MB", "over-10-MB"],
)
def test_the_templates_folder_is_bounded(tmp_path, files, size, problem):
    """At most 500 files and 10,000,000 bytes in all (each file within 1,000,000): the
    limits are where docs/validation.md says, a folder at them builds."""
    project = _project(tmp_path, '{% extends "kam/document.html.j2" %}')
    (project / "templates" / "document.html.j2").unlink()  # the padding makes the count
    for index in range(files):
        (project / "templates" / f"pad{index:03}.txt").write_bytes(b"x" * size)
    result = CliRunner().invoke(
        app, ["build", str(project / "account.yaml"), "-o", str(tmp_path / "out"), "-f", "html"]
    )
    if problem is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{project / 'templates'}:1:1: {problem}",
        f"{project / 'account.yaml'}: not built",
    ]
    assert not (tmp_path / "out").exists()


def test_a_templates_link_is_refused(tmp_path):
    import os

    project = _project(tmp_path, "x")
    real = tmp_path / "elsewhere"
    (project / "templates").rename(real)
    os.symlink(real, project / "templates")
    code, lines = _build_project(project, tmp_path)
    assert code == 1
    assert lines[0].endswith(
        "p/templates:1:1: templates/ is a symbolic link; kam reads project templates only "
        "from a real folder inside the project"
    )
