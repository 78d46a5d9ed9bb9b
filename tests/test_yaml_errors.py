"""YAML syntax errors a person can act on: the common mistakes of a student writing a
plan, each said in plain words in the document's language, at the mistake itself (not
where PyYAML gave up), with the source line, a caret under the column and a fix.

Each case is `kam validate` run on a document that starts with HEAD (three lines) and
then the mistake; the problem lines must be exactly these, in English and Spanish.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from kam.cli import app
from kam.i18n import speaking
from kam.load.yamlerrors import excerpt, language_of
from kam.load.yamlsource import parse_yaml_text
from kam.problems import Problems

HEAD = "kam: 1\nlocale: {locale}\ncurrency: EUR\n"

# PyYAML's words, which must never reach a user.
PYYAML = (
    "cannot start any token",
    "mapping values are not allowed",
    "while scanning",
    "while parsing",
    "could not find expected",
    "<block end>",
    "<stream end>",
    "YAML syntax error",
)


@dataclass(frozen=True)
class Case:
    body: str  # the YAML after HEAD (its first line is line 4)
    where: str  # line:col of the mistake
    en: str
    es: str
    source: str  # the source line, as printed under the message
    caret: str


CASES = {
    "tab indentation": Case(
        "company:\n\tname: Acme\n",
        "5:1",
        "this line is indented with a tab; YAML indents with spaces only: replace the tab "
        "with spaces",
        "esta línea está sangrada con un tabulador; YAML solo sangra con espacios: cambien "
        "el tabulador por espacios",
        "        name: Acme",
        "    ^",
    ),
    "missing space after colon": Case(
        "scores:\n  impact:5\n  effort: 3\n",
        "5:9",  # PyYAML: line 6, "mapping values are not allowed here"
        "a space is missing after ':' in 'impact:5': write 'impact: 5'",
        "falta un espacio después de ':' en 'impact:5': escriban 'impact: 5'",
        "      impact:5",
        "            ^",
    ),
    "unclosed quote": Case(
        'company:\n  name: "Acme\naccount:\n  name: Beta\n',
        "5:9",  # PyYAML: at the end of the file
        'the " opened here is never closed: add " at the end of the value',
        'las comillas " que se abren aquí no se cierran nunca: añadan " al final del valor',
        '      name: "Acme',
        "            ^",
    ),
    "unclosed brace": Case(
        "company: {name: Acme\naccount: {name: Beta}\n",
        "4:10",
        "the '{' opened here is never closed: add '}' at the end of the value",
        "el '{' que se abre aquí no se cierra nunca: añadan '}' al final del valor",
        "    company: {name: Acme",
        "             ^",
    ),
    "key indented more than the one above": Case(
        "company:\n  name: Acme\n   industry: retail\n",
        "6:4",
        "'industry' is indented more than 'name' on line 5: the keys of one mapping start "
        "in the same column (column 3)",
        "'industry' tiene más sangría que 'name' en la línea 5: las claves de un mismo "
        "bloque empiezan en la misma columna (columna 3)",
        "       industry: retail",
        "       ^",
    ),
    "key indented less than the one above": Case(
        "company:\n  name: Acme\n industry: retail\n",
        "6:2",
        "'industry' is indented less than 'name' on line 5, and more than 'company' on "
        "line 4: line it up with one of them (column 3 or 1)",
        "'industry' tiene menos sangría que 'name' (línea 5) y más que 'company' (línea "
        "4): alinéenla con una de las dos (columna 3 o 1)",
        "     industry: retail",
        "     ^",
    ),
    "list item among keys": Case(
        "company:\n  name: Acme\n  - retail\n",
        "6:3",
        "a list item among the keys of a mapping: put the list under a key of its own, or "
        "write this item as 'key: value'",
        "un elemento de lista entre las claves de un bloque: pongan la lista bajo una "
        "clave propia, o escriban este elemento como 'clave: valor'",
        "      - retail",
        "      ^",
    ),
    "key among list items": Case(
        "company: {name: Acme}\naccount:\n  name: Beta\n  sectors:\n    - retail\n    food: yes\n",
        "9:5",
        "'food' is a key among the items of a list: start it with '- ' to make it an item, "
        "or move it out of the list",
        "'food' es una clave entre los elementos de una lista: empiécenla con '- ' para que "
        "sea un elemento, o sáquenla de la lista",
        "        food: yes",
        "        ^",
    ),
    "duplicate key": Case(
        "company: {name: Acme}\ncompany: {name: Beta}\n",
        "5:1",
        "company: duplicate key 'company' (first given on line 4); remove one of them",
        "company: clave repetida 'company' (ya aparece en la línea 4); quiten una de las dos",
        "    company: {name: Beta}",
        "    ^",
    ),
    "value starting with @": Case(
        "company:\n  name: @acme\n",
        "5:9",
        "a value cannot start with '@' (YAML keeps it for itself); quote the value: \"@acme\"",
        "un valor no puede empezar con '@' (YAML lo reserva); pongan el valor entre "
        'comillas: "@acme"',
        "      name: @acme",
        "            ^",
    ),
    "value starting with a backtick": Case(
        "company:\n  name: `Acme`\n",
        "5:9",
        "a value cannot start with '`' (YAML keeps it for itself); quote the value: \"`Acme`\"",
        "un valor no puede empezar con '`' (YAML lo reserva); pongan el valor entre "
        'comillas: "`Acme`"',
        "      name: `Acme`",
        "            ^",
    ),
    "value starting with %": Case(
        "company:\n  name: '%20'\n  share: %20\n",
        "6:10",
        "a value cannot start with '%' (YAML keeps it for itself); quote the value: \"%20\"",
        "un valor no puede empezar con '%' (YAML lo reserva); pongan el valor entre "
        'comillas: "%20"',
        "      share: %20",
        "             ^",
    ),
    "colon inside a value": Case(
        "company:\n  name: Plan: 2027\n",
        "5:13",
        "a ': ' inside a value: quote the value: \"Plan: 2027\"",
        "hay un ': ' dentro de un valor: pongan el valor entre comillas: \"Plan: 2027\"",
        "      name: Plan: 2027",
        "                ^",
    ),
    "decimal comma inside braces": Case(
        "company: {name: Acme}\naccount: {name: Beta, visits: 7,5 horas}\n",
        "5:31",
        "account.visits: a comma separates the entries of {…} and […], so '7,5 horas' was "
        "read as '7' and '5 horas': quote the value: \"7,5 horas\"",
        "account.visits: la coma separa los elementos de {…} y […], así que '7,5 horas' se "
        "leyó como '7' y '5 horas': pongan el valor entre comillas: \"7,5 horas\"",
        "    account: {name: Beta, visits: 7,5 horas}",
        "                                  ^",
    ),
    "text after a closing quote": Case(
        'company:\n  name: "Acme" Holdings\n',
        "5:16",
        "text after the closing quote; quote the whole value, writing the quotes inside "
        "with the other kind: '\"Acme\" Holdings'",
        "hay texto después de las comillas de cierre; pongan todo el valor entre comillas, "
        "y las de dentro del otro tipo: '\"Acme\" Holdings'",
        '      name: "Acme" Holdings',
        "                   ^",
    ),
    "apostrophe inside single quotes": Case(
        "company:\n  name: 'L'Oréal'\n",
        "5:12",
        "text after the closing quote; quote the whole value, writing the quotes inside "
        'with the other kind: "L\'Oréal"',
        "hay texto después de las comillas de cierre; pongan todo el valor entre comillas, "
        'y las de dentro del otro tipo: "L\'Oréal"',
        "      name: 'L'Oréal'",
        "               ^",
    ),
    "list item written with *": Case(
        "company: {name: Acme}\naccount:\n  name: Beta\n  sectors:\n    * retail\n",
        "8:5",
        "a list item starts with '-', not '*': write '- retail'",
        "un elemento de lista empieza con '-', no con '*': escriban '- retail'",
        "        * retail",
        "        ^",
    ),
    "list item after its key": Case(
        "company:\n  name: Acme\n  sectors: - retail\n",
        "6:12",
        "a list item ('- ') cannot follow a key on its line: put each item on a line of its "
        "own below the key, or write the list as [a, b]",
        "un elemento de lista ('- ') no puede ir en la línea de su clave: pongan cada "
        "elemento en su propia línea, debajo de la clave, o escriban la lista como [a, b]",
        "      sectors: - retail",
        "               ^",
    ),
    "key without a colon": Case(
        "company:\n  name: Acme\n  industry retail\n",
        "6:3",
        "'industry retail' has no ':'; write a key, ':', a space and its value (such as "
        "'name: Acme'), or join this line to the one above",
        "'industry retail' no tiene ':'; escriban una clave, ':', un espacio y su valor "
        "(como 'name: Acme'), o unan esta línea a la anterior",
        "      industry retail",
        "      ^",
    ),
    "backslash inside double quotes": Case(
        'company:\n  name: "C:\\datos"\n',
        "5:12",
        "inside double quotes a backslash (\\) starts an escape such as \\n: write \\\\ for "
        "a backslash, or use single quotes: 'C:\\datos'",
        "entre comillas dobles, una barra invertida (\\) empieza un carácter especial como "
        "\\n: escriban \\\\ para una barra invertida, o usen comillas simples: 'C:\\datos'",
        '      name: "C:\\datos"',
        "               ^",
    ),
}


def validate(folder: Path, monkeypatch, *args: str) -> tuple[int, list[str]]:
    """`kam validate account.yaml` in `folder`: its exit code and the lines it printed
    on standard error."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["validate", "account.yaml", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"kam raised {result.exception!r}") from result.exception
    return result.exit_code, result.stderr.splitlines()


@pytest.mark.parametrize("locale", ["en", "es"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_common_mistake_is_explained_where_it_is(name, locale, tmp_path, monkeypatch):
    case = CASES[name]
    (tmp_path / "account.yaml").write_text(HEAD.format(locale=locale) + case.body)
    code, lines = validate(tmp_path, monkeypatch)
    message = case.en if locale == "en" else case.es
    assert lines[:-1] == [f"account.yaml:{case.where}: {message}", case.source, case.caret]
    assert code == 1
    for line in lines:
        for word in PYYAML:
            assert word not in line


def test_a_value_lost_to_a_comment_is_a_warning(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(
        HEAD.format(locale="es")
        + "company: {name: Acme}\naccount:\n  name: Beta\n  industry: #1 en acero\n"
    )
    code, lines = validate(tmp_path, monkeypatch)
    assert lines[:-1] == [
        "account.yaml:7:13: warning: account.industry: '#1 en acero' se lee como un "
        "comentario, así que este valor queda vacío; para escribir un valor que empiece "
        "con '#', pónganlo entre comillas: \"#1 en acero\"",
        "      industry: #1 en acero",
        "                ^",
    ]
    assert code == 0
    code, lines = validate(tmp_path, monkeypatch, "--strict")
    assert code == 1


@pytest.mark.parametrize(
    ("body", "where", "message", "es"),
    [
        (
            "company: {name: Acme}\naccount:\n  name: Beta\nscores:\n  impact:5\n",
            "8:3: warning: scores",
            "'impact:5' is read as text; if 'impact' is a key, write 'impact: 5'",
            "'impact:5' se lee como texto; si 'impact' es una clave, escriban 'impact: 5'",
        ),
        (
            "company: {name: Acme}\naccount:\n  name: Beta\nsectors:\n  -retail\n",
            "8:3: warning: sectors",
            "'-retail' is read as text; for a list item, write '- retail'",
            "'-retail' se lee como texto; para un elemento de lista, escriban '- retail'",
        ),
    ],
)
def test_a_missing_space_that_parses_is_a_warning(body, where, message, es, tmp_path, monkeypatch):
    for locale, said in (("en", message), ("es", es)):
        (tmp_path / "account.yaml").write_text(HEAD.format(locale=locale) + body)
        _code, lines = validate(tmp_path, monkeypatch)
        source = body.splitlines()[-1]
        assert lines[:3] == [f"account.yaml:{where}: {said}", "    " + source, "      ^"]


def test_text_with_a_colon_or_a_dash_is_no_mistake():
    problems = Problems()
    text = "url: http://x.com\nt: 12:30\nref: ABC:123\nn: -5\nm:\n  - -3.5\n  - a-b\n"
    source = parse_yaml_text(text, Path("f.yaml"), problems)
    assert source is not None and source.value["ref"] == "ABC:123"
    assert not problems


def test_a_comment_after_an_empty_value_is_no_mistake():
    problems = Problems()
    source = parse_yaml_text("a: # TODO\nb:   # later\nc: 1\n", Path("f.yaml"), problems)
    assert source is not None and source.value == {"a": None, "b": None, "c": 1}
    assert not problems


@speaking("en")
def test_a_decimal_comma_in_a_list_and_compact_numbers():
    problems = Problems()
    source = parse_yaml_text("a: [1,2]\nb: {x: 1,y: 2}\nc: '7,5'\n", Path("f.yaml"), problems)
    assert source is not None and source.value == {"a": [1, 2], "b": {"x": 1, "y": 2}, "c": "7,5"}
    assert not problems
    parse_yaml_text("a: [3, 7,5 horas]\n", Path("f.yaml"), problems)
    [problem] = problems.items
    assert (problem.pos.line, problem.pos.col, problem.key) == (1, 8, "a[1]")
    assert problem.message == (
        "a comma separates the entries of {…} and […], so '7,5 horas' was read as '7' "
        "and '5 horas': quote the value: \"7,5 horas\""
    )


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (
            'company:\n  name: "Acme\nkam: "1"\n',
            (2, 9),
            'the " opened here is closed only on line 3: add " at the end of the value',
        ),
        (
            "company:\n  name: Acme\n\ncontacts:\n  - name: Ana\n   - name: Luis\n",
            (6, 4),
            "'- name: Luis' is indented more than '- name: Ana' on line 5: the keys of one "
            "mapping start in the same column (column 3)",
        ),
        (
            "company: {name: Acme\n  industry: retail}\n",
            (1, 21),
            "a ',' is missing at the end of this line: inside '{…}' entries are separated by ','",
        ),
        (
            "kam: 1\ntitle: [Borrador] plan\n",
            (2, 8),
            "a value that starts with '[' is read as a list or a mapping; quote the value: "
            '"[Borrador] plan"',
        ),
        (
            "kam: 1\nx: [1, 2]]\n",
            (2, 10),
            "a ']' that closes nothing: remove it, or quote the value",
        ),
        (
            "Mi plan de cuenta\nkam: 1\n",
            (1, 1),
            "'Mi plan de cuenta' has no ':'; write a key, ':', a space and its value (such "
            "as 'name: Acme'), or join this line to the one above",
        ),
        (
            "kam: 1\nimpact:5\nlocale: en\n",
            (2, 7),
            "a space is missing after ':' in 'impact:5': write 'impact: 5'",
        ),
        (  # a bracket left open at the very end of the file
            "kam: 1\nplan: [",
            (2, 7),
            "the '[' opened here is never closed: add ']' at the end of the value",
        ),
        (
            "kam: 1\nplan: {a: [1, ",
            (2, 11),
            "the '[' opened here is never closed: add ']' at the end of the value",
        ),
        (
            "kam: 1\nnote: >5 %\n",
            (2, 7),
            "a value cannot start with '>' (YAML keeps it for itself); quote the value: \">5 %\"",
        ),
    ],
)
@speaking("en")
def test_more_mistakes(body, where, message):
    problems = Problems()
    assert parse_yaml_text(body, Path("f.yaml"), problems) is None
    [problem] = problems.items
    assert ((problem.pos.line, problem.pos.col), problem.message) == (where, message)


def test_an_included_file_speaks_the_document_s_language(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    (tmp_path / "account.yaml").write_text(
        HEAD.format(locale="es-MX") + "company: {name: A}\naccount: {name: B}\nplan: plan.yaml\n"
    )
    (tmp_path / "plan.yaml").write_text("executive_summary: Plan\ncurrent_position:\n\tx: 1\n")
    code, lines = validate(tmp_path, monkeypatch)
    assert lines[:-1] == [
        "plan.yaml:3:1: esta línea está sangrada con un tabulador; YAML solo sangra con "
        "espacios: cambien el tabulador por espacios",
        "        x: 1",
        "    ^",
    ]
    assert code == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es_MX.UTF-8", "falta un espacio después de ':' en 'impact:5': escriban 'impact: 5'"),
        ("C.UTF-8", "a space is missing after ':' in 'impact:5': write 'impact: 5'"),
    ],
)
def test_without_a_locale_line_the_environment_chooses(lang, expected, tmp_path, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    (tmp_path / "account.yaml").write_text("kam: 1\nscores:\n  impact:5\n  effort: 3\n")
    _code, lines = validate(tmp_path, monkeypatch)
    assert lines[0] == f"account.yaml:3:9: {expected}"


def test_the_json_report_keeps_its_shape(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(HEAD.format(locale="en") + "company:\n\tname: A\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "account.yaml", "--format", "json"])
    [problem] = json.loads(result.stdout)["files"][0]["problems"]
    assert set(problem) == {"severity", "code", "file", "line", "column", "key", "message"}
    assert (problem["line"], problem["column"]) == (5, 1)
    assert problem["message"] == CASES["tab indentation"].en
    assert problem["code"] == "this-line-is-indented-with"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("kam: 1\nlocale: es-MX\n", "es"),
        ("locale: 'en'\n", "en"),
        ('kam: 1\nlocale:   "ES_es"  # Spain\n', "es"),
        ("kam: 1\nplan:\n  locale: es\n", None),  # not at the top level
        ("locale: fr\n", None),
        ("kam: 1\n", None),
    ],
)
def test_the_language_of_the_raw_locale_line(text, language):
    assert language_of(text) == language


def test_an_excerpt_shows_tabs_wide_characters_and_long_lines():
    assert excerpt("a:\n\tb: 1\n", 2, 1) == "        b: 1\n    ^"
    assert excerpt("a: 中文: x\n", 1, 6) == "    a: 中文: x\n           ^"
    long = "k: " + "x" * 300 + ": y"
    assert excerpt(long, 1, 304) == "    …" + "x" * 97 + ": y\n" + " " * 102 + "^"
    assert excerpt("a: 1\n", 9, 1) == ""


def test_no_mutation_of_a_real_document_shows_pyyaml_s_words():
    """Damage the examples and the starters at random (a character typed, deleted or
    replaced): kam never raises, and never says what PyYAML said."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*/*.yaml"))]
    rng = random.Random(15)
    for _ in range(120):
        text = list(rng.choice(texts))
        for _edit in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            char = rng.choice(":\"'{}[]-\t #,@`%*&|>?!\n ")
            text[at : at + rng.randint(0, 1)] = [char]
        problems = Problems()
        parse_yaml_text("".join(text), Path("f.yaml"), problems)
        for problem in problems.items:
            assert problem.pos is not None
            assert not any(word in problem.message for word in PYYAML), problem.message
