"""Logos are checked when the document is loaded (kam.images): a logo that is too big,
broken, not self-contained or too costly to draw fails `kam validate` and `kam build`
with one line naming where the document names the logo, what is wrong and what to do,
exit code 1, and no output file. Fixtures are generated here."""

from __future__ import annotations

import base64
import http.server
import io
import os
import socket
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from kam.cli import app
from kam.load.images import MAX_LOGO_BYTES, MAX_SVG_ELEMENTS, check_logo, shorten

ROOT = Path(__file__).resolve().parents[1]
KAM = ROOT / ".venv" / "bin" / "kam"
BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
SVG = 'xmlns="http://www.w3.org/2000/svg"'
WHERE = "account.yaml:4:29: company.logo: "
SELF_CONTAINED = (
    "a logo must be self-contained: it may refer only to its own '#id's and to data: "
    "URIs. Embed the file, or export the logo as PNG."
)
PIXELS = (
    "the limit is 10,000 pixels a side and 40,000,000 pixels in all. Scale it down: "
    "a logo needs at most about 2,000 pixels a side."
)

# Files opened while the audit hook below is switched on (a list), or None.
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


def project(tmp: Path, name: str, data: bytes | str) -> Path:
    """A project whose company logo is `name` with content `data`."""
    (tmp / "account.yaml").write_text(
        BASE.replace("{name: Acme}", "{name: Acme, logo: " + name + "}")
    )
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return tmp


def refused(tmp: Path, monkeypatch, command: str = "build") -> list[str]:
    """Run `kam COMMAND account.yaml` in `tmp`; it must exit 1, write nothing and say
    the document was not built (or is invalid). Returns the problem lines."""
    before = sorted(tmp.rglob("*"))
    monkeypatch.chdir(tmp)
    result = CliRunner().invoke(app, [command, "account.yaml"])
    assert result.exit_code == 1, result.output
    assert sorted(tmp.rglob("*")) == before
    assert "Traceback" not in result.output
    *lines, verdict = result.stderr.splitlines()
    assert verdict == ("account.yaml: not built" if command == "build" else "account.yaml: invalid")
    return lines


# ---------------------------------------------------------------------- SVG budget


def use_bomb(levels: int, fan: int = 10) -> str:
    """`<use>` that fan out `fan` times a level: tiny, and exponential to draw."""
    ids = "abcdefghijklmnopqrstuvwxyz"
    parts = [f'<svg {SVG} width="9" height="9"><defs><rect id="a" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = f'<use href="#{ids[level - 1]}"/>' * fan
        parts.append(f'<g id="{ids[level]}">{uses}</g>')
    parts.append(f'</defs><use href="#{ids[levels]}"/></svg>')
    return "".join(parts)


def drawn(count: str) -> str:
    return (
        f"{WHERE}the logo logo.svg draws {count} elements after <use> expansion; the limit "
        f"is {MAX_SVG_ELEMENTS:,}. Simplify the SVG or export it as PNG."
    )


def test_a_1kb_use_bomb_is_refused_before_weasyprint_draws_it(tmp_path):
    # Level n is a group of ten <use> of level n-1: 1 + 10 × (1 + size(n-1)) elements,
    # so 21, 221, …, 222,221 at level 5; plus the <use> that draws it and the <svg>.
    # WeasyPrint takes minutes to draw it; the subprocess's timeout is only a hang guard.
    text = use_bomb(5)
    assert len(text.encode()) <= 1024
    project(tmp_path, "logo.svg", text)
    result = subprocess.run(
        [str(KAM), "build", "account.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [drawn("222,223"), "account.yaml: not built"]
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["account.yaml", "logo.svg"]


def test_kam_validate_checks_the_logo_too(tmp_path, monkeypatch):
    project(tmp_path, "logo.svg", use_bomb(4))
    assert refused(tmp_path, monkeypatch, "validate") == [drawn("22,223")]


def test_a_use_bomb_of_forty_levels_is_counted_without_expanding_it(tmp_path, monkeypatch):
    ids = [f"l{i}" for i in range(41)]
    parts = [f'<svg {SVG}><defs><rect id="l0" width="1" height="1"/>']
    parts += [f'<g id="{ids[i]}"><use href="#{ids[i - 1]}"/><use href="#{ids[i - 1]}"/></g>'
              for i in range(1, 41)]  # fmt: skip
    parts.append('</defs><use href="#l40"/></svg>')
    project(tmp_path, "logo.svg", "".join(parts))
    assert refused(tmp_path, monkeypatch) == [drawn("more than 1,000,000,000")]


def test_a_use_bomb_inside_an_embedded_svg_image_counts(tmp_path, monkeypatch):
    inner = base64.b64encode(use_bomb(4).encode()).decode()
    outer = f'<svg {SVG}><image href="data:image/svg+xml;base64,{inner}"/></svg>'
    project(tmp_path, "logo.svg", outer)
    # 22,223 elements inside, plus the <image> and the outer <svg>.
    assert refused(tmp_path, monkeypatch) == [drawn("22,225")]


def test_patterns_fanned_out_by_stylesheet_classes_count(tmp_path, monkeypatch):
    # Pattern p(n) holds ten rectangles of class p(n-1), which a <style> rule fills with
    # pattern p(n-1): 2, 31, 321, 3,221, 32,221 elements; plus the rectangle filled
    # with p4 and the <svg>.
    rules = " ".join(f".p{i} {{ fill: url(#p{i}) }}" for i in range(5))
    patterns = '<pattern id="p0"><rect width="1" height="1"/></pattern>' + "".join(
        f'<pattern id="p{i}">'
        + f'<rect class="p{i - 1}" width="1" height="1"/>' * 10
        + "</pattern>"
        for i in range(1, 5)
    )
    text = f'<svg {SVG}><style>{rules}</style><defs>{patterns}</defs><rect class="p4"/></svg>'
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [drawn("32,223")]


def test_a_marker_counts_once_per_vertex(tmp_path, monkeypatch):
    # A marker of two elements at 10,001 points (at least: 20,000 numbers), plus the
    # polyline and the <svg>.
    points = " ".join(f"{i},{i % 7}" for i in range(10_000))
    text = (
        f'<svg {SVG}><defs><marker id="m"><circle r="1"/></marker></defs>'
        f'<polyline marker-mid="url(#m)" points="{points}"/></svg>'
    )
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [drawn("20,004")]


def test_too_many_elements_are_refused_while_parsing(tmp_path, monkeypatch):
    text = f"<svg {SVG}>" + "<rect/>" * (MAX_SVG_ELEMENTS + 1) + "</svg>"
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg has more than 20,000 elements; the limit is 20,000. "
        "Simplify the SVG or export it as PNG."
    ]


def test_a_logo_at_the_budget_is_accepted(tmp_path, monkeypatch):
    # The <svg> and 19,999 rectangles: exactly the budget.
    text = f"<svg {SVG}>" + '<rect width="1" height="1"/>' * (MAX_SVG_ELEMENTS - 1) + "</svg>"
    project(tmp_path, "logo.svg", text)
    assert check_logo(tmp_path / "logo.svg", "logo.svg") is None


LOOPS = {
    "use-of-its-own-group": (
        f'<svg {SVG}>\n<g id="a">\n<use href="#a"/>\n</g>\n</svg>',
        "<use> at line 3 refers to #a",
    ),
    "two-uses": (
        f'<svg {SVG}>\n<use id="a" href="#b"/>\n<use id="b" href="#a"/>\n</svg>',
        "<use> at line 3 refers to #a",
    ),
    "gradient-href-chain": (
        f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink">\n<defs>\n'
        '<linearGradient id="g1" xlink:href="#g2"/>\n'
        '<linearGradient id="g2" xlink:href="#g1"/>\n</defs>\n'
        '<rect fill="url(#g1)"/>\n</svg>',
        "<linearGradient> at line 4 refers to #g1",
    ),
}


@pytest.mark.parametrize("name", sorted(LOOPS))
def test_a_loop_of_references_is_refused(name, tmp_path, monkeypatch):
    text, where = LOOPS[name]
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg has a loop of references: {where}, which leads back to "
        "it. Remove the loop."
    ]


def test_deep_nesting_is_refused(tmp_path, monkeypatch):
    text = f"<svg {SVG}>\n" + "<g>\n" * 300 + "</g>" * 300 + "</svg>"
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg nests elements more than 200 levels deep (counting each "
        "<use> as a level; <g> at line 201); the limit is 200. Simplify the SVG or export "
        "it as PNG."
    ]


# ------------------------------------------------------------ self-contained SVG

EXTERNAL = {
    "image-file-url": ('<image href="file:///etc/passwd"/>', "file:///etc/passwd"),
    "image-absolute-path": ('<image href="/etc/passwd"/>', "/etc/passwd"),
    "image-relative": ('<image href="other.png"/>', "other.png"),
    "xlink-http": (
        '<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://127.0.0.1:9/x.png"/>',
        "http://127.0.0.1:9/x.png",
    ),
    "use-other-file": ('<use href="other.svg#a"/>', "other.svg#a"),
    "style-import": (
        '<style>@import url("http://127.0.0.1:9/a.css");</style>',
        '@import url("http://127.0.0.1:9/a.css")',
    ),
    "style-import-escaped": (
        '<style>@\\69mport "a.css";</style>',
        '@import "a.css"',
    ),
    "style-url": ("<style>rect { fill: url(file:///etc/passwd) }</style>", "file:///etc/passwd"),
    "style-attribute": ("<rect style=\"fill: url('/etc/passwd')\"/>", "/etc/passwd"),
    "fill-attribute": ('<rect fill="url(/etc/passwd#x)"/>', "/etc/passwd#x"),
    "font-face": (
        "<style>@font-face { font-family: x; src: url(/usr/share/fonts/x.ttf) }</style>",
        "/usr/share/fonts/x.ttf",
    ),
    "xml-base": (
        '<image xml:base="file:///etc/" href="#passwd"/>',
        "xml:base file:///etc/",
    ),
}


@pytest.mark.parametrize("name", sorted(EXTERNAL))
def test_an_svg_logo_that_refers_outside_itself_is_refused(name, tmp_path, monkeypatch):
    global _opened
    body, shown = EXTERNAL[name]
    project(tmp_path, "logo.svg", f"<svg {SVG}>\n{body}\n</svg>")
    _opened = []
    try:
        lines = refused(tmp_path, monkeypatch)
    finally:
        opened, _opened = _opened, None
    assert lines == [f"{WHERE}the logo logo.svg refers to '{shown}' (line 2); {SELF_CONTAINED}"]
    assert not [p for p in opened if p.startswith(("/etc", "/usr/share/fonts"))]


def test_links_and_data_uris_are_fine(tmp_path, monkeypatch):
    png = base64.b64encode(png_bytes(4, 4)).decode()
    text = (
        f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="10">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#036"/></linearGradient>'
        '<rect id="r" width="5" height="5"/></defs>'
        "<style>.a { fill: url(#g) } @font-face { font-family: x; src: url(data:,x) }</style>"
        '<a href="https://example.com/"><use xlink:href="#r" class="a"/></a>'
        f'<image href="data:image/png;base64,{png}" width="4" height="4"/></svg>'
    )
    project(tmp_path, "logo.svg", text)
    assert check_logo(tmp_path / "logo.svg", "logo.svg") is None


class _Counter:
    """A local HTTP server that counts requests."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        counter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server API
                counter.requests.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_the_svg_attack_of_the_security_tests_is_refused_without_a_request(tmp_path, monkeypatch):
    server = _Counter()
    connects: list[object] = []
    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", lambda s, a: connects.append(a) or original(s, a))
    try:
        project(
            tmp_path,
            "logo.svg",
            f'<svg {SVG} xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">'
            f'<style>@import url("{server.url}/svg.css");</style>'
            '<image href="file:///etc/passwd" width="10" height="10"/>'
            f'<image xlink:href="{server.url}/svg-img.png" width="10" height="10"/>'
            '<rect width="100" height="40" fill="#036"/></svg>',
        )
        lines = refused(tmp_path, monkeypatch)
    finally:
        server.server.shutdown()
        server.server.server_close()
    assert lines == [
        f"{WHERE}the logo logo.svg refers to 'file:///etc/passwd' (line 1); {SELF_CONTAINED}"
    ]
    assert server.requests == [] and connects == []


# ---------------------------------------------------------------- safe SVG parsing


def test_a_dtd_with_entities_is_refused(tmp_path, monkeypatch):
    laughs = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )  # a billion laughs
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY l0 "lol">{laughs}]>\n<svg {SVG}>&l9;</svg>'
    )
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg declares a DTD with entities (line 2); kam reads no DTDs "
        "or entities in an SVG. Delete the <!DOCTYPE …> declaration, or export the SVG "
        "again without it."
    ]


def test_an_external_entity_is_refused(tmp_path, monkeypatch):
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"<svg {SVG}><text>&x;</text></svg>"
    )
    project(tmp_path, "logo.svg", text)
    assert refused(tmp_path, monkeypatch)[0].startswith(
        f"{WHERE}the logo logo.svg declares a DTD with entities (line 2)"
    )


def test_the_usual_svg_doctype_line_is_fine_but_not_an_undefined_entity(tmp_path, monkeypatch):
    doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    )
    project(tmp_path, "logo.svg", doctype + f'<svg {SVG} width="10" height="10"/>')
    assert check_logo(tmp_path / "logo.svg", "logo.svg") is None
    project(tmp_path, "logo.svg", doctype + f"<svg {SVG}>\n<text>&nbsp;</text></svg>")
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg uses an entity that is not defined (line 4); replace it "
        "by the text it stands for."
    ]


SIZES = {
    'width="0"': 'has width="0"; give a positive length up to 10,000 pixels, e.g. width="340".',
    'width="-5"': 'has width="-5"; give a positive length up to 10,000 pixels, e.g. width="340".',
    'height="1e400"': (
        'has height="1e400"; give a positive length up to 10,000 pixels, e.g. height="340".'
    ),
    'width="20000"': (
        'has width="20000"; give a positive length up to 10,000 pixels, e.g. width="340".'
    ),
    'width="3m"': 'has width="3m"; give a positive length up to 10,000 pixels, e.g. width="340".',
    'height="200%"': (
        'has height="200%"; give a positive length up to 10,000 pixels, e.g. height="340".'
    ),
    'viewBox="0 0 0 10"': (
        'has viewBox="0 0 0 10"; a viewBox is four numbers, min-x min-y width height, with '
        'a positive width and height, e.g. viewBox="0 0 340 80".'
    ),
    'viewBox="0 0 10"': (
        'has viewBox="0 0 10"; a viewBox is four numbers, min-x min-y width height, with a '
        'positive width and height, e.g. viewBox="0 0 340 80".'
    ),
    'viewBox="0 0 nan 10"': (
        'has viewBox="0 0 nan 10"; a viewBox is four numbers, min-x min-y width height, '
        'with a positive width and height, e.g. viewBox="0 0 340 80".'
    ),
    'viewBox="0 0 1e12 1"': (
        'has viewBox="0 0 1e12 1"; a viewBox is four numbers, min-x min-y width height, '
        'with a positive width and height, e.g. viewBox="0 0 340 80".'
    ),
}


@pytest.mark.parametrize("attribute", sorted(SIZES))
def test_insane_sizes_are_refused(attribute, tmp_path, monkeypatch):
    project(tmp_path, "logo.svg", f"<svg {SVG} {attribute}/>")
    assert refused(tmp_path, monkeypatch) == [f"{WHERE}the logo logo.svg {SIZES[attribute]}"]


@pytest.mark.parametrize(
    "attributes", ['width="340" height="80"', 'width="55mm" height="2.5em"', 'width="100%"', ""]
)
def test_sane_sizes_are_fine(attributes, tmp_path):
    project(tmp_path, "logo.svg", f'<svg {SVG} {attributes} viewBox="0 0 340 80"/>')
    assert check_logo(tmp_path / "logo.svg", "logo.svg") is None


def test_a_long_attribute_is_cut_short_in_the_message(tmp_path, monkeypatch):
    project(tmp_path, "logo.svg", f'<svg {SVG} width="{"9" * 5000}"/>')
    assert refused(tmp_path, monkeypatch) == [
        f'{WHERE}the logo logo.svg has width="{"9" * 60}… (5,000 characters)"; give a '
        'positive length up to 10,000 pixels, e.g. width="340".'
    ]


def test_malformed_svg_is_refused_with_its_line_and_column(tmp_path, monkeypatch):
    project(tmp_path, "logo.svg", f"<svg {SVG}>\n  <g>\n</svg>")
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg is not well-formed XML: mismatched tag at line 3, "
        "column 3. Fix it, or export the SVG again."
    ]


def test_an_svg_file_that_is_not_svg_is_refused(tmp_path, monkeypatch):
    project(tmp_path, "logo.svg", "<html><body><svg/></body></html>")
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.svg is not an SVG image: its root element is <html>."
    ]


# -------------------------------------------------------------------- PNG and JPEG


def png_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 160)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A valid PNG header claiming `width` × `height` pixels, with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_truncated_png_is_refused(tmp_path, monkeypatch):
    whole = png_bytes(300, 120)
    project(tmp_path, "logo.png", whole[:-12])  # the end chunk (IEND) cut off
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png is a broken PNG image (truncated PNG file); export it again."
    ]


def test_a_png_cut_in_half_is_refused(tmp_path, monkeypatch):
    whole = png_bytes(300, 120)
    project(tmp_path, "logo.png", whole[: len(whole) // 2])
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png is a broken PNG image (Truncated File Read); export it again."
    ]


def test_a_truncated_jpeg_is_refused(tmp_path, monkeypatch):
    whole = jpeg_bytes(400, 300)
    project(tmp_path, "logo.jpg", whole[: len(whole) * 2 // 3])
    (line,) = refused(tmp_path, monkeypatch)
    assert line.startswith(
        f"{WHERE}the logo logo.jpg is a broken JPEG image (image file is truncated ("
    )
    assert line.endswith(" bytes not processed)); export it again.")


def test_a_png_with_a_bad_checksum_is_refused(tmp_path, monkeypatch):
    whole = bytearray(png_bytes(300, 120))
    whole[-20] ^= 0xFF  # inside the image data
    project(tmp_path, "logo.png", bytes(whole))
    (line,) = refused(tmp_path, monkeypatch)
    assert line.startswith(f"{WHERE}the logo logo.png is a broken PNG image (")


def test_a_huge_png_header_is_refused_before_decoding(tmp_path, monkeypatch):
    project(tmp_path, "logo.png", png_header(100_000, 100_000))
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png has more than 40,000,000 pixels; {PIXELS}"
    ]


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        ((20_000, 10), "20,000 × 10"),
        ((10, 10_001), "10 × 10,001"),
        ((8_000, 6_000), "8,000 × 6,000"),
    ],
)
def test_too_many_pixels_are_refused(size, shown, tmp_path, monkeypatch):
    project(tmp_path, "logo.png", png_header(*size))
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png is {shown} pixels; {PIXELS}"
    ]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    project(tmp_path, "logo.png", png_bytes(10, 10))
    with open(tmp_path / "logo.png", "r+b") as handle:
        handle.truncate(MAX_LOGO_BYTES + 1)
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png is 5,000,001 bytes; the limit is 5,000,000 bytes (5 MB). "
        "Make the file smaller (a logo needs at most about 2,000 pixels a side) or use an SVG."
    ]


def test_an_unreadable_logo_is_refused_naming_it(tmp_path, monkeypatch):
    """As a logo without read permission (chmod 000) behaves for anyone but root."""
    project(tmp_path, "logo.png", png_bytes(10, 10))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "logo.png":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    expected = [f"{WHERE}cannot read the logo logo.png: Permission denied"]
    assert refused(tmp_path, monkeypatch, "validate") == expected
    assert refused(tmp_path, monkeypatch) == expected


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_a_logo_without_read_permission_is_refused(tmp_path, monkeypatch):
    project(tmp_path, "logo.png", png_bytes(10, 10))
    (tmp_path / "logo.png").chmod(0)
    try:
        lines = refused(tmp_path, monkeypatch)
    finally:
        (tmp_path / "logo.png").chmod(0o644)
    assert lines == [f"{WHERE}cannot read the logo logo.png: Permission denied"]


def test_a_folder_named_like_the_logo_is_refused(tmp_path, monkeypatch):
    project(tmp_path, "other.png", png_bytes(10, 10))
    (tmp_path / "logo.png").mkdir()
    (tmp_path / "account.yaml").write_text(
        BASE.replace("{name: Acme}", "{name: Acme, logo: logo.png}")
    )
    assert refused(tmp_path, monkeypatch) == [f"{WHERE}'logo.png' is not a regular file"]


@pytest.mark.parametrize(
    ("view_box", "accepted"),
    [
        ("-1e9 -1e9 1e9 1e9", True),  # MAX_SVG_COORDINATE: 1e9 either way
        ("0 0 1000000001 1", False),
        ("-1000000001 0 10 10", False),
        ("0 1e10 10 10", False),
    ],
)
def test_view_box_coordinates_are_bounded(view_box, accepted, tmp_path):
    project(tmp_path, "logo.svg", f'<svg {SVG} viewBox="{view_box}"/>')
    refusal = check_logo(tmp_path / "logo.svg", "logo.svg")
    if accepted:
        assert refusal is None
    else:
        assert refusal == (
            f'the logo logo.svg has viewBox="{view_box}"; a viewBox is four numbers, min-x '
            'min-y width height, with a positive width and height, e.g. viewBox="0 0 340 80".'
        )


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("logo.png", jpeg_bytes(20, 20), "holds a JPEG image, not a PNG: rename it to .jpg."),
        ("logo.jpeg", png_bytes(20, 20), "holds a PNG image, not a JPEG: rename it to .png."),
    ],
)
def test_a_logo_whose_name_lies_about_its_format_is_refused(
    name, data, says, tmp_path, monkeypatch
):
    project(tmp_path, name, data)
    assert refused(tmp_path, monkeypatch) == [f"{WHERE}the logo {name} {says}"]


def test_a_gif_named_png_is_refused(tmp_path, monkeypatch):
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    project(tmp_path, "logo.png", out.getvalue())
    assert refused(tmp_path, monkeypatch) == [
        f"{WHERE}the logo logo.png holds a GIF image, not a PNG: convert it to PNG or JPEG."
    ]


def test_the_theme_logo_is_checked_where_the_theme_names_it(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + "theme:\n  logo: assets/logo.png\n")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(png_header(20_000, 10))
    assert refused(tmp_path, monkeypatch, "validate") == [
        "account.yaml:7:9: theme.logo: the logo assets/logo.png is 20,000 × 10 pixels; " + PIXELS
    ]


def test_valid_png_and_jpeg_logos_build(tmp_path, monkeypatch):
    from pypdf import PdfReader

    for name, data in (("logo.png", png_bytes(600, 240)), ("logo.jpg", jpeg_bytes(600, 240))):
        folder = tmp_path / name.replace(".", "-")
        folder.mkdir()
        project(folder, name, data)
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(app, ["build", "account.yaml", "-f", "pdf"])
        assert result.exit_code == 0, result.output
        cover = PdfReader(folder / f"{folder.name}.pdf").pages[0]
        assert [image.image.size for image in cover.images] == [(600, 240)]


def test_shorten_keeps_the_start_and_says_how_long():
    assert shorten("x" * 60) == "x" * 60
    assert shorten("x" * 61) == "x" * 60 + "… (61 characters)"
    uri = "data:image/svg+xml;base64," + "PHN2Zy" * 2_000_000
    assert shorten(uri) == "data:image/svg+xml;base64,PHN2Zy… (12,000,026 characters)"


def test_a_truncated_jpeg_is_refused_after_weasyprint_was_imported(tmp_path, monkeypatch):
    """Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process
    (a warm process: watch mode, batch workers); the check must not depend on it."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    whole = jpeg_bytes(400, 300)
    project(tmp_path, "logo.jpg", whole[: len(whole) * 2 // 3])
    (line,) = refused(tmp_path, monkeypatch)
    assert line.startswith(f"{WHERE}the logo logo.jpg is a broken JPEG image (image file is")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint
