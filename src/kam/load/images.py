"""Check a logo when the document is loaded, so a bad image fails `kam validate` with a
message instead of a blank logo, a huge HTML file or a PDF that takes hours to draw.

A logo is drawn by WeasyPrint (and embedded in the HTML as a data: URI), so it gets
budgets: its file size; for PNG and JPEG, its pixels, and Pillow must decode it in full
(a truncated file otherwise draws as a blank box); for SVG, the number of elements drawn
after `<use>` and other references are expanded (a 1 KB file whose `<use>` fan out ten
times a level takes WeasyPrint minutes to hours), sane width, height and viewBox, and no
reference to anything but its own `#id`s and `data:` URIs.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree as ET

from kam.i18n import N_, _
from kam.text import number

#: The largest logo file. A logo is embedded in the HTML (base64) and in the PDF.
MAX_LOGO_BYTES = 5_000_000
#: The largest width or height of a PNG or JPEG logo, and of an SVG's width and height.
MAX_LOGO_SIDE = 10_000
#: The most pixels of a PNG or JPEG logo (Pillow decodes every one of them).
MAX_LOGO_PIXELS = 40_000_000
#: The most elements an SVG logo may draw, counting each `<use>` (and pattern, marker,
#: mask, clip path or embedded SVG image) once per time it is drawn. WeasyPrint draws
#: about 15,000 elements a second.
MAX_SVG_ELEMENTS = 20_000
#: The deepest an SVG logo may nest elements, counting `<use>` and other references as a
#: level. WeasyPrint draws an SVG recursively and gives up (a blank logo) at 600 to 1,000.
MAX_SVG_DEPTH = 200
#: The largest absolute value of a number in an SVG's viewBox.
MAX_SVG_COORDINATE = 1e9
#: Element counts above this are shown as "more than …" (and counting stops growing).
_COUNT_CAP = 1_000_000_000
#: The most pixels a side a logo needs: what the messages advise.
_ENOUGH_SIDE = 2_000
#: An echoed value (an attribute, a URL) is cut to this many characters; a data: URI
#: to its type and this many characters of its data.
SHOWN_CHARS = 60
SHOWN_DATA_CHARS = 6

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
#: Elements that are not drawn where they stand, only when something refers to them.
_NOT_DRAWN = {
    "defs", "symbol", "pattern", "marker", "clipPath", "mask", "linearGradient",
    "radialGradient", "filter", "style", "title", "desc", "metadata", "script",
}  # fmt: skip
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_LENGTH = re.compile(
    r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*"
)
_PX = {"": 1, "px": 1, "pt": 4 / 3, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96}
_PX |= {"em": 16, "ex": 8}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
#: Pillow's names of the formats a logo may have; MPO is how Pillow opens many camera JPEGs.
_PILLOW_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}


#: The media type of each kind of logo kam takes, by file name suffix.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes and media type, ready to embed."""

    path: Path
    data: bytes
    media_type: str


class Refused(Exception):
    """A logo kam will not use; the message says why and what to do (translated: `str()`
    gives it with its English source)."""

    def __str__(self) -> str:
        return self.args[0]


def check_logo(path: Path, name: str, subject: str | None = None) -> str | None:
    """Why the logo at `path` (named `name` in the document) cannot be used, or None.
    Other images a project uses (in its stylesheet) get the same checks, with their own
    `subject` ("the image assets/x.svg")."""
    subject = subject or _("the logo {name}", name=shorten(name))
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            return _(
                "{subject} is {size} bytes; the limit is {limit} bytes ({megabytes} MB). Make "
                "the file smaller (a logo needs at most about {side} pixels a side) or use an SVG.",
                subject=subject,
                size=number(size),
                limit=number(MAX_LOGO_BYTES),
                megabytes=number(MAX_LOGO_BYTES / 1e6),
                side=number(_ENOUGH_SIDE),
            )
        data = path.read_bytes()
    except OSError as exc:
        return _("cannot read {subject}: {reason}", subject=subject, reason=exc.strerror or exc)
    suffix = path.suffix.lower()
    try:
        if suffix in _RASTER:
            check_raster(data, _RASTER[suffix], subject)
        elif suffix == ".svg" and b"<svg" in data[:4096]:
            check_svg(data, subject)
        else:
            raise _NotAnImage
    except _NotAnImage:
        return _("'{name}' is not a PNG, JPEG or SVG image", name=shorten(name))
    except Refused as exc:
        return str(exc)
    return None


class _NotAnImage(Exception):
    pass


def shorten(value: str, limit: int = SHOWN_CHARS) -> str:
    """`value`, or its start and its length when longer than `limit` characters: e.g.
    `data:image/svg+xml;base64,PHN2Zy… (12,345,678 characters)`."""
    if len(value) <= limit:
        return value
    if value[:5].lower() == "data:" and "," in value[:limit]:
        limit = value.index(",") + 1 + SHOWN_DATA_CHARS
    return _("{start}… ({count} characters)", start=value[:limit], count=number(len(value)))


# ------------------------------------------------------------------ PNG and JPEG


def check_raster(data: bytes, expected: str, subject: str) -> None:
    """Decode a PNG or JPEG in full with Pillow, within the pixel budget."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns above ~89 megapixels and refuses above ~179; both are errors here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise _NotAnImage from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(subject) from None
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on bad input
            raise Refused(_broken(subject, expected, exc)) from None
        actual = _PILLOW_FORMATS.get(image.format or "", image.format or "unknown")
        if actual != expected:
            raise Refused(
                _(
                    _MISNAMED.get(actual, _CONVERT),
                    subject=subject,
                    actual=actual,
                    expected=expected,
                )
            )
        width, height = image.size
        if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE or width * height > MAX_LOGO_PIXELS:
            raise _too_large(subject, (width, height))
        # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it
        # is imported (watch mode, batch workers): a truncated file would load.
        truncated = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.verify()  # checksums, to the end of the file
            with Image.open(io.BytesIO(data)) as again:
                again.load()  # every pixel: a truncated file fails here
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on bad input
            raise Refused(_broken(subject, expected, exc)) from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = truncated


def _too_large(subject: str, size: tuple[int, int] | None = None) -> Refused:
    """A PNG or JPEG beyond the pixel limits: of `size` (width, height) when known."""
    limits = {
        "subject": subject,
        "side": number(MAX_LOGO_SIDE),
        "pixels": number(MAX_LOGO_PIXELS),
        "enough": number(_ENOUGH_SIDE),
    }
    if size is None:
        return Refused(
            _(
                "{subject} has more than {pixels} pixels; the limit is {side} pixels a side "
                "and {pixels} pixels in all. Scale it down: a logo needs at most about "
                "{enough} pixels a side.",
                **limits,
            )
        )
    return Refused(
        _(
            "{subject} is {width} × {height} pixels; the limit is {side} pixels a side "
            "and {pixels} pixels in all. Scale it down: a logo needs at most about "
            "{enough} pixels a side.",
            width=number(size[0]),
            height=number(size[1]),
            **limits,
        )
    )


#: What to do with an image whose content is not what its name says, by its content.
_MISNAMED = {
    "PNG": N_("{subject} holds a {actual} image, not a {expected}: rename it to .png."),
    "JPEG": N_("{subject} holds a {actual} image, not a {expected}: rename it to .jpg."),
}
_CONVERT = N_("{subject} holds a {actual} image, not a {expected}: convert it to PNG or JPEG.")


def _broken(subject: str, kind: str, exc: Exception) -> str:
    reason = shorten(str(exc) or type(exc).__name__, 80)
    return _(
        "{subject} is a broken {kind} image ({reason}); export it again.",
        subject=subject,
        kind=kind,
        reason=reason,
    )


# ------------------------------------------------------------------------- SVG


class _Svg:
    """One parsed SVG document: its elements, their lines, and the references between
    them; refuses on the way what WeasyPrint should not be given."""

    def __init__(self, data: bytes, subject: str, nested: dict[bytes, int]):
        self.subject = subject
        self.nested = nested  # element counts of the data: SVG images, by their bytes
        self.line: dict[ET.Element, int] = {}
        self.ids: dict[str, ET.Element] = {}
        self.children: dict[ET.Element, list[ET.Element]] = {}
        self.styles: list[tuple[str, int]] = []  # the text of each <style>, its line
        self.root = self._parse(data)

    def refuse(self, message: str, **values: object) -> Refused:
        """A refusal: `message` (marked with N_) about this SVG, in the user's language."""
        return Refused(_(message, subject=self.subject, **values))

    def _parse(self, data: bytes) -> ET.Element:
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        reader = _Reader(self, parser)
        parser.StartDoctypeDeclHandler = reader.doctype
        parser.EntityDeclHandler = reader.entity
        parser.SkippedEntityHandler = reader.entity
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.characters
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise self.refuse(
                N_(
                    "{subject} is not well-formed XML: {error} at line {line}, column {col}. "
                    "Fix it, or export the SVG again."
                ),
                error=expat.ErrorString(exc.code),
                line=exc.lineno,
                col=exc.offset + 1,
            ) from None
        root = reader.roots[0]
        if _local(root) != "svg":
            raise self.refuse(
                N_("{subject} is not an SVG image: its root element is <{root}>."),
                root=_local(root),
            )
        return root


class _Reader:
    """Builds an SVG's element tree from expat's events, with each element's line;
    refuses DTDs with entities, undefined entities and too many elements."""

    def __init__(self, svg: _Svg, parser):
        self.svg = svg
        self.parser = parser
        self.stack: list[ET.Element] = []
        self.texts: list[list[str]] = []
        self.roots: list[ET.Element] = []

    @staticmethod
    def name(raw: str) -> str:
        ns, _, local = raw.rpartition(" ")
        return f"{{{ns}}}{local}" if ns else local

    def doctype(self, _name, _system, _public, internal_subset) -> None:
        if internal_subset:
            raise self.svg.refuse(
                N_(
                    "{subject} declares a DTD with entities (line {line}); kam reads no DTDs "
                    "or entities in an SVG. Delete the <!DOCTYPE …> declaration, or export the "
                    "SVG again without it."
                ),
                line=self.parser.CurrentLineNumber,
            )

    def entity(self, _name, *_args) -> None:
        raise self.svg.refuse(
            N_(
                "{subject} uses an entity that is not defined (line {line}); replace it by "
                "the text it stands for."
            ),
            line=self.parser.CurrentLineNumber,
        )

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        svg = self.svg
        element = ET.Element(self.name(tag), {self.name(k): v for k, v in attrs.items()})
        if len(svg.line) >= MAX_SVG_ELEMENTS:
            raise svg.refuse(
                N_(
                    "{subject} has more than {limit} elements; the limit is {limit}. Simplify "
                    "the SVG or export it as PNG."
                ),
                limit=number(MAX_SVG_ELEMENTS),
            )
        svg.line[element] = self.parser.CurrentLineNumber
        svg.children[element] = []
        if self.stack:
            self.stack[-1].append(element)
            svg.children[self.stack[-1]].append(element)
        else:
            self.roots.append(element)
        element_id = element.get("id")
        if element_id is not None:
            svg.ids.setdefault(element_id, element)
        self.stack.append(element)
        self.texts.append([])

    def end(self, _tag: str) -> None:
        element = self.stack.pop()
        text = "".join(self.texts.pop())
        if _local(element) == "style":
            element.text = text
            self.svg.styles.append((text, self.svg.line[element]))

    def characters(self, text: str) -> None:
        if self.texts:
            self.texts[-1].append(text)


def _local(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def check_svg(data: bytes, subject: str) -> None:
    """Refuse an SVG that is not self-contained, not sane in size, or draws too much."""
    total = _svg_count(data, subject, {})
    if total > _COUNT_CAP:
        message = N_(
            "{subject} draws more than {count} elements after <use> expansion; the limit is "
            "{limit}. Simplify the SVG or export it as PNG."
        )
    elif total > MAX_SVG_ELEMENTS:
        message = N_(
            "{subject} draws {count} elements after <use> expansion; the limit is {limit}. "
            "Simplify the SVG or export it as PNG."
        )
    else:
        return
    count = number(min(total, _COUNT_CAP))
    raise Refused(_(message, subject=subject, count=count, limit=number(MAX_SVG_ELEMENTS)))


def _svg_count(data: bytes, subject: str, nested: dict[bytes, int]) -> int:
    """How many elements drawing the SVG `data` takes."""
    if data in nested:
        return nested[data]
    svg = _Svg(data, subject, nested)
    _check_size(svg)
    refs = _references(svg)
    total = _expanded(svg, refs)
    nested[data] = total
    return total


def _check_size(svg: _Svg) -> None:
    for attribute in ("width", "height"):
        value = svg.root.get(attribute)
        if value is None:
            continue
        match = _LENGTH.fullmatch(value)
        given = float(match.group(1)) if match else math.nan
        unit = (match.group(2) or "") if match else ""
        pixels = given if unit == "%" else given * _PX.get(unit, 1)
        limit = 100 if unit == "%" else MAX_LOGO_SIDE
        if not (math.isfinite(pixels) and 0 < pixels <= limit):
            raise svg.refuse(
                N_(
                    '{subject} has {attribute}="{value}"; give a positive length up to {limit} '
                    'pixels, e.g. {attribute}="340".'
                ),
                attribute=attribute,
                value=shorten(value),
                limit=number(MAX_LOGO_SIDE),
            )
    value = svg.root.get("viewBox")
    if value is not None:
        parts = value.replace(",", " ").split()
        numbers = []
        for part in parts:
            try:
                numbers.append(float(part))
            except ValueError:
                numbers.append(math.nan)
        if not (
            len(numbers) == 4
            and all(math.isfinite(n) and abs(n) <= MAX_SVG_COORDINATE for n in numbers)
            and numbers[2] > 0
            and numbers[3] > 0
        ):
            raise svg.refuse(
                N_(
                    '{subject} has viewBox="{value}"; a viewBox is four numbers, min-x min-y '
                    'width height, with a positive width and height, e.g. viewBox="0 0 340 80".'
                ),
                value=shorten(value),
            )


# A reference: (target element id, how many times it is drawn per drawing of the source).
Ref = tuple[str, int]


def _references(svg: _Svg) -> dict[ET.Element, list[Ref | int]]:
    """Every element's references to other elements (`#id`) and embedded images (the
    decoded bytes of a data: URI), refusing any other URL on the way."""
    refs: dict[ET.Element, list[Ref | int]] = {}
    for element, line in svg.line.items():
        out: list[Ref | int] = []
        tag = _local(element)
        if element.get(_XML_BASE) is not None:
            raise _external(svg, f"xml:base {element.get(_XML_BASE)}", line)
        for attribute in (_XLINK_HREF, "href"):
            href = element.get(attribute)
            if href is None:
                continue
            href = href.strip()
            if href.startswith("#"):
                out.append((href[1:], 1))
            elif href[:5].lower() == "data:":
                if tag == "image":
                    out.append(_embedded(svg, href, line))
            elif not (tag == "a" and href.lower().startswith(_LINK_SCHEMES)):
                raise _external(svg, href, line)
        for attribute, value in element.attrib.items():
            if "url" not in value.lower() and "\\" not in value:
                continue
            if attribute == "style":
                declarations = _declarations(value)
            else:
                declarations = [(attribute, _urls_in(value))]
            for prop, urls in declarations:
                out.extend(_url_refs(svg, element, prop, urls, line))
        refs[element] = out
    for text, line in svg.styles:
        _check_stylesheet(svg, text, line)
    for element, found in _stylesheet_refs(svg).items():
        refs[element].extend(found)
    return refs


def _external(svg: _Svg, url: str, line: int) -> Refused:
    return svg.refuse(
        N_(
            "{subject} refers to '{url}' (line {line}); a logo must be self-contained: it may "
            "refer only to its own '#id's and to data: URIs. Embed the file, or export the "
            "logo as PNG."
        ),
        url=shorten(url),
        line=line,
    )


def _embedded(svg: _Svg, uri: str, line: int) -> int:
    """Check an image embedded as a data: URI like a logo of its own; the elements it
    draws."""
    subject = _("the image embedded at line {line} of {subject}", line=line, subject=svg.subject)
    head, comma, body = uri.partition(",")
    try:
        if not comma:
            raise ValueError
        if head.lower().endswith(";base64"):
            payload = base64.b64decode(unquote_to_bytes(body), validate=False)
        else:
            payload = unquote_to_bytes(body)
    except (ValueError, binascii.Error):
        raise Refused(
            _("{subject} is not a valid data: URI; embed it again.", subject=subject)
        ) from None
    try:
        if payload.startswith(b"\x89PNG\r\n\x1a\n"):
            check_raster(payload, "PNG", subject)
            return 1
        if payload.startswith(b"\xff\xd8\xff"):
            check_raster(payload, "JPEG", subject)
            return 1
        if b"<svg" in payload[:4096]:
            return _svg_count(payload, subject, svg.nested)
    except _NotAnImage:
        pass
    raise Refused(
        _("{subject} is not a PNG, JPEG or SVG image; embed one of those.", subject=subject)
    )


def _urls_in(value: str) -> list[str]:
    import tinycss2

    return list(_token_urls(tinycss2.parse_component_value_list(value)))


def _declarations(value: str) -> list[tuple[str, list[str]]]:
    import tinycss2

    out = []
    for item in tinycss2.parse_blocks_contents(value):
        if item.type == "declaration":
            out.append((item.lower_name, list(_token_urls(item.value))))
    return out


def _token_urls(tokens):
    """Every URL in CSS tokens: url(x) and url("x"), in nested blocks and functions."""
    for token in tokens:
        if token.type == "url":
            yield token.value
        elif token.type == "function":
            if token.lower_name == "url":
                strings = [t.value for t in token.arguments if t.type == "string"]
                yield strings[0] if strings else ""
            else:
                yield from _token_urls(token.arguments)
        elif token.type in ("[] block", "() block", "{} block"):
            yield from _token_urls(token.content)


def _url_refs(svg: _Svg, element: ET.Element, prop: str, urls: list[str], line: int):
    for url in urls:
        url = url.strip()
        if url.startswith("#"):
            yield (url[1:], _vertices(element) if prop.startswith("marker") else 1)
        elif url[:5].lower() != "data:":
            raise _external(svg, url, line)


def _vertices(element: ET.Element) -> int:
    """At least the number of points a marker is drawn at on `element`."""
    if _local(element) == "line":
        return 2
    numbers = len(_NUMBER.findall(element.get("d", "") + " " + element.get("points", "")))
    return max(1, numbers // 2 + 1)


def _check_stylesheet(svg: _Svg, text: str, line: int) -> None:
    """A `<style>` element may refer to nothing outside the SVG, and import nothing."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            prelude = tinycss2.serialize(rule.prelude).strip()
            raise _external(svg, f"@import {prelude}", line)
        tokens = [*(getattr(rule, "prelude", None) or []), *(getattr(rule, "content", None) or [])]
        for url in _token_urls(tokens):
            url = url.strip()
            if not (url.startswith("#") or url[:5].lower() == "data:"):
                raise _external(svg, url, line)


def _stylesheet_refs(svg: _Svg) -> dict[ET.Element, list[Ref]]:
    """The `#id`s that `<style>` rules make elements draw, matched as WeasyPrint matches
    them (cssselect2, top-level rules only)."""
    if not any("url" in text.lower() or "\\" in text for text, _line in svg.styles):
        return {}
    import cssselect2
    import tinycss2

    matcher = cssselect2.Matcher()
    for text, _line in svg.styles:
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            found = [
                (name, url)
                for name, urls in _declarations(tinycss2.serialize(rule.content))
                for url in urls
                if url.strip().startswith("#")
            ]
            if not found:
                continue
            try:
                selectors = cssselect2.compile_selector_list(rule.prelude)
            except cssselect2.parser.SelectorError:
                continue  # WeasyPrint ignores the rule too
            for selector in selectors:
                if selector.pseudo_element is None and not selector.never_matches:
                    matcher.add_selector(selector, found)
    out: dict[ET.Element, list[Ref]] = {}
    for wrapper in cssselect2.ElementWrapper.from_xml_root(svg.root).iter_subtree():
        element = wrapper.etree_element
        for _specificity, _order, _pseudo, found in matcher.match(wrapper):
            out.setdefault(element, []).extend(
                (url.strip()[1:], _vertices(element) if name.startswith("marker") else 1)
                for name, url in found
            )
    return out


def _expanded(svg: _Svg, refs: dict[ET.Element, list[Ref | int]]) -> int:
    """The elements drawn: each element once, plus for each reference the elements of
    its target, as many times as it is drawn. Iterative (an SVG may nest deeply) and
    memoized (a `<use>` bomb is small as a graph); a loop of references is refused."""
    cost: dict[ET.Element, int] = {}
    active: set[ET.Element] = set()

    def edges(element: ET.Element) -> list[tuple[ET.Element | int, int, str]]:
        out: list[tuple[ET.Element | int, int, str]] = [
            (child, 1, "") for child in svg.children[element] if _local(child) not in _NOT_DRAWN
        ]
        for ref in refs[element]:
            if isinstance(ref, int):
                out.append((ref, 1, ""))  # an embedded image, already counted
            elif (target := svg.ids.get(ref[0])) is not None:
                out.append((target, ref[1], ref[0]))
        return out

    stack = [(svg.root, edges(svg.root), 0)]
    active.add(svg.root)
    while stack:
        element, pending, index = stack[-1]
        if index == len(pending):
            stack.pop()
            active.discard(element)
            drawn = 1 + sum(
                (t if isinstance(t, int) else cost[t]) * times for t, times, _ in pending
            )
            cost[element] = min(drawn, _COUNT_CAP + 1)
            continue
        stack[-1] = (element, pending, index + 1)
        target, _times, name = pending[index]
        if isinstance(target, int) or target in cost:
            continue
        if target in active:
            raise svg.refuse(
                N_(
                    "{subject} has a loop of references: <{tag}> at line {line} refers to "
                    "#{name}, which leads back to it. Remove the loop."
                ),
                tag=_local(element),
                line=svg.line[element],
                name=name,
            )
        if len(stack) >= MAX_SVG_DEPTH:
            raise svg.refuse(
                N_(
                    "{subject} nests elements more than {limit} levels deep (counting each "
                    "<use> as a level; <{tag}> at line {line}); the limit is {limit}. Simplify "
                    "the SVG or export it as PNG."
                ),
                limit=MAX_SVG_DEPTH,
                tag=_local(target),
                line=svg.line[target],
            )
        active.add(target)
        stack.append((target, edges(target), 0))
    return cost[svg.root]
