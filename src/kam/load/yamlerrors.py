"""YAML syntax errors in plain words, in the user's language.

PyYAML says where it gave up ("mapping values are not allowed here", one line after
`impact:5`; "found unexpected end of stream", thirty lines after an unclosed quote).
`explain` turns its error into what a person can act on: what is wrong, where the
mistake is (the opening quote, the line missing a space after ':', the tab itself) and
how to fix it, plus the source line with a caret under the column (`excerpt`).

PyYAML has no error codes, so its errors are told apart by its own (stable) wording;
the last tokens the parser saw tell the rest. Anything not recognised
still gets a plain message at PyYAML's position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

from kam.i18n import LANGUAGES, _
from kam.text import UNPRINTABLE

# A colon stuck to the text after it (`impact:5`), but not a URL's `://` nor a time.
_STUCK_COLON = re.compile(r"[^\s:]:(?![\s/]|$)")
_LOCALE = re.compile(r"""^locale[ \t]*:[ \t]*["']?([A-Za-z]{2})(?![A-Za-z])""", re.M)
_WIDEST = 100  # characters of a source line shown around the column


@dataclass(frozen=True)
class Explained:
    """A syntax error in plain words, at the place of the mistake (1-based)."""

    message: str
    line: int
    col: int


def language_of(text: str) -> str | None:
    """The language of a document's top-level `locale:` line, read in the raw text (for
    the messages about a file whose YAML cannot be read)."""
    found = _LOCALE.search(text[:200_000])
    code = found.group(1).lower() if found else None
    return code if code in LANGUAGES else None


def excerpt(text: str, line: int, col: int) -> str:
    """The source `line` (1-based) indented, and a caret under `col`: tabs shown as four
    spaces, unprintable characters escaped, a long line cut around the column."""
    rows = text.split("\n", line)
    if line < 1 or line > len(rows):
        return ""
    source = rows[line - 1].rstrip("\r\n")
    start = max(0, min(col - 1 - _WIDEST // 2, len(source) - _WIDEST))
    shown = source[start : start + _WIDEST]
    cells = [_cell(c) for c in shown]
    before = sum(w for _t, w in cells[: col - 1 - start])
    row = "".join(t for t, _w in cells).rstrip()
    head, tail = ("…" if start else ""), ("…" if start + _WIDEST < len(source) else "")
    return f"    {head}{row}{tail}\n    {' ' * (before + len(head))}^"


def _cell(char: str) -> tuple[str, int]:
    """How a character is shown in an excerpt, and how many columns it takes."""
    if char == "\t":
        return "    ", 4
    if UNPRINTABLE.match(char):
        escaped = f"\\u{ord(char):04x}"
        return escaped, len(escaped)
    if unicodedata.combining(char):
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in "WF" else 1


def explain(exc: yaml.MarkedYAMLError, text: str, tokens: list[yaml.Token]) -> Explained:
    """`exc` (raised by PyYAML's pure-Python parser on `text`) in plain words;
    `tokens`: the last ones the parser scanned before it."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at = _At(text, mark)
    at.tokens = tokens
    for test, handler in _HANDLERS:
        if test(problem, context):
            found = handler(exc, text, at)
            if found is not None:
                return found
    return at.say(
        _(
            "kam cannot read the YAML here; check this line and the one above: the "
            "indentation, the ': ' after each key, and that quotes and brackets are closed"
        )
    )


class _At:
    """A position in the text (0-based line and column), and the line there."""

    def __init__(self, text: str, mark: yaml.Mark | None):
        self.text = text
        self.line = mark.line if mark else 0
        self.col = mark.column if mark else 0
        self.index = mark.index if mark else 0
        self.tokens: list[yaml.Token] = []

    @classmethod
    def of(cls, text: str, line: int, col: int) -> _At:
        at = cls(text, None)
        at.line, at.col = line, col
        return at

    def source(self, line: int | None = None) -> str:
        return _line(self.text, self.line if line is None else line)

    def say(self, message: str, line: int | None = None, col: int | None = None) -> Explained:
        line = self.line if line is None else line
        return Explained(message, line + 1, (self.col if col is None else col) + 1)


def _line(text: str, line: int) -> str:
    rows = text.split("\n", line + 1)
    return rows[line].rstrip("\r") if line < len(rows) else ""


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _quoted(value: str) -> str:
    """`value` as a quoted YAML scalar: double quotes unless it holds `"` or `\\`."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _value_start(row: str) -> int:
    """Where the value of a `key: value` (or `- value`) line starts (0-based)."""
    found = re.match(r"\s*(?:-\s+)*(?:[^\s'\"#][^:#]*?:\s+)?", row)
    return found.end() if found else _indent(row)


def _value(row: str, start: int) -> str:
    """The value written from `start` to the end of the line (a comment cut off)."""
    value = re.split(r"\s#", row[start:], maxsplit=1)[0].strip()
    return value if len(value) <= 60 else value[:59] + "…"


def _name(row: str) -> str:
    """How to name a line in a message: its key, or its list item."""
    stripped = row.strip()
    key = re.match(r"([^:#]+?):(?:\s|$)", stripped)
    name = key.group(1) if key and not stripped.startswith("- ") else stripped
    return name if len(name) <= 40 else name[:39] + "…"


# --- one handler per kind of mistake --------------------------------------------------


def _tab(exc, text: str, at: _At) -> Explained:
    row = at.source()
    if not row[: at.col].strip(" \t-"):
        return at.say(
            _(
                "this line is indented with a tab; YAML indents with spaces only: "
                "replace the tab with spaces"
            )
        )
    return at.say(_("a tab here; YAML separates with spaces: replace the tab with a space"))


def _reserved(exc, text: str, at: _At, char: str | None = None) -> Explained:
    """A value that starts with a character YAML keeps for itself (`@`, `` ` ``, `%`,
    `*`, `&`, `|`, `>`, `?`, `,`)."""
    char = char or text[at.index : at.index + 1]
    row = at.source()
    if char == "*" and row[: at.col].strip() in ("", "-") and row[at.col + 1 : at.col + 2] == " ":
        item = _value(row, at.col + 1)
        return at.say(_("a list item starts with '-', not '*': write '- {item}'", item=item))
    value = _value(row, at.col)
    return at.say(
        _(
            "a value cannot start with '{char}' (YAML keeps it for itself); "
            "quote the value: {fixed}",
            char=char,
            fixed=_quoted(value),
        )
    )


def _anchor(exc, text: str, at: _At) -> Explained:
    return _reserved(exc, text, _At(text, exc.context_mark))


def _undefined_alias(exc, text: str, at: _At) -> Explained:
    return _reserved(exc, text, at, "*")


def _unclosed_quote(exc, text: str, at: _At) -> Explained:
    opening = _At(text, exc.context_mark)
    quote = text[opening.index]
    return opening.say(
        _(
            "the {quote} opened here is never closed: add {quote} at the end of the value",
            quote=quote,
        )
    )


def _escape(exc, text: str, at: _At) -> Explained:
    """`"C:\\datos"`: a backslash inside double quotes."""
    row = at.source()
    backslash = max(row.rfind("\\", 0, at.col + 1), 0)
    opening = exc.context_mark.column if exc.context_mark.line == at.line else -1
    closing = row.find('"', at.col)
    if opening < 0 or closing < opening:
        return at.say(
            _(
                "inside double quotes a backslash (\\) starts an escape such as \\n: "
                "write \\\\ for a backslash"
            ),
            col=backslash,
        )
    inner = row[opening + 1 : closing]
    return at.say(
        _(
            "inside double quotes a backslash (\\) starts an escape such as \\n: "
            "write \\\\ for a backslash, or use single quotes: {fixed}",
            fixed="'" + inner.replace("'", "''") + "'",
        ),
        col=backslash,
    )


def _mapping_value(exc, text: str, at: _At) -> Explained:
    """`: ` where no key can start: the end of a plain text that began earlier (after
    `impact:5`, a line without `:`, a line indented more) or a `: ` inside a value."""
    scalar = _scalar_before(at)
    if scalar is not None and scalar.start_mark.line < at.line:
        first = _At(text, scalar.start_mark)
        return _stuck_colon(first) or _no_colon(first) or _indented_more(first, at)
    row = at.source()
    start = _value_start(row[: at.col])
    return at.say(
        _(
            "a ': ' inside a value: quote the value: {fixed}",
            fixed=_quoted(_value(row, start)),
        )
    )


def _simple_key(exc, text: str, at: _At) -> Explained:
    first = _At(text, exc.context_mark)
    return _stuck_colon(first) or _no_colon(first, force=True)  # type: ignore[return-value]


def _stuck_colon(first: _At) -> Explained | None:
    """`impact:5`: a key and its value without the space YAML needs after `:`."""
    row = first.source()
    stuck = _STUCK_COLON.search(row, first.col)
    if stuck is None or re.match(r"\s*\d+:\d", row[first.col :]):
        return None
    colon = stuck.start() + 1
    written = row[first.col :].split()[0] if row[first.col :].split() else row[first.col :]
    return first.say(
        _(
            "a space is missing after ':' in '{written}': write '{fixed}'",
            written=written,
            fixed=row[first.col : colon + 1] + " " + row[colon + 1 :].strip(),
        ),
        col=colon,
    )


def _no_colon(first: _At, force: bool = False) -> Explained | None:
    """A line that starts a key but has no `:`."""
    row = first.source()
    if not force and row[: first.col].strip(" -"):
        return None
    return first.say(
        _(
            "'{text}' has no ':'; write a key, ':', a space and its value "
            "(such as 'name: Acme'), or join this line to the one above",
            text=_value(row, first.col),
        )
    )


def _indented_more(first: _At, at: _At) -> Explained:
    row = at.source()
    above = first.source()
    return at.say(
        _(
            "'{key}' is indented more than '{above}' on line {line}: the keys of one "
            "mapping start in the same column (column {column})",
            key=_name(row),
            above=_name(above),
            line=first.line + 1,
            column=_indent(above) + 1,
        ),
        col=_indent(row),
    )


def _never_closed(opening: _At, bracket: str) -> Explained:
    closer = "}" if bracket == "{" else "]"
    return opening.say(
        _(
            "the '{bracket}' opened here is never closed: add '{closer}' at the end of the value",
            bracket=bracket,
            closer=closer,
        )
    )


def _no_content(exc, text: str, at: _At) -> Explained:
    """A value missing: at the end of the file inside `[` or `{` (`plan: [`), the
    bracket never closed; else a character YAML keeps for itself."""
    if "<stream end>" in (exc.problem or ""):
        opened = []
        try:  # the file again, only here: which brackets are still open at its end
            for token in yaml.scan(text):
                if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                    opened.append(token)
                elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
                    opened = opened[:-1]
        except yaml.YAMLError:
            pass
        if opened:
            opening = _At(text, opened[-1].start_mark)
            return _never_closed(opening, text[opening.index])
    return _reserved(exc, text, at)


def _flow(exc, text: str, at: _At) -> Explained:
    """Inside `{…}` or `[…]`: a bracket never closed, or a comma missing."""
    opening = _At(text, exc.context_mark)
    bracket = text[opening.index]
    closer = "}" if bracket == "{" else "]"
    outdented = _indent(at.source()) <= _indent(opening.source())
    if at.index >= len(text.rstrip()) or (at.line > opening.line and outdented):
        return _never_closed(opening, bracket)
    before = _token_before(at)
    if isinstance(before, yaml.ScalarToken) and not before.style and _spans(before):
        first = _At(text, before.start_mark)
        return first.say(
            _(
                "a ',' is missing at the end of this line: inside '{bracket}…{closer}' "
                "entries are separated by ','",
                bracket=bracket,
                closer=closer,
            ),
            col=len(first.source().rstrip()),
        )
    return at.say(
        _(
            "inside '{bracket}…{closer}' a ',' or '{closer}' should come here; quote a "
            "value that holds ':', ',' or brackets",
            bracket=bracket,
            closer=closer,
        )
    )


def _block_end(exc, text: str, at: _At) -> Explained | None:
    """Something where a mapping or a list should have ended."""
    problem = exc.problem
    before = _token_before(at)
    if isinstance(before, yaml.ScalarToken) and before.style and _spans(before):
        return _runaway_quote(_At(text, before.start_mark), before)
    if "<block mapping start>" in problem or "<block sequence start>" in problem:
        return _indentation(text, at)
    if problem.endswith("'-'"):
        return at.say(
            _(
                "a list item among the keys of a mapping: put the list under a key of "
                "its own, or write this item as 'key: value'"
            )
        )
    if problem.endswith("'?'"):
        return at.say(
            _(
                "'{key}' is a key among the items of a list: start it with '- ' to make "
                "it an item, or move it out of the list",
                key=_name(at.source()),
            )
        )
    if problem.endswith("'<scalar>'"):
        return _after_value(text, at, before)
    if problem[-2:-1] in ("]", "}"):
        return at.say(
            _("a '{char}' that closes nothing: remove it, or quote the value", char=problem[-2])
        )
    return None


def _spans(token: yaml.Token) -> bool:
    return token.start_mark.line < token.end_mark.line


def _runaway_quote(opening: _At, token: yaml.ScalarToken) -> Explained:
    quote = opening.text[opening.index]
    return opening.say(
        _(
            "the {quote} opened here is closed only on line {line}: add {quote} at the "
            "end of the value",
            quote=quote,
            line=token.end_mark.line + 1,
        )
    )


def _after_value(text: str, at: _At, before: yaml.Token | None) -> Explained | None:
    """Text after a quoted value (`"Plan" 2027`, `'l'usine'`) or after a bracketed one
    (`[Draft] plan`)."""
    row = at.source()
    start = _value_start(row[: at.col])
    value = _value(row, start)
    if isinstance(before, yaml.ScalarToken) and before.style in ("'", '"'):
        inner = value[1:-1] if len(value) > 1 and value[0] == value[-1] == before.style else value
        return at.say(
            _(
                "text after the closing quote; quote the whole value, writing the quotes "
                "inside with the other kind: {fixed}",
                fixed=_quoted(inner),
            )
        )
    if isinstance(before, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        return at.say(
            _(
                "a value that starts with '{bracket}' is read as a list or a mapping; "
                "quote the value: {fixed}",
                bracket=row[start : start + 1],
                fixed=_quoted(value),
            ),
            col=start,
        )
    if not row[: at.col].strip(" -"):
        return _no_colon(at, force=True)  # a line of text among keys
    return None


def _indentation(text: str, at: _At) -> Explained:
    """A key or item indented to a column where nothing above it starts."""
    row = at.source()
    column = _indent(row)
    deeper = outer = None
    lowest = len(text)  # more than any indentation
    rows = text.split("\n", at.line)[: at.line]
    for line in range(at.line - 1, -1, -1):
        above = rows[line].rstrip("\r")
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        indent = _indent(above)
        if indent < lowest:
            lowest = indent
            if indent > column:
                deeper = (line, above)
            elif indent < column:
                outer = (line, above)
                break
    if deeper is None and outer is not None:
        return _indented_more(_At.of(text, outer[0], _indent(outer[1])), at)
    if deeper is None or outer is None:
        return at.say(
            _(
                "'{key}' is indented like nothing above it: line it up with the keys "
                "of its mapping",
                key=_name(row),
            ),
            col=column,
        )
    return at.say(
        _(
            "'{key}' is indented less than '{above}' on line {line}, and more than "
            "'{outer}' on line {outer_line}: line it up with one of them (column "
            "{column} or {outer_column})",
            key=_name(row),
            above=_name(deeper[1]),
            line=deeper[0] + 1,
            outer=_name(outer[1]),
            outer_line=outer[0] + 1,
            column=_indent(deeper[1]) + 1,
            outer_column=_indent(outer[1]) + 1,
        ),
        col=column,
    )


# --- tokens around the error ----------------------------------------------------------


def _tokens_before(at: _At) -> list[yaml.Token]:
    """The last tokens the parser scanned that end at or before `at`."""
    return [t for t in at.tokens if t.end_mark.index <= at.index]


def _token_before(at: _At) -> yaml.Token | None:
    tokens = [t for t in _tokens_before(at) if t.start_mark.index < t.end_mark.index]
    return tokens[-1] if tokens else None


def _scalar_before(at: _At) -> yaml.ScalarToken | None:
    token = _token_before(at)
    return token if isinstance(token, yaml.ScalarToken) and not token.style else None


def _inline_item(exc, text: str, at: _At) -> Explained:
    return at.say(
        _(
            "a list item ('- ') cannot follow a key on its line: put each item on a line "
            "of its own below the key, or write the list as [a, b]"
        )
    )


def _document_start(exc, text: str, at: _At) -> Explained | None:
    """Text where the file's first key should be (a comment without its `#`)."""
    before = _token_before(at)
    if isinstance(before, yaml.ScalarToken) and not before.style:
        return _no_colon(_At(text, before.start_mark), force=True)
    return None


def _has(*words: str):
    return lambda problem, context: all(w in problem + "|" + context for w in words)


_HANDLERS = (
    (_has("found character '\\t'"), _tab),
    (_has("that cannot start any token"), _reserved),
    (_has("while scanning an a"), _anchor),  # an alias, an anchor
    (_has("found undefined alias"), _undefined_alias),
    (_has("while scanning a block scalar"), _anchor),  # `|` or `>` starts a value
    (_has("while scanning a directive"), _anchor),  # `%` starts a line
    (_has("mapping keys are not allowed here"), _reserved),
    (_has("expected the node content, but found"), _no_content),
    (_has("while scanning a quoted scalar", "found unexpected end of stream"), _unclosed_quote),
    (_has("while scanning a double-quoted scalar", "escape"), _escape),
    (_has("mapping values are not allowed here"), _mapping_value),
    (_has("could not find expected ':'", "while scanning a simple key"), _simple_key),
    (_has("while parsing a flow"), _flow),
    (_has("expected <block end>, but found"), _block_end),
    (_has("sequence entries are not allowed here"), _inline_item),
    (_has("expected '<document start>'"), _document_start),
)


# --- mistakes that parse: found on the node graph -------------------------------------

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_COMMENT = re.compile(r"[ \t]*#(\S[^\n]*)")


def split_number(text: str, first: yaml.Node, second: yaml.Node, item: bool) -> str | None:
    """`{hours: 7,5 horas}`: inside `{…}` or `[…]` a comma separates entries, so a
    decimal comma splits a value in two (`7`, and a key or an item `5 horas`) without
    an error. `first` and `second` are neighbours there; `item`: in a list, where only
    a text after a number counts (`[1,2]` is two numbers)."""
    if not (
        isinstance(first, yaml.ScalarNode)
        and isinstance(second, yaml.ScalarNode)
        and not first.style
        and not second.style
        and first.tag in _NUMBER_TAGS
        and second.value[:1].isdigit()
        and (not item or second.tag not in _NUMBER_TAGS)
        and text[first.end_mark.index : second.start_mark.index] == ","
    ):
        return None
    written = text[first.start_mark.index : second.end_mark.index]
    return _(
        "a comma separates the entries of {{…}} and […], so '{written}' was read as "
        "'{first}' and '{second}': quote the value: {fixed}",
        written=written,
        first=first.value,
        second=second.value,
        fixed=_quoted(written),
    )


def comment_value(text: str, node: yaml.Node) -> tuple[str, int] | None:
    """`color: #ff0000`: a value that starts with `#` is a comment, and the key gets no
    value. The message, and where the `#` is."""
    if not isinstance(node, yaml.ScalarNode) or node.value or node.style:
        return None
    found = _COMMENT.match(text, node.start_mark.index)
    if found is None or "\n" in text[node.start_mark.index : found.start(1)]:
        return None
    comment = found.group(1).rstrip()
    comment = comment if len(comment) <= 40 else comment[:39] + "…"
    return (
        _(
            "'#{comment}' is read as a comment, so this value is empty; to write a value "
            "that starts with '#', quote it: {fixed}",
            comment=comment,
            fixed=_quoted("#" + comment),
        ),
        found.start(1) - 1,
    )


_KEY_WITHOUT_SPACE = re.compile(r"([A-Za-z_][\w-]*):([^\s/:][^\n]*)")
_ITEM_WITHOUT_SPACE = re.compile(r"-([^\s\d.-][^\n]*)")


def missing_space(text: str, node: yaml.ScalarNode) -> str | None:
    """`impact:5` or `-retail` on a line of its own, read as text: a key or a list
    item without the space YAML needs after `:` or `-` (when a key follows at the same
    indentation PyYAML fails instead, and `explain` says the same)."""
    if node.style or node.tag != "tag:yaml.org,2002:str":
        return None
    line_start = text.rfind("\n", 0, node.start_mark.index) + 1
    if text[line_start : node.start_mark.index].strip(" -"):
        return None  # after a key on its line: a text such as `ref: ABC:123`
    first = node.value.split(" ", 1)[0] if node.start_mark.line < node.end_mark.line else node.value
    if key := _KEY_WITHOUT_SPACE.fullmatch(first):
        fixed = key.group(1) + ": " + key.group(2)
        return _(
            "'{written}' is read as text; if '{key}' is a key, write '{fixed}'",
            written=first,
            key=key.group(1),
            fixed=fixed,
        )
    if item := _ITEM_WITHOUT_SPACE.fullmatch(first):
        fixed = "- " + item.group(1)
        return _(
            "'{written}' is read as text; for a list item, write '{fixed}'",
            written=first,
            fixed=fixed,
        )
    return None
