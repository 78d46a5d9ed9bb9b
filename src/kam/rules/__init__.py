"""Rules: what the plan's own logic says, read from the validated document and its
figures (`kam.analysis`), as warnings.

Input: the `Document`, its `Figures` and the loaded source (for positions). Output:
warnings added to the document's problems; `kam validate` and `kam build` print them
and `--strict` fails on them. Each rule is a small function; `check` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable

from kam.analysis import Figures
from kam.load import Loaded
from kam.models import Document
from kam.problems import key_path

Rule = Callable[[Document, Figures, Loaded], None]


def _warn(loaded: Loaded, loc: tuple[str | int, ...], message: str) -> None:
    loaded.problems.warning(message, loaded.source.pos(loc), key=key_path(loc))


def buying_centre(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A.2: the contacts should cover who decides, buys and influences."""
    status = figures.relationship
    if status is not None and status.roles_missing:
        _warn(
            loaded,
            ("plan", "current_position", "contacts"),
            "no contact has the buying-centre role(s) "
            f"{', '.join(status.roles_missing)}; who decides, buys and influences?",
        )


def bow_tie(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A.2: one team member owning every contact is a relationship that can be lost."""
    status = figures.relationship
    if status is not None and status.single_owner:
        _warn(
            loaded,
            ("plan", "current_position", "contacts"),
            f"one team member ({status.single_owner}) owns every contact: a 'bow tie' "
            "relationship that is lost if that person leaves",
        )


RULES: tuple[Rule, ...] = (buying_centre, bow_tie)


def check(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """Run every rule; findings go to `loaded.problems`."""
    for rule in RULES:
        rule(doc, figures, loaded)
