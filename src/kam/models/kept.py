"""The Document model's validator, its schema generated once and kept between runs.

Why: pydantic generates a model's core schema in Python, walking every field of the
51 models: about 13 ms of a 0.25 s `kam validate`, the same in every run. The schema
it generates is plain data (dicts, and references to kam's classes and validators by
name): kam keeps it in its private folder (kam.cache) and, in the next run, hands it
back to pydantic, which builds the validator and serializer from it as it always does
(about 1 ms in pydantic-core).

The kept schema is used only when nothing that made it has changed: pydantic's and
pydantic-core's versions, Python's, and every module the models may import (kam/models/
and the modules at the top of kam's package, by tests/test_architecture.py's levels: their
size and time); else pydantic generates it again, and that one is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from kam import cache as kept_files

PACKAGE = Path(__file__).resolve().parents[1]  # src/kam (or site-packages/kam)
#: What pydantic builds from a schema (mocks until it is built).
_BUILT = ("__pydantic_core_schema__", "__pydantic_validator__", "__pydantic_serializer__")


def ready(model: type[BaseModel]) -> None:
    """Build `model`'s validator now, from its kept schema when there is one."""
    if model.__pydantic_complete__:
        return
    name, stamp = kept_files.named(f"schema-{model.__qualname__}", str(PACKAGE)), _stamp()
    schema = kept_files.read(name, stamp)
    if isinstance(schema, dict):
        mocks = {name: model.__dict__.get(name) for name in _BUILT}
        try:
            with _handed_back(model, schema):
                model.model_rebuild()
        except Exception:  # noqa: BLE001 - kept wrong (pydantic-core checks it): made again
            for attribute, mock in mocks.items():  # as pydantic left them, unbuilt
                setattr(model, attribute, mock)
        if model.__pydantic_complete__:
            return
    model.model_rebuild(force=True)
    kept_files.keep(name, stamp, model.__pydantic_core_schema__)


@contextlib.contextmanager
def _handed_back(model: type[BaseModel], schema: dict) -> Iterator[None]:
    """While the block runs, pydantic's schema generation returns `schema` for `model`
    (generated and cleaned before): the rest of pydantic's building is its own."""
    from pydantic._internal import _model_construction as construction

    generator = getattr(construction, "GenerateSchema", None)
    generate = getattr(generator, "generate_schema", None)
    clean = getattr(generator, "clean_schema", None)
    if generate is None or clean is None:  # another pydantic: generated as usual
        yield
        return

    def generate_kept(self, obj, *args, **kwargs):
        return schema if obj is model else generate(self, obj, *args, **kwargs)

    def clean_kept(self, found, *args, **kwargs):
        return schema if found is schema else clean(self, found, *args, **kwargs)

    generator.generate_schema, generator.clean_schema = generate_kept, clean_kept
    try:
        yield
    finally:
        generator.generate_schema, generator.clean_schema = generate, clean


@cache
def _stamp() -> tuple[str, ...]:
    """What makes the schema: the libraries' and Python's versions, and the modules."""
    import pydantic
    import pydantic_core

    files = hashlib.sha256()
    for path, size, mtime in sorted(_modules()):
        files.update(f"{path}\0{size}\0{mtime}\n".encode())
    return (pydantic.VERSION, pydantic_core.__version__, sys.version, files.hexdigest())


def _modules() -> Iterator[tuple[str, int, int]]:
    """The models' modules, and those at the top of the package (the levels below)."""
    for folder in (PACKAGE / "models", PACKAGE):
        for entry in os.scandir(folder):
            if entry.name.endswith(".py") and entry.is_file():
                found = entry.stat()
                yield entry.path, found.st_size, found.st_mtime_ns
