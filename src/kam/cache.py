"""What kam keeps between runs, so that each run does not do again what the last did:
what `re` compiles each regular expression to and the code `dataclasses` compiles (the
`kam` command sets both up first, kam.entry), the Document model's schema
(kam.models.kept), the part of Babel's locale data kam reads, its label files read
(kam.i18n), and kam's compiled templates (kam.render.html). Never anything read from a
document: only what kam derives from its own files and its libraries.

Where: the user's own folder under the temporary directory (`kam-cache-<uid>`), made
as Jinja makes its bytecode cache's: created 0700, refused unless the user owns it and
no one else may write to it. `KAM_CACHE` names another folder (a CI job may keep it
between runs), or `off` for none. A folder that cannot be made or trusted, or a file
that cannot be read or written, is no cache: the work is done as before.

What: each file is one value with the stamp of what it was made from (versions, file
sizes and times); a file with another stamp, or damaged, is made again. The files'
names carry a digest of where they come from (kam's package, Babel's data, the Python
executable), so two installations of kam do not overwrite each other's. What is kept
gives the same results as what it replaces: tests/test_cache.py checks each against
the work done anew.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import stat
import sys
import threading
from functools import cache
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

#: Bump when the files' layout changes: older files are then ignored.
FORMAT = 1


#: The environment variable naming kam's folder, or `off`.
CACHE_VARIABLE = "KAM_CACHE"


@cache
def folder() -> Path:
    """kam's private folder (OSError or RuntimeError when there is none to trust, or
    `KAM_CACHE=off`: the caller does without)."""
    if not hasattr(os, "getuid"):
        raise RuntimeError("no user id: no private folder")
    asked = os.environ.get(CACHE_VARIABLE, "").strip()
    if asked.lower() == "off":
        raise RuntimeError(f"{CACHE_VARIABLE}=off")
    path = Path(asked).expanduser() if asked else Path(_temporary(), f"kam-cache-{os.getuid()}")
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=stat.S_IRWXU, parents=bool(asked))
    found = os.lstat(path)
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
        raise RuntimeError(f"{path} is not a folder of this user's")
    if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):  # others may have put files there
        raise RuntimeError(f"{path} is writable by others")
    return path


def _temporary() -> str:
    """The temporary directory, as tempfile finds it when it is there (whose import,
    with shutil's and random's, would cost `kam --help` 5 ms): TMPDIR, TEMP or TMP,
    else /tmp."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        if os.environ.get(name):
            return os.environ[name]
    return "/tmp"  # noqa: S108 - the private folder is made inside, 0700, and checked


def file_stamp(path: Path) -> tuple | None:
    """What a kept value made from the file at `path` is stamped with: the path, its
    size and time (None when it is not a regular file)."""
    try:
        found = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (str(path), found.st_size, found.st_mtime_ns)


def named(name: str, source: str) -> str:
    """A file's name for what comes from `source` (a folder, an executable): installations
    apart keep files apart. (A checksum, not a hash: hashlib's import costs `kam --help`
    6 ms; the stamp inside tells a file's origin.)"""
    import zlib

    plain = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)[:120]
    return f"{plain}-{zlib.crc32(source.encode()):08x}"


def read(name: str, stamp: object, codec: ModuleType | None = None) -> Any:
    """What was kept as `name` for `stamp` (None: nothing kept, kept for another
    stamp, a damaged file, or no folder to trust). `codec`: pickle (the default) or
    marshal (for code objects; it needs no import)."""
    codec = codec or _pickle()
    try:
        kept_stamp, value = codec.loads((folder() / f"{name}.{codec.__name__}").read_bytes())
    except Exception:  # noqa: BLE001 - none yet, damaged, or no folder: make it again
        return None
    return value if kept_stamp == stamp else None


def keep(name: str, stamp: object, value: Any, codec: ModuleType | None = None) -> None:
    """Keep `value` as `name` for `stamp`, whole or not at all (a reader never sees
    half a file); nothing when it cannot be written."""
    codec = codec or _pickle()
    try:
        path = folder() / f"{name}.{codec.__name__}"
        data = codec.dumps((stamp, value), *(() if codec is marshal else (5,)))
    except Exception:  # noqa: BLE001 - no folder, or a value it cannot write
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()


def _pickle() -> ModuleType:
    import pickle

    return pickle


# -------------------------------------------------------- dataclasses' generated code

_codes: dict[str, dict[str, CodeType]] = {}  # by module: a method's source → its code
_added: set[str] = set()  # the modules with code compiled in this process


def keep_generated_code() -> None:
    """From now on, the methods `dataclasses` generates are compiled once and kept.

    Why: a dataclass writes each of its methods (`__init__`, `__repr__`, `__eq__`, and
    `__setattr__`, `__hash__` when frozen) as source and compiles it, about 75 µs each:
    12 ms for the 44 dataclasses a `kam validate` imports, the same in every run.
    Compiling is a pure function of the source (and of Python's version and `-O`): the
    code of each source compiled is kept by marshal, as Python keeps a module's, one
    file per module that defines dataclasses, read when its first dataclass is made;
    `dataclasses` runs that code in place of compiling it again. Call before the
    modules that define dataclasses are imported; `save_generated_code()` keeps what was
    compiled anew."""
    import dataclasses

    if dataclasses.__dict__.get("exec") is not _exec:
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # found before the builtin


def save_generated_code() -> None:
    """Keep the code compiled in this process, each module's with what was kept."""
    for module in sorted(_added):
        keep(_codes_file(module), _python(), _codes[module], marshal)
    _added.clear()


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002
    if type(source) is str:
        module = globals.get("__name__") if type(globals) is dict else None
        codes = _module_codes(str(module))
        code = codes.get(source)
        if code is None:  # as dataclasses' own exec compiles it: no flags of this module
            code = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _added.add(str(module))
        source = code
    builtins.exec(source, globals, locals)


def _module_codes(module: str) -> dict[str, CodeType]:
    codes = _codes.get(module)
    if codes is None:
        found = read(_codes_file(module), _python(), marshal)
        codes = _codes[module] = found if type(found) is dict else {}
    return codes


def _codes_file(module: str) -> str:
    return named(f"code-{module}", f"{sys.executable}\0{module}")


def _python() -> tuple:
    """What the code compiled depends on besides its source."""
    return (FORMAT, sys.version, sys.implementation.cache_tag, sys.flags.optimize)


# ------------------------------------------------------------ compiled expressions

_patterns: dict[tuple, tuple] = {}  # (pattern, flags) → what re compiles it to
_last_used: dict[tuple, int] = {}  # (pattern, flags) → the last save that saw it used
_generation = [0]  # saves of the kept expressions so far
_patterns_added: list[tuple] = []
_patterns_used: set[tuple] = set()
_re_lock = threading.RLock()
#: An expression no run used in this many saves goes. Some are new in every run (Babel
#: writes one from a set, whose order changes with each process's hash seed): they would
#: otherwise pile up.
KEEP_SAVES = 30


def keep_compiled_patterns() -> None:
    """From now on, the regular expressions compiled in this process are compiled once
    and kept: kam's, and those of the libraries imported after this call.

    Why: `re` parses and compiles each pattern in Python; a `kam validate` compiled 86
    of them (typer's, pydantic's, PyYAML's, kam's): 25–30 ms, a tenth of its time, the
    same in every run. What `re` hands to its C engine for a pattern (`_sre.compile`'s
    arguments: the flags, the compiled code as integers, the groups) depends only on
    the pattern, its flags and Python's version: it is kept by marshal, and the next
    run hands it to the engine directly. Call first, before the libraries; then
    `save_compiled_patterns()`."""
    from re import _compiler

    real = _compiler.compile
    if getattr(real, "__kam_kept__", False) or not hasattr(_compiler, "_sre"):
        return
    found = read(_patterns_file(), _python(), marshal)
    if type(found) is tuple and len(found) == 2 and type(found[1]) is dict:
        _generation[0] = found[0]
        for key, (args, last) in found[1].items():
            _patterns[key], _last_used[key] = args, last
    engine = _compiler._sre

    def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001 - re._compiler's name
        if type(p) is not str and type(p) is not bytes or flags & _compiler.SRE_FLAG_DEBUG:
            return real(p, flags)
        _patterns_used.add((p, flags))
        args = _patterns.get((p, flags))
        if args is not None:
            try:
                return engine.compile(p, *args)
            except Exception:  # noqa: BLE001 - kept wrong (the engine checks): compile
                del _patterns[(p, flags)]
        with _re_lock:  # re's own compile, its call to the engine heard
            heard = _Heard(engine)
            _compiler._sre = heard
            try:
                compiled = real(p, flags)
            finally:
                _compiler._sre = engine
        if heard.args is not None and heard.args[0] is p:
            _patterns[(p, flags)] = _plain(heard.args[1:])
            _patterns_added.append((p, flags))
        return compiled

    compile.__kam_kept__ = True  # type: ignore[attr-defined]
    _compiler.compile = compile


def save_compiled_patterns() -> None:
    """Keep the expressions compiled anew in this process with those kept before, but
    those no run has used in the last KEEP_SAVES saves."""
    if not _patterns_added:
        return
    _patterns_added.clear()
    generation = _generation[0] = _generation[0] + 1
    for key in _patterns_used:
        _last_used[key] = generation
    kept = {
        key: (args, _last_used.get(key, generation))
        for key, args in _patterns.items()
        if _last_used.get(key, generation) > generation - KEEP_SAVES
    }
    keep(_patterns_file(), _python(), (generation, kept), marshal)


class _Heard:
    """re's C engine, with the arguments of its last `compile` call kept."""

    def __init__(self, engine: ModuleType):
        self.engine, self.args = engine, None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def compile(self, *args: Any) -> Any:
        self.args = args
        return self.engine.compile(*args)


def _plain(value: Any) -> Any:
    """`value` with re's named integers (its opcodes, its flags) as plain ones, which
    marshal keeps; the engine reads the same numbers."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _patterns_file() -> str:
    return named("patterns", sys.executable)


# ----------------------------------------------------------------- Babel's locale data
#
# Babel keeps each locale's CLDR data in pickles that inherit from one another (es_ES
# from es from root): formatting one amount in Spanish unpickles and merges about
# 300 KB of them, and checking a currency code unpickles the 470 KB of global data:
# 15–25 ms of a 0.25 s `kam validate`, which reads five entries of them. Once
# `keep_locale_data()` is called (kam.i18n does, before kam first asks Babel for a
# locale or its currencies), each locale's data and the global data is a `_Kept`
# mapping: each entry kam has read before comes from its own small file, when first
# asked for; an entry not read before is taken from Babel's data, loaded as Babel
# loads it, and kept. The values are Babel's own, pickled, so what Babel computes from
# them is the same. Stamped with Babel's version and the data file's size and time.

_lock = threading.RLock()
_kept: dict[str, _Kept] = {}  # the locales read since keep_locale_data()
_babel_load: Any = None  # Babel's own localedata.load
_inside = threading.local()  # Babel loading for real: its own calls pass through


class _Kept(dict):
    """One locale's data (or the global data): each entry read from kam's folder when
    first asked for, or, the first time, from Babel's data, and then kept there.
    `absent`: entries Babel's data lacks (Babel asks for some with a default)."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.absent = name, set()
        self._full: Any = None

    def __missing__(self, key: Any) -> Any:
        with _lock:
            if key in self.absent:
                raise KeyError(key)
            if not dict.__contains__(self, key):
                where, stamp = _entry_file(self.name, key), (*_stamp(self.name), key)
                found = read(where, stamp)
                if type(found) is not tuple:  # not kept yet
                    full = self.full()
                    found = (True, full[key]) if key in full else (False, None)
                    keep(where, stamp, found)
                present, value = found
                if not present:
                    self.absent.add(key)
                    raise KeyError(key)
                dict.__setitem__(self, key, value)
            return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:  # dict.get skips __missing__
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return self.get(key, _NONE) is not _NONE

    def copy(self) -> dict:  # a locale inheriting from this one: all of it
        return self.full().copy()

    def full(self) -> dict:
        """All of Babel's data for this locale, loaded as Babel loads it."""
        if self._full is None:
            self._full = _babel_global() if self.name == GLOBAL else _babel_locale(self.name)
        return self._full


_NONE = object()
GLOBAL = "<global>"  # the name of the global data's file (no locale's name has <>)


def keep_locale_data() -> None:
    """From now on, Babel reads the locale data kam has read before from kam's folder
    (and adds to it what it reads anew). Once per process, and again after
    `forget_locale_data()`; nothing when Babel is not as this module knows it."""
    from babel import core, localedata

    with _lock:
        if _babel_load is None:
            if not callable(getattr(localedata, "load", None)) or not hasattr(core, "_global_data"):
                return
            _take_over(localedata)
        if core._global_data is None:
            core._global_data = _Kept(GLOBAL)


def forget_locale_data() -> None:
    """Let go of what was read (kam.i18n.release_locale_data), to read it again."""
    with _lock:
        _kept.clear()
        core = sys.modules.get("babel.core")
        if core is not None and isinstance(getattr(core, "_global_data", None), _Kept):
            core._global_data = None


def _take_over(localedata: Any) -> None:
    global _babel_load
    _babel_load = localedata.load

    def load(name: Any, merge_inherited: bool = True, *args: Any, **kwargs: Any) -> dict:
        if args or kwargs or not merge_inherited or getattr(_inside, "loading", False):
            return _babel_load(name, merge_inherited, *args, **kwargs)
        name = os.path.basename(name)
        if not localedata.exists(name):
            return _babel_load(name)  # Babel's own error
        with _lock:
            found = _kept.get(name)
            if found is None:
                found = _kept[name] = _Kept(name)
        return found

    load.__doc__ = _babel_load.__doc__
    localedata.load = load


def _babel_locale(name: str) -> dict:
    _inside.loading = True
    try:
        return _babel_load(name)
    finally:
        _inside.loading = False


def _babel_global() -> dict:
    from babel import core

    with open(Path(core.__file__).with_name("global.dat"), "rb") as file:
        return _pickle().load(file)


def _entry_file(name: str, key: object) -> str:
    from babel import localedata

    return named(f"babel-{name.strip('<>')}-{key}", f"{localedata.__file__}\0{name}\0{key!r}")


@cache
def _stamp(name: str) -> tuple:
    """What the kept data of `name` was read from: Babel's version and data file."""
    import babel
    from babel import core, localedata

    if name == GLOBAL:
        source = Path(core.__file__).with_name("global.dat")
    else:
        source = Path(localedata.resolve_locale_filename(name))
    return (FORMAT, babel.__version__, file_stamp(source) or str(source))
