"""A project's own stylesheet (`templates/style.css`), checked before it is used.

The stylesheet is untrusted input like the YAML. It may not:
- reach anything outside the project: `@import` is refused, and every `url()` must name
  a file inside the project (it is then inlined as a `data:` URI, so the HTML stays
  self-contained and the PDF renderer fetches nothing);
- make the layout explode: lengths, page sizes, column counts, grid repeats and line
  heights are bounded (`LIMITS`), since `@page { size: 100000mm }` or
  `* { columns: 500 }` keep WeasyPrint busy for hours.
Every problem is reported at its line and column in the user's file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kam.i18n import N_, _
from kam.load import images
from kam.load.paths import PathRefused, resolve_inside
from kam.problems import Pos
from kam.text import data_uri, number

MAX_URL_BYTES = 5_000_000  # one file a url() names (a font, an image)
MAX_LENGTH_MM = 1200.0  # any absolute length, page sizes included (A0 is 841 × 1189 mm)
MAX_RELATIVE = 50.0  # em, rem, ex, ch, lh … (they compound when nested)
MAX_VIEWPORT = 1000.0  # vw, vh, vmin, vmax
MAX_PERCENT = 1000.0
MAX_COLUMNS = 12  # column-count, columns
MAX_REPEAT = 100  # repeat() in grid templates
MAX_LINE_HEIGHT = 20.0  # unitless line-height
MAX_FONT_SCALE = 4.0  # font-size in em or % (4em, 400 %): nested, it compounds

_MM = {"mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6}
_MM["px"] = 25.4 / 96
_RELATIVE = {"em", "rem", "ex", "rex", "ch", "rch", "cap", "rcap", "ic", "ric", "lh", "rlh"}
_VIEWPORT = {"vw", "vh", "vmin", "vmax", "vi", "vb"}
_COLUMN_PROPERTIES = {"columns", "column-count"}
_FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@dataclass
class Stylesheet:
    """The checked stylesheet, ready to add after kam's own; or the problems found."""

    text: str
    problems: list[tuple[str, Pos]] = field(default_factory=list)


def check(text: str, path: Path, root: Path) -> Stylesheet:
    """Check a project stylesheet at `path` (its text already read and decoded)."""
    import tinycss2

    out = Stylesheet(text)
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    checker = _Checker(path, root, out.problems)
    for rule in rules:
        checker.rule(rule)
    if checker.inlined and not out.problems:
        out.text = tinycss2.serialize(rules)
    return out


class _Checker:
    def __init__(self, path: Path, root: Path, problems: list[tuple[str, Pos]]):
        self.path = path
        self.root = root
        self.problems = problems
        self.inlined = False

    def _pos(self, token) -> Pos:
        return Pos(self.path, token.source_line, token.source_column)

    def fail(self, token, message: str) -> None:
        self.problems.append((message, self._pos(token)))

    def rule(self, rule) -> None:
        import tinycss2

        kind = getattr(rule, "type", "")
        if kind == "at-rule":
            if rule.lower_at_keyword == "import":
                self.fail(
                    rule,
                    _(
                        "@import is not allowed in a project stylesheet; copy the rules into "
                        "templates/style.css"
                    ),
                )
                return
            if rule.lower_at_keyword == "namespace":
                return
            self.values(rule.prelude or [], "")
        elif kind == "qualified-rule":
            self.values(rule.prelude or [], "")
        elif kind == "error":
            return  # WeasyPrint ignores what it cannot parse, as browsers do
        else:
            return
        if rule.content is None:
            return
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True):
            if item.type == "declaration":
                self.values(item.value, item.lower_name)
            elif item.type in ("at-rule", "qualified-rule"):
                self.rule(item)

    def values(self, tokens: Iterable, name: str) -> None:
        for token in _flatten(tokens):
            kind = token.type
            if kind == "dimension":
                self.dimension(token, name)
            elif kind == "percentage":
                limit = MAX_FONT_SCALE * 100 if name == "font-size" else MAX_PERCENT
                if abs(token.value) > limit:
                    # the % inside the values: a "% is" in a message reads as a
                    # printf placeholder to gettext's checks
                    message = (
                        N_("{name} {value} is beyond the limit of {limit}")
                        if name
                        else N_("a value {value} is beyond the limit of {limit}")
                    )
                    value, bound = f"{_g(token.value)}%", f"{_g(limit)}%"
                    self.fail(token, _(message, name=name, value=value, limit=bound))
            elif kind == "number":
                self.number(token, name)
            elif kind == "url":
                _replace(token, self.url(token, token.value))
            elif kind == "function":
                self.function(token)

    def dimension(self, token, name: str) -> None:
        unit = token.lower_unit
        value = abs(token.value)
        given = f"{token.value:g}{token.unit}"
        if unit in _MM and value * _MM[unit] > MAX_LENGTH_MM:
            message = (
                N_("the page size {value} is beyond the limit of {limit} mm")
                if name == "size"
                else N_("the length {value} is beyond the limit of {limit} mm")
            )
            self.fail(token, _(message, value=given, limit=_g(MAX_LENGTH_MM)))
        elif unit in _RELATIVE:
            compounds = name == "font-size" and not unit.startswith("r")
            limit = f"{MAX_FONT_SCALE if compounds else MAX_RELATIVE:g}{unit}"
            if value > (MAX_FONT_SCALE if compounds else MAX_RELATIVE):
                message = (
                    N_("{name} {value} is beyond the limit of {limit}")
                    if name
                    else N_("a length {value} is beyond the limit of {limit}")
                )
                self.fail(token, _(message, name=name, value=given, limit=limit))
        elif unit in _VIEWPORT and value > MAX_VIEWPORT:
            limit = f"{MAX_VIEWPORT:g}{unit}"
            self.fail(token, _("{value} is beyond the limit of {limit}", value=given, limit=limit))

    def number(self, token, name: str) -> None:
        if name in _COLUMN_PROPERTIES and abs(token.value) > MAX_COLUMNS:
            self.fail(
                token,
                _(
                    "{name}: {value} is beyond the limit of {limit} columns",
                    name=name,
                    value=_g(token.value),
                    limit=MAX_COLUMNS,
                ),
            )
        elif name == "line-height" and abs(token.value) > MAX_LINE_HEIGHT:
            self.fail(
                token,
                _(
                    "line-height {value} is beyond the limit of {limit}",
                    value=_g(token.value),
                    limit=_g(MAX_LINE_HEIGHT),
                ),
            )

    def function(self, token) -> None:
        lower = token.lower_name
        if lower == "repeat":
            first = next((a for a in token.arguments if a.type == "number"), None)
            if first is not None and abs(first.value) > MAX_REPEAT:
                self.fail(
                    first,
                    _(
                        "repeat({value}, …) is beyond the limit of {limit}",
                        value=_g(first.value),
                        limit=MAX_REPEAT,
                    ),
                )
        elif lower in ("url", "src"):
            strings = [a for a in token.arguments if a.type == "string"]
            if strings:
                _replace(strings[0], self.url(token, strings[0].value))

    def url(self, token, url: str) -> str:
        """A url() of the stylesheet: data: URIs stay; a project file is inlined."""
        if url.strip().lower().startswith("data:"):
            return url
        if url.startswith("#"):
            return url  # a fragment (SVG filters, markers): refers to the document itself
        try:
            path = resolve_inside(self.root, self.path.parent, url)
        except PathRefused as exc:
            self.fail(token, _("url({url}) cannot be used: {reason}", url=_short(url), reason=exc))
            return url
        suffix = path.suffix.lower()
        mime = _FONT_TYPES.get(suffix) or _IMAGE_TYPES.get(suffix)
        if mime is None:
            self.fail(
                token,
                _(
                    "url({url}): kam inlines only fonts (.woff2, .woff, .ttf, .otf) and "
                    "images (.png, .jpg, .svg)",
                    url=_short(url),
                ),
            )
            return url
        if suffix in _IMAGE_TYPES:
            # The same checks as the logo: an SVG that fans out, a truncated PNG …
            refused = images.check_logo(path, url, _("the image {name}", name=_short(url)))
            if refused:
                self.fail(token, refused)
                return url
        try:
            size = path.stat().st_size
            if size > MAX_URL_BYTES:
                self.fail(
                    token,
                    _(
                        "url({url}) is {size} bytes; the limit is {limit}",
                        url=_short(url),
                        size=number(size),
                        limit=number(MAX_URL_BYTES),
                    ),
                )
                return url
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or exc
            self.fail(token, _("cannot read {url}: {reason}", url=_short(url), reason=reason))
            return url
        self.inlined = True
        return data_uri(data, mime)


def _replace(token, value: str) -> None:
    """Give a url or string token a new value (serialization writes its representation)."""
    from tinycss2.serializer import serialize_string_value, serialize_url

    if value == token.value:
        return
    token.value = value
    if token.type == "url":
        token.representation = f"url({serialize_url(value)})"
    else:
        token.representation = f'"{serialize_string_value(value)}"'


def _flatten(tokens: Iterable) -> Iterator:
    """Every token, including those inside blocks and function arguments."""
    for token in tokens:
        yield token
        if token.type == "function":
            yield from _flatten(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _flatten(token.content)


def _g(value: float) -> str:
    """A CSS number as CSS writes it (`1200`, `2.5`): messages quote the stylesheet."""
    return f"{value:g}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
