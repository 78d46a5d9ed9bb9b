"""What keeps the commands users run in a loop fast (issue 18, docs/performance.md):
help screens without the modules they never use, English without a catalog, models
built when first used, kam's templates compiled once. Each is checked for what it
does, and for giving the same results as the slow way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kam.render import html

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ribera" / "account.yaml"


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.strip()


def test_help_module_imports_without_markdown_and_tracebacks():
    out = _python(
        "import sys\n"
        "from kam.cli import usage\n"
        "usage.import_help_lightly()\n"
        "import typer.rich_utils as r\n"
        "print(sorted(m for m in ('rich.markdown', 'markdown_it', 'rich.traceback', "
        "'rich.pretty') if m in sys.modules))\n"
        # the stand-ins are the real classes when used
        "made = r._make_rich_text(text='*x*', markup_mode='markdown')\n"
        "import rich.markdown\n"
        "print(type(made) is rich.markdown.Markdown)\n"
        "try:\n"
        "    raise ValueError('x')\n"
        "except ValueError as exc:\n"
        "    from typer.models import DeveloperExceptionConfig\n"
        "    shown = r.get_traceback(exc, DeveloperExceptionConfig(), [])\n"
        "import rich.traceback\n"
        "print(type(shown) is rich.traceback.Traceback)\n"
    )
    assert out.splitlines() == ["[]", "True", "True"]


def test_help_asked_for():
    from kam.cli.usage import asks_for_help

    assert asks_for_help([]) and asks_for_help(["--help"]) and asks_for_help(["build", "-h"])
    assert not asks_for_help(["validate", "account.yaml"])


def test_english_needs_no_catalog():
    import gettext

    from kam.i18n import catalog

    assert type(catalog("en")) is gettext.NullTranslations
    assert catalog("es").gettext("Aborted.") != "Aborted."


def test_models_are_built_when_first_used():
    out = _python(
        "from kam.models import Document, Plan\n"
        "print(Document.__pydantic_complete__, Plan.__pydantic_complete__)\n"
        "from kam.pipeline import prepare\n"
        f"prepared, problems = prepare({str(EXAMPLE)!r})\n"
        "print(prepared is not None, Document.__pydantic_complete__)\n"
    )
    assert out.splitlines() == ["False False", "True True"]


def _render(cache_dir: Path) -> str:
    from kam.pipeline import prepare, render_html

    env = html._environment(
        html.FileSystemLoader(str(html.templates_dir())),
        html._CompiledTemplates(str(cache_dir)),
    )
    prepared, _problems = prepare(EXAMPLE)
    original = html._builtin_environment
    html._builtin_environment = lambda: env
    try:
        return render_html(prepared)
    finally:
        html._builtin_environment = original


def test_compiled_templates_are_kept_and_give_the_same_html(tmp_path):
    fresh = _render(tmp_path)
    kept = sorted(tmp_path.glob("kam-*.cache"))
    assert kept, "the compiled templates are kept"
    assert _render(tmp_path) == fresh
    from jinja2.bccache import bc_magic

    for file in kept:  # a damaged cache is compiled again, not trusted
        file.write_bytes(bc_magic + b"\x80 not a pickle")
    assert _render(tmp_path) == fresh
    uncached = html._environment(html.FileSystemLoader(str(html.templates_dir())))
    assert uncached.bytecode_cache is None


def test_compiled_templates_follow_the_compiler(monkeypatch):
    cache = html._CompiledTemplates()
    key = cache.get_cache_key("document.html.j2", "/t/document.html.j2")
    assert key == cache.get_cache_key("document.html.j2", "/t/document.html.j2")
    monkeypatch.setattr(html, "_compiler", lambda: "another sandbox")
    assert cache.get_cache_key("document.html.j2", "/t/document.html.j2") != key


def test_the_collector_runs_rarely_within_a_command_and_as_before_after():
    """The mechanism behind a sixth of `kam validate` and a tenth of a cold PDF build
    (docs/performance.md): within `cycles.rarely()` the young generation waits for
    THRESHOLD allocations and what existed is frozen; nested (a PDF render within the
    command), it freezes what was made since and leaves the restoring to the outermost;
    afterwards the thresholds are the caller's and nothing is frozen."""
    import gc

    from kam import cycles

    before = gc.get_threshold()
    with cycles.rarely():
        assert gc.get_threshold() == (cycles.THRESHOLD, *before[1:])
        frozen = gc.get_freeze_count()
        assert frozen > 0
        made = [[] for _ in range(1000)]
        with cycles.rarely():
            assert gc.get_freeze_count() >= frozen + len(made)
        assert gc.get_threshold() == (cycles.THRESHOLD, *before[1:])
        assert gc.get_freeze_count() >= frozen + len(made)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_command_line_runs_the_collector_rarely(monkeypatch):
    """kam.cli.main holds `cycles.rarely()` around the command."""
    import gc

    from kam import cli, cycles

    seen = []
    monkeypatch.setattr(cli, "_run", lambda: seen.append(gc.get_threshold()[0]) or 0)
    with pytest.raises(SystemExit):
        cli.main()
    assert seen == [cycles.THRESHOLD]
    assert gc.get_threshold()[0] != cycles.THRESHOLD


def test_a_pdf_build_leaves_fonttools_subsetting_lxml_and_the_locale_data_out(tmp_path):
    """Two of the PDF build's memory levers (docs/performance.md): WeasyPrint's import
    leaves out fontTools' subsetting and variable-font modules, and lxml with them, and
    Babel's locale data is let go before the layout; the Spanish numbers printed
    afterwards are still Spanish. Afterwards the modules import as usual (lxml too)."""
    out = _python(
        "import sys\n"
        "from kam.cli import main\n"
        f"sys.argv = ['kam', 'build', {str(EXAMPLE)!r}, '-f', 'pdf', '-o', {str(tmp_path)!r},"
        " '--timings']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "import babel.localedata\n"
        "print(sorted(m for m in ('lxml', 'fontTools.subset', 'fontTools.varLib', "
        "'fontTools.varLib.instancer') if m in sys.modules), sorted(babel.localedata._cache))\n"
        "import fontTools.subset.svg as svg, fontTools.varLib.instancer as instancer\n"
        "print(svg.etree is sys.modules['lxml.etree'], hasattr(instancer, 'instantiateVariableFont'))\n"
    )
    assert out.splitlines() == ["[] []", "True True"]
    assert (tmp_path / "ribera.pdf").stat().st_size > 100_000


def test_fonttools_modules_come_when_weasyprint_uses_them(tmp_path):
    """Without libharfbuzz-subset, fontTools subsets the fonts: its subset module comes
    then, with lxml for SVG tables, and the PDF is written; a variable font's instance
    calls the real function."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kam.render import pdf\n"
        "pdf._weasyprint()\n"
        "import weasyprint.pdf.fonts as fonts\n"
        "print('fontTools.subset' in sys.modules)\n"
        "fonts.harfbuzz_subset = None\n"
        "from kam.pipeline import build\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "(folder / 'account.yaml').write_text('kam: 1\\nlocale: en\\ncurrency: EUR\\n"
        "date: 2026-11-27\\ncompany: {name: Acme}\\naccount: {name: Beta}\\n')\n"
        "written, problems, _ = build(folder / 'account.yaml', formats=('pdf',))\n"
        "print('fontTools.subset' in sys.modules, 'lxml' in sys.modules)\n"
        "import fontTools.subset.svg as svg\n"
        "print(written[0].read_bytes()[:5], fonts.subset.Options is sys.modules["
        "'fontTools.subset'].Options, svg.etree is sys.modules.get('lxml.etree'))\n"
        "try:\n"
        "    fonts.instantiateVariableFont()\n"
        "except TypeError as exc:\n"
        "    print(str(exc).split('(')[0], 'fontTools.varLib.instancer' in sys.modules)\n"
    )
    assert _python(code).splitlines() == [
        "False",
        "True True",
        "b'%PDF-' True True",
        "instantiateVariableFont True",
    ]


def test_released_locale_data_is_loaded_again_when_used():
    import babel.localedata

    from kam.i18n import babel_locale, release_locale_data, speaking
    from kam.text import number

    first = babel_locale("es")
    assert first.decimal_formats  # loaded
    release_locale_data()
    assert babel.localedata._cache == {}
    assert babel_locale("es") is not first
    assert babel_locale("es").number_symbols["latn"]["decimal"] == ","
    with speaking("es"):
        assert number(5000000) == "5.000.000"


@pytest.mark.skipif(
    sys.platform != "linux" or bool(os.environ.get("LD_LIBRARY_PATH")),
    reason="the quick search is for Linux without LD_LIBRARY_PATH",
)
def test_weasyprint_finds_its_libraries_in_one_reading_of_the_linker_cache():
    """cffi asks ctypes.util.find_library for every library name WeasyPrint tries, which
    runs ldconfig, gcc and ld for each name that is not found: one `ldconfig -p` does
    here, with the same answers for the names found (docs/performance.md)."""
    out = _python(
        "import ctypes.util, subprocess\n"
        "from kam.render import pdf\n"
        "runs = []\n"
        "popen = subprocess.Popen.__init__\n"
        "def counted(self, args, *a, **k):\n"
        "    runs.append(args[0])\n"
        "    popen(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = counted\n"
        "original = ctypes.util.find_library\n"
        "pdf._weasyprint()\n"
        "subprocess.Popen.__init__ = popen\n"
        "from weasyprint.text import ffi\n"
        "print(runs, ffi.harfbuzz_subset is not None, ctypes.util.find_library is original)\n"
        "with pdf._libraries_found_quickly():\n"
        "    quick = [ctypes.util.find_library(n) for n in ('pango-1.0', 'gobject-2.0', 'nonesuch-9')]\n"
        "print(quick == [original('pango-1.0'), original('gobject-2.0'), None], quick[0])\n"
    )
    assert out.splitlines() == [
        "['/sbin/ldconfig'] True True",
        "True libpango-1.0.so.0",
    ]


def test_a_library_the_linker_cache_does_not_list_is_searched_for_as_usual():
    """With nothing found in the cache WeasyPrint's import fails, and is tried again
    with ctypes.util's own search."""
    out = _python(
        "from kam.render import pdf\n"
        "pdf._linker_cache = lambda: b''\n"
        "pdf._weasyprint()\n"
        "from weasyprint.text import ffi\n"
        "print(ffi.pango is not None, ffi.harfbuzz_subset is not None)\n"
    )
    assert out == "True True"


def test_the_pdf_reads_the_fonts_from_their_files_with_the_same_result(tmp_path):
    """The PDF renderer gets kam's fonts as file: URLs (parsed in a fraction of the time
    of their data: URIs); the files are the embedded fonts and the PDF is the same."""
    import base64
    import re
    from urllib.parse import unquote, urlparse

    from kam.problems import Problems
    from kam.render import pdf

    for font in html.FONTS:
        embedded = re.findall(r"url\(data:font/ttf;base64,([^)]*)\)", html.font_css(font))
        files = re.findall(r"url\((file:[^)]*)\)", html.font_css(font, embed=False))
        assert "data:" not in html.font_css(font, embed=False)
        assert len(files) == len(embedded) == len(html.FONTS[font].faces)
        for data, url in zip(embedded, files, strict=True):
            assert Path(unquote(urlparse(url).path)).read_bytes() == base64.b64decode(data)
    fonts = html.font_css()
    page = (
        f"<html lang=en><head><style>{fonts}</style></head><body><p>Kam <b>ñ</b></p></body></html>"
    )
    written = []
    for files in ("", html.font_css(embed=False)):
        target = tmp_path / f"{len(files)}.pdf"
        job = pdf.PdfJob(root=tmp_path, identifier=b"0" * 32, font_css=fonts, font_files=files)
        assert pdf.write_pdf(page, target, job, Problems())
        written.append(target.read_bytes())
    assert written[0] == written[1]


def test_the_kam_command_ends_at_once_with_its_output_whole_and_its_exit_code(tmp_path):
    """`python -m kam` (like the `kam` script, kam.cli.run) leaves with os._exit once
    the command is done: stdout flushed whole, the command's exit code kept."""
    import json

    schema = subprocess.run(
        [sys.executable, "-m", "kam", "schema", "--part", "account"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert schema.returncode == 0 and json.loads(schema.stdout)["type"] == "object"
    bad = tmp_path / "account.yaml"
    bad.write_text("kam: 1\nlocale: en\ncompany: [\n")
    invalid = subprocess.run(
        [sys.executable, "-m", "kam", "validate", str(bad)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert invalid.returncode == 1 and invalid.stderr.rstrip().endswith("invalid")
    usage = subprocess.run(
        [sys.executable, "-m", "kam", "nonsense"], capture_output=True, text=True, timeout=120
    )
    assert usage.returncode == 2


def test_the_kam_command_validates_without_looking_for_pydantic_plugins():
    out = _python(
        "import sys\n"
        f"sys.argv = ['kam', 'validate', {str(EXAMPLE)!r}]\n"
        "from kam.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print(exc.code)\n"
        "print(sorted(m for m in ('importlib.metadata', 'email') if m in sys.modules))\n"
        "from pydantic.plugin import _loader\n"
        "print(list(_loader.get_plugins()))\n"
        # a name kam's loader does not have: the real loader's
        "print(_loader.PYDANTIC_ENTRY_POINT_GROUP)\n"
    )
    assert out.splitlines() == ["0", "[]", "[]", "pydantic"]


def test_outside_the_command_pydantic_plugins_are_looked_for_as_usual():
    out = _python(
        "import sys\n"
        "from kam.models import Document\n"
        "Document.model_rebuild()\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    assert out == "True"


def test_kam_help_imports_no_pydantic():
    out = _python(
        "import sys, contextlib, io\n"
        "sys.argv = ['kam', '--help']\n"
        "from kam.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "print(code, sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules))\n"
    )
    assert out == "0 []"
