"""The loader keeps positions and refuses what plain YAML should not do."""

from __future__ import annotations

import time

from kam.load import load
from kam.load.yamlsource import parse_yaml_text
from kam.problems import Problems


def parse(text: str, tmp_path):
    problems = Problems()
    source = parse_yaml_text(text, tmp_path / "f.yaml", problems)
    return source, [(p.pos.line, p.pos.col, p.message) for p in problems.items]


def test_positions_of_values_and_keys(tmp_path):
    source, errors = parse("a:\n  b: [1, 2]\n  c:\n    - {d: x}\n", tmp_path)
    assert errors == []
    assert source.value == {"a": {"b": [1, 2], "c": [{"d": "x"}]}}
    pos = source.positions
    assert (pos[("a", "b", 1)].line, pos[("a", "b", 1)].col) == (2, 10)
    assert (pos[("a", "c", 0, "d")].line, pos[("a", "c", 0, "d")].col) == (4, 11)
    key = source.key_positions[("a", "c")]
    assert (key.line, key.col) == (3, 3)


def test_no_yaml_1_1_surprises(tmp_path):
    text = "a: NO\nb: on\nc: 01234\nd: 12:30\ne: 2027-03-31\nf: 1_200_000\ng: true\nh: 2.5\ni: ~\n"
    source, errors = parse(text, tmp_path)
    assert errors == []
    assert source.value == {
        "a": "NO",
        "b": "on",
        "c": "01234",
        "d": "12:30",
        "e": "2027-03-31",
        "f": 1200000,
        "g": True,
        "h": 2.5,
        "i": None,
    }


def test_duplicate_key_names_both_lines(tmp_path):
    _source, errors = parse("a: 1\nb: 2\na: 3\n", tmp_path)
    assert errors == [(3, 1, "duplicate key 'a' (first given on line 1); remove one of them")]


def test_python_tags_are_refused(tmp_path):
    _source, errors = parse("a: !!python/object/apply:os.system ['echo hi']\n", tmp_path)
    assert len(errors) == 1
    assert errors[0][:2] == (1, 4)
    assert "tag '!!python/object/apply:os.system' is not allowed" in errors[0][2]


def test_alias_bomb_is_refused_by_the_node_budget(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    assert len(text) < 1024
    start = time.perf_counter()
    _source, errors = parse(text, tmp_path)
    assert time.perf_counter() - start < 30  # a hang guard; the budget is what stops it
    assert len(errors) == 1
    assert "expands to more than 2,000,000 values" in errors[0][2]


def _nested(levels: int) -> str:
    """A mapping whose value is nested `levels` nodes deep, the root counted."""
    return "a: " + "[" * (levels - 2) + "1" + "]" * (levels - 2) + "\n"


def test_a_tree_within_the_limits_is_counted_in_the_quick_pass(tmp_path, monkeypatch):
    from kam.load import yamlsource

    for levels in (yamlsource.MAX_DEPTH, yamlsource.MAX_DEPTH + 1):
        node = yamlsource._compose(_nested(levels), tmp_path / "f.yaml", Problems())
        quick = yamlsource._a_tree_within_limits(node)
        assert quick is (levels <= yamlsource.MAX_DEPTH)
        full = yamlsource._within_budget(node, tmp_path / "f.yaml", Problems())
        assert full is quick  # the same verdict as the full walk
    # an alias: a node reached twice goes to the full walk, which accepts it here
    text = "a: &x [1, 2]\nb: *x\n"
    node = yamlsource._compose(text, tmp_path / "f.yaml", Problems())
    assert not yamlsource._a_tree_within_limits(node)
    source, errors = parse(text, tmp_path)
    assert errors == [] and source.value == {"a": [1, 2], "b": [1, 2]}
    # past the count of nodes: the full walk says so
    monkeypatch.setattr(yamlsource, "MAX_NODES", 5)
    node = yamlsource._compose("a: [1, 2, 3, 4, 5]\n", tmp_path / "f.yaml", Problems())
    assert not yamlsource._a_tree_within_limits(node)
    _source, errors = parse("a: [1, 2, 3, 4, 5]\n", tmp_path)
    assert [message[:40] for *_at, message in errors] == [
        "the YAML expands to more than 5 values ("
    ]


def test_deep_nesting_is_refused(tmp_path):
    _source, errors = parse("a: " + "[" * 200 + "]" * 200 + "\n", tmp_path)
    assert len(errors) == 1
    assert "nested" in errors[0][2]


def test_empty_list_and_multi_document_files(tmp_path):
    assert parse("# only a comment\n", tmp_path)[1] == [
        (1, 1, "the file is empty; it should hold a YAML mapping of keys")
    ]
    _s, errors = parse("a: 1\n---\nb: 2\n", tmp_path)
    assert errors[0][2] == "the file holds several YAML documents (separated by ---); keep one"
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    loaded = load(tmp_path / "list.yaml")
    assert loaded.problems.errors[0].message.startswith("the file holds a list;")


def test_bom_nul_and_bad_utf8(tmp_path):
    for name, data, message in (
        ("bom.yaml", b"\xef\xbb\xbfa: 1\n", "byte order mark"),
        ("nul.yaml", b"a: 1\nb: \x00\n", "NUL character"),
        ("latin1.yaml", b"a: caf\xe9\n", "byte 0xe9 is not valid UTF-8"),
    ):
        (tmp_path / name).write_bytes(data)
        errors = load(tmp_path / name).problems.errors
        assert len(errors) == 1 and message in errors[0].message, (name, errors)
    latin = load(tmp_path / "latin1.yaml").problems.errors[0].pos
    assert (latin.line, latin.col) == (1, 7)


def test_include_outside_the_project_is_refused(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (tmp_path / "secret.yaml").write_text("executive_summary: secret\n")
    (project / "account.yaml").write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: A}\naccount: {name: B}\n"
        "plan: ../secret.yaml\nrewards: /etc/passwd\n"
    )
    errors = load(project / "account.yaml").problems.errors
    messages = [(e.pos.line, e.message) for e in errors]
    assert (
        6,
        "'../secret.yaml' is outside the project folder "
        f"{project.resolve()}; move the file into the project folder",
    ) in messages
    assert (
        7,
        "'/etc/passwd' is an absolute path; write a path relative to the file that names it",
    ) in messages
