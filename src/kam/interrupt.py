"""Signals that end a build (Ctrl-C, SIGTERM, SIGHUP) end it cleanly.

The handlers raise at once, so `finally` blocks remove temporary files. Some code
swallows even BaseException (WeasyPrint draws each SVG inside `except BaseException`),
so the signal is also recorded: `check()` raises it again before anything is renamed
into place, and a build that was interrupted never writes its outputs.
"""

from __future__ import annotations

import signal

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

received: int | None = None  # the first signal received by this process


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _handle(signum: int, _frame: object) -> None:
    global received
    if received is None:
        received = signum
    _raise(signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP in this process (the main thread only)."""
    for signum in SIGNALS:
        signal.signal(signum, _handle)


def check() -> None:
    """Raise again a signal that was received, even if something swallowed it."""
    if received is not None:
        _raise(received)
