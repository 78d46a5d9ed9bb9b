"""Python's cycle collector, run rarely while kam works.

Why: a kam command makes hundreds of thousands of small objects that live until it
ends (the modules it imports, the pydantic schemas it builds, Babel's locale data, a
PDF's layout). At Python's default threshold the collector runs through all of them
again and again: a sixth of a `kam validate` (0.05 s), a tenth of a cold PDF build.
Within `rarely()` what exists is frozen out of its reach and the young generation is
collected after THRESHOLD allocations instead of 700. Garbage with cycles still goes,
later; nothing else waits for the collector (reference counting frees it at once).

The command line holds it for the whole command (kam.cli.main), and a PDF render for
its layout and writing (kam.render.pdf), so that code called as a library gets it too.
Nested, it freezes what was made since and leaves the restoring to the outermost.
Measured in docs/performance.md."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Allocations between two young-generation collections (Python's default: 700).
THRESHOLD = 100_000

_depth = 0


@contextlib.contextmanager
def rarely() -> Iterator[None]:
    """Freeze what exists and raise the young generation's threshold; the outermost
    restores the thresholds and unfreezes when it ends."""
    global _depth
    gc.freeze()
    _depth += 1
    if _depth == 1:
        thresholds = gc.get_threshold()
        gc.set_threshold(THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            # What was made within goes to the oldest generation without a young
            # collection going through it first (it would, at the restored threshold:
            # 20 ms at the end of a `kam validate`), and is collected with it.
            gc.freeze()
            gc.set_threshold(*thresholds)
            gc.unfreeze()
