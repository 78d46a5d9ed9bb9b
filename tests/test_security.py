"""Untrusted documents: /etc/passwd cannot reach the PDF or HTML (through Markdown, the
logo, includes or CSV paths), a build makes no network request, a failed build leaves
the previous output byte-identical, and alias bombs are refused fast."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kam import cli
from kam.cli import app

BASE = "kam: 1\nlocale: en\ncurrency: EUR\ncompany: {name: Acme}\naccount: {name: Beta}\n"
PASSWD = Path("/etc/passwd")


def passwd_markers() -> list[bytes]:
    """Lines of /etc/passwd that must never show up in output."""
    if not PASSWD.is_file():
        return [b"root:x:0:0"]
    lines = [ln for ln in PASSWD.read_bytes().splitlines() if ln.count(b":") >= 5]
    return lines[:3] or [b"root:x:0:0"]


def pdf_bytes_everywhere(pdf: Path) -> bytes:
    """The PDF's raw bytes plus every stream inflated, plus its extracted text."""
    from pypdf import PdfReader

    raw = pdf.read_bytes()
    parts = [raw]
    reader = PdfReader(pdf)
    for page in reader.pages:
        parts.append((page.extract_text() or "").encode("utf-8"))
    start = 0
    while (at := raw.find(b"stream", start)) >= 0:
        body = raw[at + 6 :].lstrip(b"\r\n")
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(body))
        start = at + 6
    return b"\n".join(parts)


class Counter:
    """A local HTTP server on 127.0.0.1 that counts the requests it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        counter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server API
                counter.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_HEAD = do_POST = do_GET  # noqa: N815

            def log_message(self, *args):  # silence
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def server():
    counter = Counter()
    yield counter
    counter.close()


class ConnectRecorder:
    """Records every outgoing socket connection made while active."""

    def __init__(self, monkeypatch) -> None:
        self.calls: list[object] = []
        original = socket.socket.connect
        original_ex = socket.socket.connect_ex
        recorder = self

        def connect(sock, address):
            recorder.calls.append(address)
            return original(sock, address)

        def connect_ex(sock, address):
            recorder.calls.append(address)
            return original_ex(sock, address)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


def markdown_attacks(url: str) -> str:
    return "\n".join(
        [
            "Plain **bold** text.",
            "",
            "<script>alert(1)</script>",
            "",
            '<img src="file:///etc/passwd"> <img src="/etc/passwd">',
            f'<img src="{url}/raw-img.png">',
            '<iframe src="file:///etc/passwd"></iframe>',
            '<object data="/etc/passwd"></object> <embed src="/etc/passwd">',
            f'<link rel="stylesheet" href="{url}/style.css">',
            '<link rel="attachment" href="file:///etc/passwd">',
            f"<style>@import url({url}/import.css);</style>",
            "",
            f"![passwd](/etc/passwd) ![passwd](file:///etc/passwd) ![remote]({url}/md-img.png)",
            "",
            "[passwd](file:///etc/passwd) [js](javascript:alert(1)) "
            f"[ok]({url}/link) <{url}/autolink> <file:///etc/passwd>",
        ]
    )


def yaml_block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.splitlines()) + "\n"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory, server):
    """A valid document full of Markdown and HTML that tries to read /etc/passwd and
    fetch from the local server, built once to PDF and HTML."""
    project = tmp_path_factory.mktemp("attacked") / "acme"
    project.mkdir()
    attacks = markdown_attacks(server.url)
    # An SVG logo that refers outside itself is refused when the document is loaded
    # (tests/test_images.py); one drawn from a template, while the PDF is drawn
    # (tests/test_renderer_errors.py).
    (project / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        '<rect width="100" height="40" fill="#036"/></svg>'
    )
    (project / "account.yaml").write_text(
        "kam: 1\nlocale: en\ncurrency: EUR\ndate: 2026-11-27\n"
        "company: {name: '<b>Acme</b> <img src=/etc/passwd>', logo: logo.svg}\n"
        "account: {name: Beta}\n"
        "plan:\n"
        "  executive_summary: " + yaml_block(attacks, 4) + "  current_position:\n"
        "    team:\n"
        "      - id: ana\n"
        "        name: Ana\n"
        f"        responsibilities: '<img src=\"{server.url}/inline.png\"> [x](file:///etc/passwd)'\n"
        "  customer_business:\n"
        "    opportunities:\n"
        "      - " + yaml_block(attacks, 8)
    )
    return project


@pytest.fixture(scope="module")
def built(attacked, server):
    with pytest.MonkeyPatch.context() as mp:
        recorder = ConnectRecorder(mp)
        mp.chdir(attacked)
        result = CliRunner().invoke(app, ["build", "account.yaml"])
    return result, recorder.calls


def test_attacked_document_builds(built, attacked):
    result, _calls = built
    assert result.exit_code == 0, result.output
    assert (attacked / "acme.pdf").read_bytes().startswith(b"%PDF-")
    assert (attacked / "acme.html").is_file()


def test_raw_html_in_markdown_is_escaped(built, attacked):
    html = (attacked / "acme.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    lowered = html.lower()
    for tag in ("<script", "<iframe", "<object", "<embed", "<link", "<style>@import"):
        assert tag not in lowered, tag
    # The only image is the logo, embedded as a data: URI.
    images = lowered.split("<img")[1:]
    assert len(images) == 1 and images[0].split("src=", 1)[1].startswith('"data:image/svg+xml')
    for bad in ('href="file:', "href='file:", 'src="file:', 'src="/etc', 'href="javascript:'):
        assert bad not in lowered, bad


def test_passwd_reaches_neither_html_nor_pdf(built, attacked):
    html = (attacked / "acme.html").read_bytes()
    everything = pdf_bytes_everywhere(attacked / "acme.pdf")
    for marker in passwd_markers():
        assert marker not in html
        assert marker not in everything


def test_a_build_makes_no_network_request(built, server):
    _result, calls = built
    assert server.requests == []
    assert calls == []


PATH_ATTACKS = {
    "include-absolute": (BASE + "plan: /etc/passwd\n", {}),
    "include-dotdot": (BASE + "plan: ../../../../../../../../../etc/passwd\n", {}),
    "include-symlink": (BASE + "plan: plan.yaml\n", {"plan.yaml": PASSWD}),
    "include-url": (BASE + "plan: '{url}/plan.yaml'\n", {}),
    "logo-absolute": (BASE.replace("{name: Acme}", "{name: Acme, logo: /etc/passwd}"), {}),
    "logo-dotdot": (
        BASE.replace("{name: Acme}", "{name: Acme, logo: ../../../../../../../etc/passwd}"),
        {},
    ),
    "logo-symlink": (
        BASE.replace("{name: Acme}", "{name: Acme, logo: logo.svg}"),
        {"logo.svg": PASSWD},
    ),
    "logo-url": (BASE.replace("{name: Acme}", "{name: Acme, logo: '{url}/logo.png'}"), {}),
    "logo-file-url": (BASE.replace("{name: Acme}", "{name: Acme, logo: 'file:///etc/passwd'}"), {}),
    "customers-csv-absolute": (BASE + "portfolio:\n  customers: {csv: /etc/passwd}\n", {}),
    "customers-csv-symlink": (
        BASE + "portfolio:\n  customers: {csv: customers.csv}\n",
        {"customers.csv": PASSWD},
    ),
    "customers-csv-url": (BASE + "portfolio:\n  customers: {csv: '{url}/c.csv'}\n", {}),
    "purchases-csv-dotdot": (
        BASE + "analysis:\n  purchase_history: {csv: ../../../../../../../etc/passwd}\n",
        {},
    ),
    "purchases-csv-symlink": (
        BASE + "analysis:\n  purchase_history: {csv: data/p.csv}\n",
        {"data/p.csv": PASSWD},
    ),
}


@pytest.mark.parametrize("name", sorted(PATH_ATTACKS))
def test_passwd_cannot_be_named_as_a_file(name, tmp_path, monkeypatch, server):
    text, links = PATH_ATTACKS[name]
    project = tmp_path / "p"
    project.mkdir()
    (project / "account.yaml").write_text(text.replace("{url}", server.url))
    for link, target in links.items():
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project / link)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    recorder = ConnectRecorder(monkeypatch)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "account.yaml"])
    assert result.exit_code == 1, result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    for marker in passwd_markers():
        assert marker.decode() not in result.output
    assert result.stderr.splitlines()[-1] == "account.yaml: not built"
    assert server.requests == [] and recorder.calls == []


# -------------------------------------------------------------- atomic output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def previous(built, attacked, tmp_path):
    """A copy of the attacked project with its built PDF and HTML."""
    project = tmp_path / "acme"
    shutil.copytree(attacked, project)
    return project


def test_failed_validation_leaves_previous_output_identical(previous, monkeypatch):
    before = snapshot(previous)
    (previous / "account.yaml").write_text(BASE + "titel: oops\n")
    monkeypatch.chdir(previous)
    result = CliRunner().invoke(app, ["build", "account.yaml"])
    assert result.exit_code == 1
    after = snapshot(previous)
    for name in ("acme.pdf", "acme.html"):
        assert after[name] == before[name]
    assert set(after) == set(before)


def test_failed_rendering_leaves_previous_output_identical(previous, monkeypatch):
    """A logo WeasyPrint cannot read fails the build in the renderer."""
    before = snapshot(previous)
    (previous / "logo.png").write_bytes(b"this is not a PNG image")
    (previous / "account.yaml").write_text(
        BASE.replace("{name: Acme}", "{name: Acme, logo: logo.png}")
    )
    monkeypatch.chdir(previous)
    result = CliRunner().invoke(app, ["build", "account.yaml"])
    assert result.exit_code == 1
    after = snapshot(previous)
    assert after["acme.pdf"] == before["acme.pdf"]
    assert after["acme.html"] == before["acme.html"]
    assert set(after) == set(before) | {"logo.png"}  # no temporary file left behind


def test_crash_while_writing_the_pdf_leaves_previous_output_identical(
    previous, monkeypatch, capsys
):
    before = snapshot(previous)

    def half_written(html, target, job, problems, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.7\n% half a PDF")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kam.render.pdf.write_pdf", half_written)
    monkeypatch.chdir(previous)
    monkeypatch.setattr(sys, "argv", ["kam", "build", "account.yaml"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1  # the user's disk, not a bug in kam
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "No space left on device; choose a folder you can write to with -o" in err
    assert snapshot(previous) == before


# ------------------------------------------------------------------ alias bombs


def laughs(levels: int, width: int) -> str:
    lines = ["a: &a [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        prev, cur = f"l{i - 1}" if i > 1 else "a", f"l{i}"
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


BOMBS = {
    "lists-9x9": laughs(10, 9),
    "lists-30x4": laughs(30, 4),
    "mappings": "a: &a {x: 1, y: 2, z: 3, w: 4}\n"
    + "".join(
        f"b{i}: &b{i} {{p: *{prev}, q: *{prev}, r: *{prev}, s: *{prev}}}\n"
        for i, prev in enumerate(["a"] + [f"b{k}" for k in range(13)])
    ),
}


def _trim(text: str) -> str:
    """Keep whole lines and stay within 1 KB."""
    while len(text.encode()) > 1024:
        text = text[: text.rstrip("\n").rfind("\n") + 1]
    return text


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_1kb_alias_bomb_is_refused_by_the_node_budget(name, tmp_path, monkeypatch):
    text = _trim(BOMBS[name])
    assert len(text.encode()) <= 1024
    (tmp_path / "account.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", "account.yaml"])
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # a hang guard; the message below shows the budget stopped it
    assert result.exit_code == 1
    (line, verdict) = result.stderr.splitlines()
    assert verdict == "account.yaml: invalid"
    assert line.startswith("account.yaml:")
    assert line.endswith(
        "the YAML expands to more than 2,000,000 values (aliases repeated too often); "
        "write the data out or use a CSV file"
    )


def test_an_alias_bomb_in_an_included_file_is_refused_by_the_budget(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + "plan: plan.yaml\n")
    (tmp_path / "plan.yaml").write_text(_trim(laughs(10, 9)))
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["build", "account.yaml"])
    assert time.perf_counter() - start < 30  # a hang guard
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("plan.yaml:")
    assert "expands to more than 2,000,000 values" in result.stderr


@pytest.mark.parametrize(
    "text",
    ["title: " + "[" * 50_000 + "]" * 50_000, "title: " + "{a: " * 20_000 + "1" + "}" * 20_000],
    ids=["lists", "mappings"],
)
def test_very_deep_nesting_is_refused_by_the_depth_limit(text, tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(BASE + text + "\n")
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", "account.yaml"])
    assert time.perf_counter() - start < 30  # a hang guard; the message names the limit
    assert result.exit_code == 1
    assert "nested" in result.stderr and "64 levels" in result.stderr


def test_an_entry_file_that_links_out_of_its_folder_is_refused(tmp_path, monkeypatch):
    """A checkout's account.yaml -> /elsewhere/account.yaml would make /elsewhere the
    project folder, and its values would reach GitHub annotations."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "account.yaml").write_text(BASE + "title: 'from outside ::error::x'\n")
    (outside / "plan.yaml").write_text("executive_summary: outside\n")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    os.symlink(outside / "account.yaml", checkout / "account.yaml")
    monkeypatch.chdir(checkout)
    for command in (["validate", "account.yaml", "-f", "github"], ["build", "account.yaml"]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "from outside" not in result.output
    result = CliRunner().invoke(app, ["validate", "account.yaml"])
    assert result.stderr.splitlines()[0] == (
        f"'account.yaml' is a link to a file outside its folder ({outside / 'account.yaml'}); "
        "kam reads only files inside the project folder: copy the file there"
    )
    assert sorted(p.name for p in checkout.iterdir()) == ["account.yaml"]


def test_an_entry_file_linked_within_its_folder_is_read(tmp_path, monkeypatch):
    project = tmp_path / "p"
    (project / "versions").mkdir(parents=True)
    (project / "versions" / "v2.yaml").write_text(BASE)
    os.symlink("versions/v2.yaml", project / "account.yaml")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "account.yaml", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert (project / "p.html").exists()
