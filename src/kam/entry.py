"""The `kam` command's first module (and `python -m kam`'s): what kam keeps between
runs (kam.cache) is set up before the command line's libraries are imported, so that
their regular expressions and dataclasses, and kam's, come compiled; then kam.cli runs
the command, and keeps what was compiled anew when it ends.

Code that imports kam as a library (`from kam.cli import main`, the tests) does without
these two: importing kam changes nothing in the process. (Reading a document keeps the
Babel entries it formats with in any case, kam.cache.)"""

from __future__ import annotations

from kam import cache


def run() -> None:
    """The `kam` command."""
    cache.keep_compiled_patterns()  # before typer, pydantic and PyYAML are imported
    cache.keep_generated_code()  # before the modules that define dataclasses
    from kam.cli import run as command

    command()
