"""What a batch build shows while it runs. On a terminal (rich): a bar that names the
files being validated, then the files being built, with each finished file listed
above it and a summary at the end. Elsewhere (a pipe, CI): one plain line per file,
numbered. Either way, the invalid files are reported all at once, before any build."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kam.cli.printing import err, report
from kam.i18n import _, language, speaking

if TYPE_CHECKING:
    from kam.pipeline.batch import Outcome


class Lines:
    """One line per file, `[n/total]` before it when there are several."""

    def __init__(self, total: int, quiet: bool, verbose: bool, timings: bool):
        self.total = total
        self.done = 0
        self.numbered = True
        self.quiet, self.verbose, self.timings = quiet, verbose, timings

    def validating(self, entry: Path) -> None:
        pass

    def invalid(self, outcomes: list[Outcome], valid: int) -> None:
        """Every invalid file, then how many are built (when a batch has both)."""
        for outcome in outcomes:
            self._report(outcome)
        if outcomes and valid and not self.quiet:
            with speaking(_common(outcomes)):
                err(
                    _(
                        "{invalid} of {total} documents are invalid; building the other {valid}",
                        invalid=len(outcomes),
                        total=self.total,
                        valid=valid,
                    )
                )

    def started(self, entry: Path) -> None:
        pass

    def finished(self, outcome: Outcome) -> None:
        self._report(outcome)

    def _report(self, outcome: Outcome) -> None:
        self.done += 1
        counter = f"{self.done}/{self.total}" if self.total > 1 and self.numbered else ""
        report(outcome, self.quiet, self.verbose, self.timings, counter)

    def close(self, outcomes: list[Outcome]) -> None:
        pass


class Bar(Lines):
    """A rich progress bar naming the files in hand; it steps aside while a finished
    file is listed."""

    def __init__(self, total: int, quiet: bool, verbose: bool, timings: bool):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        super().__init__(total, quiet, verbose, timings)
        self.numbered = False  # the bar counts
        self.language = language()  # the command line's: its first document's
        self.checked = 0
        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("", total=total)
        self.building: list[str] = []
        self.progress.start()

    def validating(self, entry: Path) -> None:
        with speaking(self.language):
            description = _("validating {file}", file=_name(entry))
        self.progress.update(self.task, completed=self.checked, description=description)
        self.progress.refresh()
        self.checked += 1

    def invalid(self, outcomes: list[Outcome], valid: int) -> None:
        self.progress.stop()
        super().invalid(outcomes, valid)
        self.progress.reset(self.task, total=valid, description="")
        self.progress.start()

    def started(self, entry: Path) -> None:
        self.building.append(_name(entry))
        self._describe()
        self.progress.refresh()

    def finished(self, outcome: Outcome) -> None:
        name = _name(outcome.entry)
        if name in self.building:
            self.building.remove(name)
        self.progress.stop()
        report(outcome, self.quiet, self.verbose, self.timings)
        self.progress.advance(self.task)
        self._describe()
        self.progress.start()  # drawn again, as it is now

    def _describe(self) -> None:
        with speaking(self.language):
            text = _("building {files}", files=", ".join(self.building))
        self.progress.update(self.task, description=text if self.building else "")

    def close(self, outcomes: list[Outcome]) -> None:
        self.progress.stop()
        built = sum(1 for o in outcomes if o.ok)
        with speaking(_common(outcomes)):
            err(_("built {built} of {total} documents", built=built, total=len(outcomes)))


def _name(entry: Path) -> str:
    """The file as its outputs are named (`ribera/account.yaml` → ribera)."""
    from kam.pipeline import output_name

    return output_name(entry)


def _common(outcomes: list[Outcome]) -> str | None:
    """The documents' language when they share one; else None (the environment's)."""
    languages = {o.language for o in outcomes}
    return languages.pop() if len(languages) == 1 else None


def display(total: int, quiet: bool, verbose: bool, timings: bool) -> Lines:
    """A bar for a batch on a terminal; plain lines for one file, with --quiet, on a
    pipe or in CI."""
    if total < 2 or quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return Lines(total, quiet, verbose, timings)
    return Bar(total, quiet, verbose, timings)
