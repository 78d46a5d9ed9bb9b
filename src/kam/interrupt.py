"""Signals that end a build (Ctrl-C, SIGTERM, SIGHUP) end it cleanly.

The handlers raise at once, so `finally` blocks remove temporary files. Some code
swallows even BaseException (WeasyPrint draws each SVG inside `except BaseException`),
so the signal is also recorded: `check()` raises it again once such code returns, and
before anything is renamed into place, so an interrupted build never writes its outputs.

`install()` sets the handlers for the whole process (the command line does); a
`recording()` block sets them for its duration (the PDF stage, also when kam is used as
a library), and restores what was there.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

received: int | None = None  # the signal received during the current stage


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _handle(signum: int, _frame: object) -> None:
    global received
    if received is None:
        received = signum
    _raise(signum)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP in this process (from the main thread)."""
    if _main_thread():
        for signum in SIGNALS:
            signal.signal(signum, _handle)


def reset() -> None:
    """Forget a signal recorded by an earlier stage (a new build begins)."""
    global received
    received = None


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Record (and raise) the signals within the block; outside the main thread, where
    Python cannot handle signals, nothing changes."""
    reset()
    if not _main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _handle) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def check() -> None:
    """Raise again a signal that was received, even if something swallowed it."""
    if received is not None:
        _raise(received)
