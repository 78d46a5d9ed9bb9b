"""Validate: plain values with positions → a `Document`, or problems in plain words.

Input: `Loaded` (kam.load). Output: the validated `Document` (kam.models), or None;
every problem goes to the document's problems at the position where it was written.
`messages` words pydantic's errors, `references` checks what a schema cannot (ids
that resolve, shares that add up: errors), `advice` gives best-practice warnings.
"""

from __future__ import annotations

from pydantic import ValidationError

from kam.load import Loaded
from kam.models import Document, kept
from kam.validate import advice, messages, references


def validate(loaded: Loaded) -> Document | None:
    """Validate loaded data; problems go to `loaded.problems`."""
    data = loaded.data
    if not isinstance(data, dict):
        return None
    kept.ready(Document)
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        messages.report(exc, loaded, Document)
        return None
    references.check(doc, loaded)
    advice.check(doc, loaded)
    return doc
