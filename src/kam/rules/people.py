"""A.2: who the contacts are and who owns them."""

from __future__ import annotations

from kam.analysis import Figures
from kam.i18n import _, label
from kam.load import Loaded
from kam.models import Document
from kam.rules.common import warn


def buying_centre(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A.2: the contacts should cover who decides, buys and influences."""
    status = figures.relationship
    if status is not None and status.roles_missing:
        warn(
            loaded,
            ("plan", "current_position", "contacts"),
            "buying-centre",
            _(
                "no contact has the buying-centre role(s) {roles}; who decides, buys and "
                "influences?",
                roles=", ".join(
                    label(doc.locale, f"enum.dmu_role.{role}").lower()
                    for role in status.roles_missing
                ),
            ),
        )


def bow_tie(doc: Document, figures: Figures, loaded: Loaded) -> None:
    """A.2: one team member owning every contact is a relationship that can be lost."""
    status = figures.relationship
    if status is not None and status.single_owner:
        warn(
            loaded,
            ("plan", "current_position", "contacts"),
            "bow-tie",
            _(
                "one team member ({owner}) owns every contact: a 'bow tie' relationship that "
                "is lost if that person leaves",
                owner=status.single_owner,
            ),
        )
