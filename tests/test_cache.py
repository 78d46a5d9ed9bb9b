"""What kam keeps between runs (kam.cache, docs/performance.md): the code dataclasses
compile, the Document model's schema, the part of Babel's locale data kam reads. Each
is checked for being used (the work is not done again) and for giving the same results
as the work done anew."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kam import cache

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*/account.yaml"))


def _python(code: str, kept: Path | str) -> list[str]:
    env = {**os.environ, cache.CACHE_VARIABLE: str(kept)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """kam's folder, here for this test."""
    kept = tmp_path / "kept"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(kept))
    cache.folder.cache_clear()
    yield kept
    cache.folder.cache_clear()


# ----------------------------------------------------------------------- the folder


def test_the_folder_is_private_and_its_files_whole(folder):
    cache.keep("thing", ("stamp", 1), {"a": [1, 2]})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert cache.read("thing", ("stamp", 1)) == {"a": [1, 2]}
    assert cache.read("thing", ("stamp", 2)) is None  # made from something else
    assert cache.read("other", ("stamp", 1)) is None
    assert [p.name for p in folder.iterdir()] == ["thing.pickle"]  # no partial file left
    (folder / "thing.pickle").write_bytes(b"\x80\x05 damaged")
    assert cache.read("thing", ("stamp", 1)) is None


def test_a_folder_others_may_write_to_or_a_link_is_refused(folder):
    folder.mkdir(mode=0o700)
    folder.chmod(0o755)  # others may read: nothing of theirs can be in it
    assert cache.folder() == folder
    cache.folder.cache_clear()
    folder.chmod(0o777)  # others may have put files there
    with pytest.raises(RuntimeError, match="writable by others"):
        cache.folder()
    folder.rmdir()
    folder.symlink_to(folder.parent)  # a link is not the folder it points to
    with pytest.raises(RuntimeError):
        cache.folder()
    cache.keep("thing", 1, "value")  # no folder: nothing kept, nothing raised
    assert cache.read("thing", 1) is None


def test_an_expression_kept_wrong_is_compiled_again(folder):
    from re import _compiler

    real = _compiler.compile
    try:
        cache._patterns[("wrong+", 0)] = (0, [999, 1, 2], 0, {}, ())
        cache.keep_compiled_patterns()
        import re

        assert re.compile("wrong+").match("wrongg")
        assert cache._patterns[("wrong+", 0)] != (0, [999, 1, 2], 0, {}, ())
    finally:
        _compiler.compile = real
        cache._patterns.clear()
        cache._patterns_added.clear()
        cache._patterns_used.clear()


def test_kam_cache_off_keeps_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_VARIABLE, "off")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    cache.folder.cache_clear()
    try:
        cache.keep("thing", 1, "value")
        assert cache.read("thing", 1) is None
        with pytest.raises(RuntimeError, match="off"):
            cache.folder()
    finally:
        cache.folder.cache_clear()
    assert list(tmp_path.iterdir()) == []


def test_installations_apart_keep_files_apart():
    assert cache.named("schema", "/a/kam") != cache.named("schema", "/b/kam")
    assert cache.named("schema", "/a/kam") == cache.named("schema", "/a/kam")


# ------------------------------------------------------------ dataclasses' own code


def test_dataclass_code_is_compiled_once_and_is_what_python_compiles(tmp_path):
    code = (
        "from kam import cache\n"
        "cache.keep_generated_code()\n"
        "import kam.cli, kam.pipeline\n"
        "print(sum(len(cache._codes[m]) for m in cache._added),"
        " sum(map(len, cache._codes.values())))\n"
        "cache.save_generated_code()\n"
    )
    compiled, kept = map(int, _python(code, tmp_path)[0].split())
    assert compiled == kept > 100  # the first run compiles every method
    again, kept_again = map(int, _python(code, tmp_path)[0].split())
    assert (again, kept_again) == (0, kept)  # the next compiles none
    import marshal

    files = list(tmp_path.glob("code-*.marshal"))  # one per module (kam's, its libraries')
    assert any(f.name.startswith("code-kam.analysis.figures-") for f in files)
    codes = [marshal.loads(file.read_bytes())[1] for file in files]
    assert sum(map(len, codes)) == kept
    for source, code_object in (item for found in codes for item in found.items()):
        # as dataclasses' own exec compiles it
        fresh = compile(source, "<string>", "exec", dont_inherit=True)
        assert marshal.dumps(code_object) == marshal.dumps(fresh)


def test_dataclasses_built_from_kept_code_behave_as_usual(tmp_path):
    code = (
        "from kam import cache\n"
        "cache.keep_generated_code()\n"
        "from dataclasses import dataclass, field\n"
        "@dataclass(frozen=True)\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 2\n"
        "    tags: list = field(default_factory=list, hash=False)\n"
        "p = Point(1)\n"
        "print(p, p == Point(1, 2), p != Point(1, 3), hash(p) == hash(Point(1, 2, [9])))\n"
        "try:\n"
        "    p.x = 3\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
        "cache.save_generated_code()\n"
    )
    first = _python(code, tmp_path)
    assert first == ["Point(x=1, y=2, tags=[]) True True True", "FrozenInstanceError"]
    assert _python(code, tmp_path) == first


# ------------------------------------------------------------ the Document's schema


def test_the_document_schema_is_kept_and_validates_as_a_fresh_one(tmp_path):
    """Every example, and a document with errors, give the same report with the kept
    schema as with one generated anew (KAM_CACHE=off); so does the JSON Schema."""
    bad = tmp_path / "bad" / "account.yaml"
    bad.parent.mkdir()
    bad.write_text(
        "kam: 1\nlocale: es\ncurrency: EURO\ndate: 2026-13-01\n"
        "company: {name: Acme, colour: red}\naccount: {name: 5}\n"
    )
    code = (
        "import json\n"
        "from kam.models import Document, kept\n"
        "from kam.pipeline import prepare\n"
        "from kam.validate import validate\n"
        "from pydantic._internal import _generate_schema as g\n"
        "seen = []\n"
        "real = g.GenerateSchema.generate_schema\n"
        "def spy(self, obj, *a, **k):\n"
        "    seen.append(obj is Document)\n"
        "    return real(self, obj, *a, **k)\n"
        "g.GenerateSchema.generate_schema = spy\n"
        "out = []\n"
        f"for entry in {[str(p) for p in [*EXAMPLES, bad]]!r}:\n"
        "    prepared, problems = prepare(entry)\n"
        "    out.append([prepared.doc.model_dump(mode='json') if prepared else None,\n"
        "                [(str(p.pos), p.message) for p in problems.items]])\n"
        "print(json.dumps([any(seen), out, Document.model_json_schema()]))\n"
    )
    fresh = json.loads(_python(code, "off")[0])
    assert fresh[0] is True  # generated
    first = json.loads(_python(code, tmp_path)[0])
    assert first[0] is True and list(tmp_path.glob("schema-Document-*.pickle"))
    kept = json.loads(_python(code, tmp_path)[0])
    assert kept[0] is False  # not generated: handed back
    assert kept[1:] == fresh[1:] == first[1:]
    assert any(problems for _doc, problems in fresh[1]), "the bad document has problems"


def test_a_schema_kept_wrong_is_generated_again(folder):
    code = (
        "from kam.models import Document, kept\n"
        "from kam import cache\n"
        "name = cache.named('schema-Document', str(kept.PACKAGE))\n"
        "cache.keep(name, kept._stamp(), {'type': 'no such schema type'})\n"
        "kept.ready(Document)\n"
        "print(Document.__pydantic_complete__, cache.read(name, kept._stamp())['type'])\n"
    )
    assert _python(code, folder) == ["True model"]


def test_the_schema_stamp_follows_kams_files(tmp_path, monkeypatch):
    from kam.models import kept

    (tmp_path / "models").mkdir()
    (tmp_path / "periods.py").write_text("y = 2\n")
    source = tmp_path / "models" / "plan.py"
    source.write_text("x = 1\n")
    monkeypatch.setattr(kept, "PACKAGE", tmp_path)
    kept._stamp.cache_clear()
    try:
        before = kept._stamp()
        kept._stamp.cache_clear()
        assert kept._stamp() == before
        source.write_text("x = 22\n")  # another size
        kept._stamp.cache_clear()
        assert kept._stamp() != before
        before = kept._stamp()
        (tmp_path / "periods.py").write_text("y = 20\n")  # a module the models import
        kept._stamp.cache_clear()
        assert kept._stamp() != before
    finally:
        kept._stamp.cache_clear()


# ------------------------------------------------------------- Babel's locale data

_FORMATS = (
    "from babel import numbers, dates\n"
    "from kam.i18n import babel_locale\n"
    "import datetime as dt\n"
    "out = []\n"
    "for code in ('es', 'es-MX', 'en', 'en-GB'):\n"
    "    loc = babel_locale(code)\n"
    "    out += [numbers.format_currency(1234567.891, 'EUR', locale=loc),\n"
    "            numbers.format_currency(-5.5, 'MXN', locale=loc),\n"
    "            numbers.format_decimal(0.000123456, locale=loc),\n"
    "            numbers.format_percent(0.256, locale=loc),\n"
    "            numbers.format_compact_decimal(2_500_000, locale=loc),\n"
    "            numbers.get_currency_name('USD', 2, locale=loc),\n"
    "            dates.format_date(dt.date(2026, 11, 27), 'long', locale=loc),\n"
    "            dates.format_date(dt.date(2026, 1, 3), 'MMM y', locale=loc),\n"
    "            loc.plural_form(1), loc.get_display_name(), loc.number_symbols['latn']['group']]\n"
    "out.append(sorted(numbers.list_currencies())[:5])\n"
    "import babel.localedata as ld\n"
    "print(repr(out))\n"
    "print(sorted(ld._cache))\n"
)


def test_babel_data_kept_gives_babels_results_without_loading_its_files(tmp_path):
    fresh, loaded = _python(_FORMATS, "off")
    assert loaded != "[]"  # Babel loaded its files
    first, _loaded = _python(_FORMATS, tmp_path)
    assert first == fresh
    assert list(tmp_path.glob("babel-es_MX-*.pickle"))
    kept, loaded_again = _python(_FORMATS, tmp_path)
    assert kept == fresh
    assert loaded_again == "[]"  # every entry read came from kam's files


def test_babel_entries_absent_or_new_are_read_from_babel_and_kept(folder):
    import babel.localedata as ld

    from kam.i18n import babel_locale, release_locale_data

    release_locale_data()
    try:
        data = babel_locale("es")._data
        assert data.get("no such entry", "default") == "default"
        assert "no such entry" not in data
        assert data["territories"]["MX"] == "México"  # not read before: from Babel
        release_locale_data()
        getattr(ld, "clear_caches", ld._cache.clear)()  # Babel 2.14 has no clear_caches
        again = babel_locale("es")._data
        assert again["territories"]["MX"] == "México"
        assert again.get("no such entry", "default") == "default"
        assert ld._cache == {}  # both answered from the kept file
    finally:
        release_locale_data()


def test_a_locale_inheriting_from_a_kept_one_gets_all_of_it(folder):
    import babel.localedata as ld

    from kam.i18n import babel_locale, release_locale_data

    release_locale_data()
    try:
        kept = ld.load("es")
        assert isinstance(kept, cache._Kept) and len(kept) < 5  # only what was read
        assert kept.copy().keys() >= {"territories", "months", "decimal_formats"}
        assert babel_locale("es-MX").territories["ES"] == "España"
    finally:
        release_locale_data()


# ------------------------------------------------------------------- the label files


def test_label_files_are_kept_flat_and_read_again_when_changed(folder, tmp_path, monkeypatch):
    from kam import i18n

    fresh = {n: i18n._read_labels(i18n.LOCALE_FILES / f"{n}.yaml") for n in ("es", "en", "es-MX")}
    for name, labels in fresh.items():
        assert i18n.label_file(name) == labels  # read, and kept
    assert len(list(folder.glob("labels-*.marshal"))) == 3
    read = i18n._read_labels
    monkeypatch.setattr(i18n, "_read_labels", lambda resource: pytest.fail(f"read {resource}"))
    for name, labels in fresh.items():
        assert i18n.label_file(name) == labels  # from the kept copy
    monkeypatch.setattr(i18n, "_read_labels", read)
    own = tmp_path / "locales"
    own.mkdir()
    (own / "es.yaml").write_text("quadrant:\n  star: Estrella\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_FILES", own)
    assert i18n.label_file("es") == {"quadrant.star": "Estrella"}
    (own / "es.yaml").write_text("quadrant:\n  star: Estrella fugaz\n", encoding="utf-8")
    assert i18n.label_file("es") == {"quadrant.star": "Estrella fugaz"}  # another size
    assert i18n.label_file("xx") == {}


# ------------------------------------------------------------ compiled expressions


def test_expressions_are_compiled_once_and_given_to_the_engine_as_re_gives_them(tmp_path):
    code = (
        "from kam import cache\n"
        "cache.keep_compiled_patterns()\n"
        "import re\n"
        "from re import _parser\n"
        "parsed = []\n"
        "real = _parser.parse\n"
        "_parser.parse = lambda *a, **k: parsed.append(a[0]) or real(*a, **k)\n"
        "shown = []\n"
        "for pattern, flags in ((r'(?P<y>\\d{4})-(?P<m>\\d\\d)', 0), (r'caf[eé]', re.I),"
        " (rb'\\x00+', 0), (r'(?x) a  b # comment', 0)):\n"
        "    p = re.compile(pattern, flags)\n"
        "    shown.append((p.pattern if isinstance(p.pattern, str) else p.pattern.hex(),"
        " p.flags, p.groups, dict(p.groupindex), bool(p.search('x 2026-11 CAFÉ ab' if"
        " isinstance(pattern, str) else b'a\\x00'))))\n"
        "print(shown)\n"
        "print(len(parsed))\n"
        "cache.save_compiled_patterns()\n"
    )
    first, compiled = _python(code, tmp_path)
    assert int(compiled) == 4
    again, compiled_again = _python(code, tmp_path)
    assert again == first and int(compiled_again) == 0  # none parsed: all handed over
    assert _python(code, "off")[0] == first
    import marshal

    (found,) = tmp_path.glob("patterns-*.marshal")
    _stamp, (_saves, kept) = marshal.loads(found.read_bytes())
    heard = {}

    class Engine:  # what re's own compile gives its engine, heard again
        def __getattr__(self, name):
            import _sre

            return getattr(_sre, name)

        def compile(self, pattern, *args):
            heard[pattern] = args
            import _sre

            return _sre.compile(pattern, *args)

    from re import _compiler

    assert not hasattr(_compiler.compile, "__kam_kept__")  # importing kam changes nothing
    real = _compiler._sre
    _compiler._sre = Engine()
    try:
        for (pattern, flags), (args, _last) in kept.items():
            _compiler.compile(pattern, flags)
            assert cache._plain(heard[pattern]) == args
    finally:
        _compiler._sre = real


def test_the_command_keeps_and_reuses_what_it_compiled(tmp_path):
    """`kam` (kam.entry) sets the caches up before its libraries are imported: the first
    validate keeps what it compiled, a second one compiles nothing new (no file is
    written again) and says the same."""
    command = [sys.executable, "-m", "kam", "validate", str(EXAMPLES[0])]
    # one hash seed: Babel writes an expression from a set, new with each seed (below)
    env = {**os.environ, cache.CACHE_VARIABLE: str(tmp_path), "PYTHONHASHSEED": "1"}

    def validate() -> tuple[str, dict[str, int]]:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr
        return done.stderr, {f.name: f.stat().st_mtime_ns for f in tmp_path.iterdir()}

    said, kept = validate()
    assert any(name.startswith("patterns-") for name in kept)
    assert any(name.startswith("code-kam.analysis.") for name in kept)
    assert any(name.startswith("schema-Document-") for name in kept)
    assert validate() == (said, kept)  # the same report; nothing compiled or kept anew


def test_expressions_no_run_uses_go_after_a_while(folder, monkeypatch):
    """An expression new in every run (Babel's plural rules are written from a set, in
    each process's hash order) is kept until KEEP_SAVES saves have not used it."""
    import marshal
    import re
    from re import _compiler

    real = _compiler.compile
    monkeypatch.setattr(cache, "KEEP_SAVES", 3)
    try:
        for run in range(6):
            for name in ("_patterns", "_last_used", "_patterns_used"):
                getattr(cache, name).clear()
            cache._generation[0] = 0
            _compiler.compile = real  # a new process
            cache.keep_compiled_patterns()
            re.compile(r"kept\d+")
            re.compile(rf"new-in-run-{run}")
            cache.save_compiled_patterns()
            re.purge()
        (found,) = folder.glob("patterns-*.marshal")
        _stamp, (generation, kept) = marshal.loads(found.read_bytes())
        assert generation == 6
        assert sorted(pattern for pattern, _flags in kept) == [
            "kept\\d+",
            "new-in-run-3",
            "new-in-run-4",
            "new-in-run-5",
        ]
    finally:
        _compiler.compile = real
