"""A progress bar for batch builds on a terminal (rich); plain lines elsewhere (CI)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from kam.cli.printing import err
from kam.i18n import _, speaking

if TYPE_CHECKING:
    from kam.pipeline.batch import Outcome


class Bar:
    """Counts the builds done; steps aside while a build's problems are printed."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task(_("building"), total=total)
        self.progress.start()

    def advance(self, outcome: Outcome, report: Callable[[], None]) -> None:
        if not outcome.ok or outcome.problems:
            self.progress.stop()
            report()
            self.progress.start()
        self.progress.advance(self.task)

    def close(self, outcomes: list[Outcome]) -> None:
        self.progress.stop()
        built = sum(1 for o in outcomes if o.ok)
        languages = {o.language for o in outcomes}
        with speaking(languages.pop() if len(languages) == 1 else None):
            err(_("built {built} of {total} documents", built=built, total=len(outcomes)))


def progress_bar(total: int, quiet: bool) -> Bar | None:
    """A bar for a batch on a terminal; None for one file, with --quiet, or in CI."""
    if total < 2 or quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return Bar(total)
