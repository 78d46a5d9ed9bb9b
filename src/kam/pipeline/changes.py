"""Two versions of a plan, each prepared once (load, validate, analyze), compared:
`kam diff OLD NEW`, `kam diff NEW --rev REV` and `kam build --compare-to REV`.

The old version is prepared in its own language context, so the messages and
numbers that follow are the new document's again (`kam.i18n.speaking`). Its problems
name its files as the user knows them: the path given, or `REV:folder/file.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kam.compare import Changes, Side, compare
from kam.compare import report as reports
from kam.compare.revision import RevisionError, Snapshot, snapshot
from kam.i18n import _, locale_code, speaking
from kam.pipeline import Prepared, prepare
from kam.problems import Omitted, Pos, Problem, Problems, Severity


@dataclass
class Diff:
    """What changed, the new version (the report speaks its language) and the name of
    the old one (a revision or a file)."""

    changes: Changes
    new: Prepared
    old_name: str

    def view(self) -> dict[str, object]:
        """The changes in the new document's words and formats (plain data)."""
        from kam.render.formats import Formatter, babel_locale
        from kam.render.labels import Labels

        doc = self.new.doc
        formatter = Formatter(babel_locale(doc.locale), doc.currency)
        return reports.view(self.changes, Labels(doc.locale), formatter, self.old_name)


def diff_files(old: Path, new: Path) -> tuple[Diff | None, Problems]:
    """Compare two projects. None, with the problems of both, when either is invalid."""
    with speaking(locale_code()):
        before, old_problems = prepare(old)
    after, problems = prepare(new)
    merged = _merged(old_problems, problems)
    if before is None or after is None:
        return None, merged
    return Diff(_compare(before, after), after, str(old)), merged


def diff_rev(entry: Path, rev: str) -> tuple[Diff | None, Problems]:
    """Compare a project with its own files at git revision `rev`."""
    before, old_problems = previous(entry, rev)
    if before is None:
        return None, old_problems
    after, problems = prepare(entry)
    merged = _merged(old_problems, problems)
    if after is None:
        return None, merged
    return Diff(_compare(before, after), after, rev), merged


def since(prepared: Prepared, rev: str) -> Diff | None:
    """What changed in a prepared document since revision `rev` (`kam build
    --compare-to`). Problems of the old version join the document's; None when it
    cannot be read or is invalid."""
    before, old_problems = previous(prepared.loaded.entry, rev)
    for problem in old_problems.errors:  # its warnings are not this build's business
        if not isinstance(problem, Omitted):
            prepared.problems.error(
                problem.message, problem.pos, problem.key, problem.code, problem.excerpt
            )
    if before is None:
        prepared.problems.error(
            _(
                "the version at '{rev}' cannot be compared (see above); build without "
                "--compare-to, or compare with another revision",
                rev=rev,
            )
        )
        return None
    return Diff(_compare(before, prepared), prepared, rev)


def previous(entry: Path, rev: str) -> tuple[Prepared | None, Problems]:
    """`entry`'s project as it was at `rev`, prepared (None when it cannot be read or
    is invalid); its problems name files as `REV:path`."""
    problems = Problems()
    try:
        with snapshot(entry, rev) as snap, speaking(locale_code()):
            before, found = prepare(snap.entry)
            problems = _renamed(found, snap)
    except RevisionError as exc:
        problems.error(str(exc))
        return None, problems
    return before, problems


def _compare(old: Prepared, new: Prepared) -> Changes:
    return compare(Side(old.doc, old.figures), Side(new.doc, new.figures))


def _renamed(problems: Problems, snap: Snapshot) -> Problems:
    """The problems of a snapshot, their files named `REV:folder/file`."""
    return _copied(problems.items, lambda pos: replace(pos, file=snap.name(pos.file)))


def _merged(first: Problems, second: Problems) -> Problems:
    return _copied([*first.items, *second.items])


def _copied(items: list[Problem], rename: Callable[[Pos], Pos] | None = None) -> Problems:
    """The problems again, in order (an `Omitted` count line is left out)."""
    out = Problems()
    for p in items:
        if isinstance(p, Omitted):
            continue
        pos = rename(p.pos) if rename and p.pos is not None else p.pos
        add = out.error if p.severity is Severity.ERROR else out.warning
        add(p.message, pos, p.key, p.code, p.excerpt)
    return out
