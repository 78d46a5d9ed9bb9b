"""What changed between two versions of a plan (`kam diff`, `kam build --compare-to`).

`changes.compare(old, new)` matches two prepared documents (each a `Side`: its
`Document` and the `Figures` computed once by `kam.analysis.analyze`) item by item;
`report` words the result in the new document's language (text, Markdown, the
document's section) or keeps its raw values (JSON); `revision` reads a project as it
was at a git revision. The pipeline prepares both sides; this room reads no YAML.
"""

from kam.compare.changes import Change, Changes, FigureChange, Side, compare

__all__ = ["Change", "Changes", "FigureChange", "Side", "compare"]
