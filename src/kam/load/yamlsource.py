"""Parse one YAML file into plain values plus the source position of every value.

PyYAML is used only to compose the node graph. Values are built here, so that:
- only JSON-like YAML is accepted (maps, lists, strings, numbers, booleans, null);
- YAML 1.1 surprises do not happen (`NO`, `on`, `01234`, `12:30` and dates stay text);
- duplicate keys, alias bombs, cycles and deep nesting are errors, not crashes;
- every value keeps its file, line and column for error messages.
"""

from __future__ import annotations

import contextlib
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kam.i18n import _, speaking
from kam.load.yamlerrors import (
    comment_value,
    excerpt,
    explain,
    language_of,
    missing_space,
    split_number,
)
from kam.problems import Pos, Problems, key_path, position
from kam.text import CONTROL, control_message, number

Loc = tuple[str | int, ...]
Value = dict[str, "Value"] | list["Value"] | str | int | float | bool | None

MAX_YAML_BYTES = 10 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


class _CoreResolver(yaml.resolver.Resolver):
    """YAML 1.2 core schema, plus `1_200_000` digit grouping."""

    yaml_implicit_resolvers: dict = {}


_INT = r"[-+]?(?:0|[1-9](?:_?[0-9])*)"
_DIGITS = r"[0-9](?:_?[0-9])*"
for _tag, _regexp, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", rf"^{_INT}$", list("-+0123456789")),
    (
        "float",
        rf"^[-+]?(?:(?:{_DIGITS})?\.{_DIGITS}(?:[eE][-+]?[0-9]+)?|{_DIGITS}[eE][-+]?[0-9]+)$",
        list("-+0123456789."),
    ),
):
    _CoreResolver.add_implicit_resolver(_TAG + _tag, re.compile(_regexp), _first)


class _Composer(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _CoreResolver,
):
    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.recent: deque[yaml.Token] = deque(maxlen=8)

    def get_token(self) -> yaml.Token:
        token = super().get_token()
        self.recent.append(token)  # what came before an error, to explain it
        return token

    def last_tokens(self) -> list[yaml.Token]:
        """The tokens handed out last, then those scanned but not handed out yet."""
        return [*self.recent, *self.tokens]


if yaml.__with_libyaml__:

    class _FastComposer(yaml.cyaml.CParser, _CoreResolver):
        """libyaml's parser (about 10× faster), with the same resolver."""

        def __init__(self, text: str):
            yaml.cyaml.CParser.__init__(self, text)
            _CoreResolver.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml
    _FastComposer = _Composer

_PREFIX = re.compile(r"^[ \t?:-]*", re.M)
# A double-quoted scalar can write any code point as an escape ("\ud800"), including
# UTF-16 surrogates, which are no characters: no file, PDF or terminal can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_BRACKETS = re.compile(r"[\[\]{}]")


def _composer(text: str):
    """libyaml when the text cannot nest deeper than MAX_DEPTH (libyaml recurses in C,
    where a hostile file could overflow the stack); the pure-Python parser otherwise,
    whose recursion is caught. Each level of nesting needs a bracket, or an indentation
    or block-indicator character at the start of a line."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):  # quoted brackets count too: that errs safe
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    prefix = max((len(m) for m in _PREFIX.findall(text)), default=0)
    if deepest + prefix < MAX_DEPTH:
        return _FastComposer(text)
    return _Composer(text)


@dataclass
class Source:
    """Values of one or more files, with the position of each value and key."""

    value: Value = None
    positions: dict[Loc, Pos] = field(default_factory=dict)
    key_positions: dict[Loc, Pos] = field(default_factory=dict)

    def graft(self, loc: Loc, other: Source) -> None:
        """Place `other` at `loc` (used for includes)."""
        parent = self.value
        for part in loc[:-1]:
            parent = parent[part]  # type: ignore[index]
        parent[loc[-1]] = other.value  # type: ignore[index]
        for sub, pos in other.positions.items():
            self.positions[loc + sub] = pos
        for sub, pos in other.key_positions.items():
            self.key_positions[loc + sub] = pos

    def pos(self, loc: Loc) -> Pos | None:
        """The position of `loc`, or of its nearest ancestor that has one."""
        while True:
            if loc in self.positions:
                return self.positions[loc]
            if not loc:
                return None
            loc = loc[:-1]


def _mark(path: Path, mark: yaml.Mark | None) -> Pos:
    if mark is None:
        return Pos(path, 1, 1)
    return Pos(path, mark.line + 1, mark.column + 1)


def read_text(path: Path, problems: Problems) -> str | None:
    """Read a UTF-8 YAML file with the checks every input file gets."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            problems.error(
                _(
                    "YAML file is {size} bytes; the limit is {limit} bytes",
                    size=number(size),
                    limit=number(MAX_YAML_BYTES),
                ),
                Pos(path, 1, 1),
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.error(
            _("cannot read YAML file: {reason}", reason=exc.strerror or exc), Pos(path, 1, 1)
        )
        return None
    return decode(data, path, problems)


def decode(data: bytes, path: Path, problems: Problems) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        problems.error(
            _("the file starts with a byte order mark (BOM); save it as UTF-8 without BOM"),
            Pos(path, 1, 1),
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(
            _(
                "byte {byte} is not valid UTF-8; save the file as UTF-8",
                byte="0x" + format(data[exc.start], "02x"),
            ),
            position(path, data, exc.start),
        )
        return None
    nul = text.find("\x00")
    if nul >= 0:
        problems.error(
            _("the file contains a NUL character; is it a binary file?"),
            position(path, text, nul),
        )
        return None
    return text


def parse_yaml(path: Path, problems: Problems, prefix: Loc = ()) -> Source | None:
    """Parse the YAML file at `path`; on failure add problems and return None.

    `prefix` is where the file's content will sit in the document (for an included
    `plan.yaml`, `("plan",)`), so that messages name the full key path.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_yaml_text(text, path, problems, prefix)


def raw_language(path: Path) -> str | None:
    """The language of the `locale:` line of a file whose YAML cannot be read (its
    first 200 KB; None when it has none or cannot be read)."""
    try:
        with path.open("rb") as file:
            head = file.read(200_000)
    except OSError:
        return None
    return language_of(head.decode("utf-8", "replace"))


def parse_yaml_text(text: str, path: Path, problems: Problems, prefix: Loc = ()) -> Source | None:
    """Parse `text`, the content of `path`. Before the document's locale is read,
    messages about the entry file follow its `locale:` line, when the raw text has one
    (a Spanish document gets its syntax errors in Spanish); an included file's follow
    the language already set."""
    language = language_of(text) if not prefix else None
    with speaking(language) if language else contextlib.nullcontext():
        return _parse(text, path, problems, prefix)


def _parse(text: str, path: Path, problems: Problems, prefix: Loc) -> Source | None:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        problems.error(
            _("the file is empty; it should hold a YAML mapping of keys"), Pos(path, 1, 1)
        )
        return None
    node = _compose(text, path, problems)
    if node is None:
        return None
    if not _within_budget(node, path, problems):
        return None
    source = Source()
    builder = _Builder(path, text, source, problems, prefix)
    source.value = builder.build(node, ())
    if builder.failed:
        return None
    return source


def _compose(text: str, path: Path, problems: Problems) -> yaml.Node | None:
    """The node graph of `text`, or None after adding a problem."""
    composer = _composer(text)
    try:
        try:
            node = composer.get_single_node()
        except yaml.YAMLError:
            if isinstance(composer, _Composer):
                raise
            # Parse again with PyYAML's own parser, whose errors `explain` knows (and
            # errors are the slow path anyway).
            composer = _Composer(text)
            node = composer.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc.context):
            problems.error(
                _("the file holds several YAML documents (separated by ---); keep one"),
                _mark(path, exc.problem_mark),
            )
        else:
            _syntax_error(exc, text, path, problems, composer)
        return None
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, text, path, problems, composer)
        return None
    except yaml.reader.ReaderError as exc:
        problems.error(
            _(
                "the file contains a control character (U+{code}); remove it",
                code=format(exc.character, "04X"),
            ),
            position(path, text, exc.position),
        )
        return None
    except yaml.YAMLError:
        problems.error(_("kam cannot read this YAML file"), Pos(path, 1, 1))
        return None
    except RecursionError:
        problems.error(
            _("the YAML is nested too deeply (the limit is {limit} levels)", limit=MAX_DEPTH),
            Pos(path, 1, 1),
        )
        return None
    if node is None:
        problems.error(
            _("the file is empty; it should hold a YAML mapping of keys"), Pos(path, 1, 1)
        )
    return node


def _syntax_error(
    exc: yaml.MarkedYAMLError, text: str, path: Path, problems: Problems, composer: object
) -> None:
    tokens = composer.last_tokens() if isinstance(composer, _Composer) else []
    found = explain(exc, text, tokens)
    problems.error(
        found.message,
        Pos(path, found.line, found.col),
        excerpt=excerpt(text, found.line, found.col),
    )


def _within_budget(root: yaml.Node, path: Path, problems: Problems) -> bool:
    """Refuse alias bombs, cycles and deep nesting before building any value.

    The expanded size of each node is computed once (memoized), so a billion-laughs
    document costs as many steps as it has distinct nodes, not as its expansion. A
    document without aliases within the limits (nearly all) is a tree, counted in one
    quicker pass (_a_tree_within_limits: a third of the time); anything else goes
    through the full walk, which says what is wrong and where.
    """
    if _a_tree_within_limits(root):
        return True
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_stack: set[int] = set()
    # Iterative post-order walk: (node, children_done)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_stack.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_NODES:
                problems.error(
                    _(
                        "the YAML expands to more than {limit} values (aliases repeated "
                        "too often); write the data out or use a CSV file",
                        limit=number(MAX_NODES),
                    ),
                    _mark(path, node.start_mark),
                )
                return False
            if depths[key] > MAX_DEPTH:
                problems.error(
                    _("the YAML is nested more than {limit} levels deep", limit=MAX_DEPTH),
                    _mark(path, node.start_mark),
                )
                return False
            continue
        if key in sizes:
            continue
        if key in on_stack:
            problems.error(
                _("an alias refers to the node that contains it"), _mark(path, node.start_mark)
            )
            return False
        on_stack.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in sizes:
                if id(child) in on_stack:
                    problems.error(
                        _("an alias refers to the node that contains it"),
                        _mark(path, child.start_mark),
                    )
                    return False
                stack.append((child, False))
    return True


def _a_tree_within_limits(root: yaml.Node) -> bool:
    """True when no node of `root`'s graph is reached twice (no alias), there are at
    most MAX_NODES of them and none is nested deeper than MAX_DEPTH: the limits
    _within_budget checks, for a tree (where a node's size is its count of nodes)."""
    seen: set[int] = set()
    stack = [(root, 1)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = stack.pop()
        key = id(node)
        if key in seen or depth > MAX_DEPTH or len(seen) >= MAX_NODES:
            return False
        seen.add(key)
        kind = type(node)
        if kind is mapping:
            for pair in node.value:
                stack.append((pair[0], depth + 1))
                stack.append((pair[1], depth + 1))
        elif kind is sequence:
            stack.extend([(child, depth + 1) for child in node.value])
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Builder:
    def __init__(self, path: Path, text: str, source: Source, problems: Problems, prefix: Loc = ()):
        self.path = path
        self.text = text
        self.source = source
        self.problems = problems
        self.prefix = prefix
        self.failed = False

    def _fail(self, message: str, node: yaml.Node, loc: Loc = (), shown: bool = False) -> None:
        """An error at `node`; `shown`: with the source line and a caret under it."""
        self.failed = True
        pos = _mark(self.path, node.start_mark)
        lines = excerpt(self.text, pos.line, pos.col) if shown else ""
        self.problems.error(message, pos, key=key_path(self.prefix + loc), excerpt=lines)

    def build(self, node: yaml.Node, loc: Loc) -> Value:
        self.source.positions[loc] = _mark(self.path, node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
            self._fail(
                _(
                    "the YAML tag '{tag}' is not allowed; kam reads plain YAML only "
                    "(maps, lists, text, numbers, true/false, null)",
                    tag=tag,
                ),
                node,
                loc,
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                for i in range(1, len(node.value)):
                    self._split(node.value[i - 1], node.value[i], loc + (i - 1,), item=True)
            return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]
        self._misread(node, loc)
        return self._scalar(node, loc)

    def _misread(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """Warn about text YAML reads otherwise than meant: `impact:5` and `-retail` (no
        space after `:` or `-`), `color: #ff0000` (a comment)."""
        message, index = None, node.start_mark.index
        if node.value[:1] == "-" or ":" in node.value:
            message = missing_space(self.text, node)
        elif not node.value and (found := comment_value(self.text, node)):
            message, index = found
        if message:
            pos = position(self.path, self.text, index)
            lines = excerpt(self.text, pos.line, pos.col)
            self.problems.warning(message, pos, key=key_path(self.prefix + loc), excerpt=lines)

    def _split(self, first: yaml.Node, second: yaml.Node, loc: Loc, item: bool) -> None:
        """Refuse a value split in two by a decimal comma (`{hours: 7,5 horas}`)."""
        if message := split_number(self.text, first, second, item):
            self._fail(message, first, loc, shown=True)

    def _split_entries(self, node: yaml.MappingNode, loc: Loc) -> None:
        pairs = node.value
        for i in range(1, len(pairs)):
            (key_before, before), (key_node, value_node) = pairs[i - 1], pairs[i]
            if isinstance(value_node, yaml.ScalarNode) and not value_node.value:
                self._split(before, key_node, loc + (str(key_before.value),), item=False)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> Value:
        out: dict[str, Value] = {}
        if node.flow_style:
            self._split_entries(node, loc)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "null":
                self._fail(_("a key must be plain text"), key_node, loc)
                continue
            key = self._text(key_node, loc, "key")
            if key is None:
                continue
            if key == "<<":
                self._fail(
                    _("merge keys (<<) are not supported; write the keys out"), key_node, loc
                )
                continue
            if key in out:
                first = self.source.key_positions[loc + (key,)]
                self._fail(
                    _(
                        "duplicate key '{key}' (first given on line {line}); remove one of them",
                        key=key,
                        line=first.line,
                    ),
                    key_node,
                    loc + (key,),
                    shown=True,
                )
                continue
            self.source.key_positions[loc + (key,)] = _mark(self.path, key_node.start_mark)
            out[key] = self.build(value_node, loc + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Value:
        tag, text = node.tag, node.value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() == "true"
        if tag in (_TAG + "int", _TAG + "float"):
            digits = text.replace("_", "")
            shown = text if len(text) <= 24 else text[:20] + "…"
            try:
                value: int | float = int(digits) if tag == _TAG + "int" else float(digits)
            except ValueError:
                self._fail(_("'{text}' is not a valid number", text=shown), node, loc)
                return None
            if (
                len(digits.lstrip("+-")) > 18
                and tag == _TAG + "int"
                or value
                in (
                    float("inf"),
                    float("-inf"),
                )
            ):
                self._fail(_("the number {text} is too large", text=shown), node, loc)
                return None
            return value
        return self._text(node, loc)

    def _text(self, node: yaml.ScalarNode, loc: Loc, what: str = "text") -> str | None:
        """The scalar's text, or None after refusing a lone surrogate. Only double
        quotes allow escapes; a pair written as two escapes ("\\ud83d\\ude00", as JSON
        writes emoji) is joined into its character."""
        text = node.value
        if node.style != '"':
            return text  # only escapes can write control characters or surrogates
        if found := CONTROL.search(text):
            self._fail(control_message(found.group(), what), node, loc)
            return None
        if not _SURROGATE.search(text):
            return text
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        found = _SURROGATE.search(text)
        if found:
            self._fail(
                _(
                    "the text contains an invalid character (a lone surrogate, {code}); remove it",
                    code="\\u" + format(ord(found.group()), "04x"),
                ),
                node,
                loc,
            )
            return None
        return text
