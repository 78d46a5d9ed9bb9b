"""Command line: parses arguments, calls the core, prints results, picks exit codes.

Input: the command line (`sys.argv`) and the environment (LANG, NO_COLOR). Output:
what is printed on stdout and stderr, and the exit code (`app`: 0 done, 1 an invalid
document or a score under `--min-score`, 2 a usage error, 3 an internal error); the
files are written by the core (kam.pipeline, kam.starter), never here.

One module per command (validate, build, check, diff, portfolio, init, schema), each a
typer signature and a short body that calls the core; `app` holds the typer app, the
exit codes and the shared options, `choices` the choices derived from kam.registry,
`printing` and `progress` what is printed, `usage` the language of the command line
and its usage errors. Heavy modules are imported inside the commands, so `kam --help` and
`kam validate` stay fast.

Messages are written in the document's language once it is read (kam.load sets it);
before that, in the language of the document named on the command line (its
`locale:` line), or of `--locale` for `kam init`, or of the environment (LANG).

`kam.cli.app` names the typer app here (`from kam.cli import app`); import the module's
other names with `from kam.cli.app import …`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

from kam import cache
from kam.cli.app import EXIT_INTERNAL, app
from kam.i18n import N_, _

# Importing a command module registers its command; `kam --help` lists them in this order.
# isort: off
from kam.cli import validate, build, check, diff, portfolio, init, schema  # noqa: F401
# isort: on

__all__ = ["app", "main", "run"]

INTERRUPTED = N_("kam: interrupted; no output was written by the build in progress")


def main() -> None:
    """Entry point: run the app, turning unexpected exceptions into a short report."""
    if os.environ.get("NO_COLOR"):
        import typer.core

        typer.core.HAS_RICH = False  # plain help text: no colors, no styles
    from kam import cycles, interrupt

    interrupt.install()
    _without_pydantic_plugins()
    try:
        with cycles.rarely():
            code = _run()
    except KeyboardInterrupt:  # Ctrl-C in the instant between the command's end and
        code = 130  # the next line: the command had ended (see _after_the_command)
    except SystemExit as exc:  # SIGTERM or SIGHUP in that same instant
        code = exc.code
    _after_the_command()
    cache.save_generated_code()  # what kam.entry set up, compiled anew in this run
    cache.save_compiled_patterns()
    sys.exit(code)


def run() -> None:
    """The `kam` command (and `python -m kam`): main(), then the process ends at once,
    its output flushed, without tearing the interpreter down.

    Why: a command leaves hundreds of thousands of objects behind (a PDF's layout,
    the schemas, the locale data); Python's shutdown collects and frees them one by
    one, about 0.5 s after a PDF build of ribera, after the work is done and
    reported. Nothing is left for it to do: the outputs are
    written and renamed into place, the pools and forked copies are joined, temporary
    folders are removed by the commands that made them. main() itself exits as usual
    (SystemExit), for code that calls it in-process."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = None
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # what sys.exit does with a message
        _err(str(code))
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe (kam … | head) included
            stream.flush()
    os._exit(status)


def _run() -> int | str | None:
    """Run the command; its exit code. Never raises (but for a signal arriving after
    the command has ended, before main() stops handling them)."""
    from kam import interrupt

    try:
        app()
    except SystemExit as exc:
        if interrupt.received is not None and exc.code:
            # typer turns Ctrl-C into a silent exit 130; SIGTERM and SIGHUP exit 128 + N.
            _err(_(INTERRUPTED))
        return exc.code
    except KeyboardInterrupt:
        _err(_(INTERRUPTED))
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence
        _err(_internal_error(exc))
        return EXIT_INTERNAL
    return 0


def _without_pydantic_plugins() -> None:
    """The kam command validates without pydantic's plugins: pydantic's plugin loader
    is a stand-in that finds none, for this process (kam.stand_ins; placed without
    importing pydantic, which would cost `kam --help` 40 ms).

    Why: pydantic looks for plugins the first time it builds a validator (typer builds
    one for each command-line parameter), and its loader imports importlib.metadata
    (and the email package with it) to read the entry points of every installed
    package: about 15 ms of every command, a twentieth of a `kam validate`. Plugins
    observe validations (logfire, for instance); kam's are its own business, and
    typer already builds its validators with plugins disabled. Should pydantic ask
    the loader for another name, the real loader takes its place."""
    from kam import stand_ins

    stand_ins.place("pydantic.plugin._loader", get_plugins=lambda: ())


def _after_the_command() -> None:
    """Once the command has ended, a signal ends the process at once, quietly, with
    128 + N (130 for Ctrl-C).

    Why: the process may still take a moment to exit (worker pools joined, atexit
    callbacks), and a Ctrl-C or SIGTERM arriving then used to escape main() as an
    unhandled KeyboardInterrupt: a traceback and death by signal (-2) instead of an
    exit code. The command's outputs are written (or not) by then and its report
    printed, so no "interrupted" message is given (it would say nothing was written).
    Ending at once, rather than ignoring the signal, also keeps a process that called
    main() in-process (tests) stoppable by SIGTERM and Ctrl-C afterwards."""
    from kam import interrupt

    if threading.current_thread() is threading.main_thread():
        for signum in interrupt.SIGNALS:
            signal.signal(signum, _exit_at_once)
    # CPython (its `unhandled_keyboard_interrupt` flag) can remember a Ctrl-C that
    # kam handled as "unhandled" when it landed in code run from source text, and
    # `python -m kam` then ended by SIGINT (-2) instead of exiting 130: about 1 run in
    # 15 of tests/test_outputs.py's signal test under load, never once with this line.
    # Running a string resets the flag.
    exec("pass", {})  # noqa: S102 - a constant: nothing from outside is run


def _exit_at_once(signum: int, _frame: object) -> None:
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(128 + signum)


def _internal_error(exc: Exception) -> str:
    from kam.cli.printing import clean

    detail = clean(f"{type(exc).__name__}: {exc}")
    if len(detail) > 300:
        detail = detail[:299] + "…"
    return _(
        "kam: internal error ({detail}). This is a bug in kam; "
        "please report it with the command you ran.",
        detail=detail,
    )


def _err(text: str) -> None:
    from kam.cli.printing import err  # only when there is something to say

    err(text)
