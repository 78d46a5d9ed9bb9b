"""Modules that stand in for a library's own until one of their names is used.

kam places them where a library imports a module it seldom needs (fontTools' subsetting
while WeasyPrint is imported, kam.render.pdf) or one kam does without (pydantic's plugin
loader, kam.cli). A stand-in has the names it is given; any other name imports the real
module in its place, and the stand-ins of its packages with it, and is read from it.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def place(name: str, **names: Any) -> bool:
    """Put a stand-in for module `name` in sys.modules, with `names`; False (and
    nothing done) when the module, or a stand-in, is there already."""
    if name in sys.modules:
        return False
    stand_in = ModuleType(name)
    stand_in.__getattr__ = functools.partial(real_attribute, name)  # type: ignore[method-assign]
    stand_in.__kam_stand_in__ = True  # type: ignore[attr-defined]
    for key, value in names.items():
        setattr(stand_in, key, value)
    sys.modules[name] = stand_in
    return True


def forget(name: str) -> None:
    """Take the stand-in for `name` out of sys.modules (a real module stays)."""
    if getattr(sys.modules.get(name), "__kam_stand_in__", False):
        del sys.modules[name]


def real_attribute(module: str, attribute: str) -> Any:
    """`module.attribute`, the real module imported first, in place of its stand-in
    and those of its packages."""
    if attribute.startswith("__"):  # the import system asking (__path__, __file__)
        raise AttributeError(attribute)
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        forget(".".join(parts[:end]))
    return getattr(importlib.import_module(module), attribute)


def real_function(module: str, name: str) -> Callable[..., Any]:
    """A function standing for `module.name`: calling it imports the real one."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return real_attribute(module, name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call
