"""Command line: parses arguments, calls the core, prints results, picks exit codes.

One module per command (validate, build, check, portfolio, init, schema), each a typer signature
and a short body that calls the core; `app` holds the typer app, the exit codes and the
shared options, `choices` the choices derived from kam.registry, `printing` and
`progress` what is printed. Heavy modules are imported inside the commands, so
`kam --help` and `kam validate` stay fast.

`kam.cli.app` names the typer app here (`from kam.cli import app`); import the module's
other names with `from kam.cli.app import …`.
"""

from __future__ import annotations

import os
import sys

from kam.cli.app import EXIT_INTERNAL, app

# Importing a command module registers its command; `kam --help` lists them in this order.
# isort: off
from kam.cli import validate, build, check, diff, portfolio, init, schema  # noqa: F401
# isort: on

__all__ = ["app", "main"]

INTERRUPTED = "kam: interrupted; no output was written by the build in progress"


def main() -> None:
    """Entry point: run the app, turning unexpected exceptions into a short report."""
    if os.environ.get("NO_COLOR"):
        import typer.core

        typer.core.HAS_RICH = False  # plain help text: no colors, no styles
    from kam import interrupt

    interrupt.install()
    try:
        app()
    except SystemExit as exc:
        if interrupt.received is not None and exc.code:
            # typer turns Ctrl-C into a silent exit 130; SIGTERM and SIGHUP exit 128 + N.
            _err(INTERRUPTED)
        raise exc from None
    except KeyboardInterrupt:
        _err(INTERRUPTED)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        _err(_internal_error(exc))
        sys.exit(EXIT_INTERNAL)


def _internal_error(exc: Exception) -> str:
    from kam.cli.printing import clean

    detail = clean(f"{type(exc).__name__}: {exc}")
    if len(detail) > 300:
        detail = detail[:299] + "…"
    return (
        f"kam: internal error ({detail}). This is a bug in kam; "
        "please report it with the command you ran."
    )


def _err(text: str) -> None:
    from kam.cli.printing import err  # only when there is something to say

    err(text)
