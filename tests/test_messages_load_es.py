"""A Spanish document gets the problems of its project files and of rendering in
Spanish, at their position: the logo, templates/ and style.css, paths, control
characters, limits, the PDF renderer, its time budget and the template sandbox.
Numbers in them are written as the document's locale writes them (es-ES 5.000.000,
es-MX 5,000,000); each message keeps a stable English code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kam.i18n import code_of
from kam.pipeline import build, prepare
from kam.problems import KamError

TODAY = dt.date(2026, 11, 27)
DOCUMENT = """\
kam: 1
locale: {locale}
currency: EUR
company: {{name: Acme, logo: {logo}}}
account: {{name: Beta}}
"""
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><rect width="9"/></svg>'


def project(tmp_path: Path, locale: str = "es-ES", logo: str = "logo.svg", svg: str = LOGO):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "account.yaml").write_text(
        DOCUMENT.format(locale=locale, logo=logo), encoding="utf-8"
    )
    (folder / "logo.svg").write_text(svg, encoding="utf-8")
    return folder


def problems(folder: Path, formats: tuple[str, ...] = ("html",)) -> list[tuple[str, str]]:
    """(`file:line:col` relative to the project, message) of every error of a build."""
    try:
        _written, found, _timings = build(folder / "account.yaml", folder / "out", formats)
    except KamError as exc:
        found = exc.problems
    out = []
    for problem in found.errors:
        pos = problem.pos
        where = ""
        if pos is not None:
            name = Path(pos.file).resolve().relative_to(folder.resolve()).as_posix()
            where = f"{name}:{pos.line}:{pos.col}"
        out.append((where, problem.message))
    return out


# ------------------------------------------------------------------- the logo


def test_a_logo_too_large_in_spain_and_in_mexico(tmp_path):
    """The sizes follow the document's locale; the advice is a whole Spanish sentence."""
    spain = project(tmp_path, "es-ES", logo="big.png")
    with open(spain / "big.png", "wb") as file:
        file.truncate(6_000_000)
    assert problems(spain) == [
        (
            "account.yaml:4:29",
            "el logotipo big.png ocupa 6.000.000 bytes; el límite es 5.000.000 bytes (5 MB). "
            "Reduzcan el archivo (a un logotipo le bastan unos 2.000 píxeles por lado) o usen "
            "un SVG.",
        )
    ]
    (spain / "account.yaml").write_text(
        DOCUMENT.format(locale="es-MX", logo="big.png"), encoding="utf-8"
    )
    [(where, message)] = problems(spain)
    assert message.startswith("el logotipo big.png ocupa 6,000,000 bytes; el límite es 5,000,000")
    assert "unos 2,000 píxeles por lado" in message


def test_an_svg_logo_that_refers_outside_itself(tmp_path):
    svg = LOGO.replace("<rect", '<image href="http://example.com/x.png"/><rect')
    folder = project(tmp_path, svg=svg)
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            "el logotipo logo.svg hace referencia a 'http://example.com/x.png' (línea 1); un "
            "logotipo debe ser autónomo: solo puede hacer referencia a sus propios '#id' y a "
            "URI data:. Incrusten el archivo o exporten el logotipo como PNG.",
        )
    ]


def test_an_image_embedded_in_the_logo_is_named_by_its_line(tmp_path):
    svg = LOGO.replace("<rect", '\n<image href="data:image/png;base64,AAAA"/><rect')
    folder = project(tmp_path, svg=svg)
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            "la imagen incrustada (línea 2) en el logotipo logo.svg no es una imagen PNG, JPEG "
            "ni SVG; incrusten una de esas.",
        )
    ]


def test_a_logo_that_is_not_an_image(tmp_path):
    folder = project(tmp_path, logo="logo.png")
    (folder / "logo.png").write_text("not an image", encoding="utf-8")
    assert problems(folder) == [
        ("account.yaml:4:29", "'logo.png' no es una imagen PNG, JPEG ni SVG")
    ]


def test_a_png_named_as_a_jpeg(tmp_path):
    import io

    from PIL import Image

    folder = project(tmp_path, "es-MX", logo="logo.jpg")
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    (folder / "logo.jpg").write_bytes(buffer.getvalue())
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            "el logotipo logo.jpg contiene una imagen PNG, no JPEG: cambien la extensión del "
            "archivo a .png.",
        )
    ]


def test_a_logo_with_too_many_pixels(tmp_path):
    from PIL import Image

    folder = project(tmp_path, logo="logo.png")
    Image.new("L", (10_001, 1)).save(folder / "logo.png")
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            "el logotipo logo.png mide 10.001 × 1 píxeles; el límite es 10.000 píxeles por lado "
            "y 40.000.000 píxeles en total. Reduzcan su tamaño: a un logotipo le bastan unos "
            "2.000 píxeles por lado.",
        )
    ]


def test_an_svg_logo_with_a_dtd(tmp_path):
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "b">]>\n' + LOGO
    folder = project(tmp_path, svg=svg)
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            "el logotipo logo.svg declara una DTD con entidades (línea 2); kam no lee DTD ni "
            "entidades en un SVG. Borren la declaración <!DOCTYPE …> o vuelvan a exportar el "
            "SVG sin ella.",
        )
    ]


# ------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("nada.png", "el archivo 'nada.png' no existe"),
        (
            "/etc/logo.png",
            "'/etc/logo.png' es una ruta absoluta; escriban una ruta relativa al archivo que la "
            "menciona",
        ),
        (
            "https://example.com/logo.png",
            "'https://example.com/logo.png' es una URL; kam solo lee archivos dentro de la "
            "carpeta del proyecto",
        ),
    ],
)
def test_paths_refused_in_spanish(tmp_path, logo, message):
    folder = project(tmp_path, logo=logo)
    assert problems(folder) == [("account.yaml:4:29", message)]


def test_a_path_outside_the_project(tmp_path):
    folder = project(tmp_path, logo="../fuera.png")
    (tmp_path / "fuera.png").write_bytes(b"x")
    root = folder.resolve()
    assert problems(folder) == [
        (
            "account.yaml:4:29",
            f"'../fuera.png' está fuera de la carpeta del proyecto {root}; muevan el archivo "
            "a la carpeta del proyecto",
        )
    ]


# ------------------------------------------------------- templates/ and style.css


def test_templates_that_is_not_a_folder(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").write_text("", encoding="utf-8")
    assert problems(folder) == [
        ("templates:1:1", "templates no es una carpeta; elimínenlo o conviértanlo en una carpeta")
    ]


def test_a_template_file_too_large(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    with open(folder / "templates" / "grande.html.j2", "wb") as file:
        file.truncate(1_500_000)
    assert problems(folder) == [
        (
            "templates/grande.html.j2:1:1",
            "el archivo ocupa 1.500.000 bytes; un archivo de templates/ puede ocupar como "
            "máximo 1.000.000",
        )
    ]


def test_stylesheet_problems_in_spanish(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "style.css").write_text(
        '@import "otra.css";\n@page { size: 100000mm }\np { columns: 40; font-size: 9em }\n'
        "b { background: url(nada.png) }\n",
        encoding="utf-8",
    )
    assert problems(folder) == [
        (
            "templates/style.css:1:1",
            "@import no está permitido en la hoja de estilos de un proyecto; copien las reglas "
            "en templates/style.css",
        ),
        (
            "templates/style.css:2:15",
            "el tamaño de página 100000mm supera el límite de 1200 mm",
        ),
        ("templates/style.css:3:14", "columns: 40 supera el límite de 12 columnas"),
        ("templates/style.css:3:29", "font-size 9em supera el límite de 4em"),
        (
            "templates/style.css:4:17",
            "url(nada.png) no se puede usar: el archivo 'nada.png' no existe",
        ),
    ]


def test_an_image_of_the_stylesheet_is_named_as_an_image(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "fondo.png").write_text("no", encoding="utf-8")
    (folder / "templates" / "style.css").write_text(
        "body { background: url(fondo.svg) }\n", encoding="utf-8"
    )
    (folder / "templates" / "fondo.svg").write_text(
        LOGO.replace('width="100"', 'width="-5"'), encoding="utf-8"
    )
    assert problems(folder) == [
        (
            "templates/style.css:1:20",
            'la imagen fondo.svg tiene width="-5"; indiquen una longitud positiva de hasta '
            '10.000 píxeles, p. ej. width="340".',
        )
    ]


# ------------------------------------------------------ control characters, limits


def test_a_control_character_in_a_value(tmp_path):
    folder = project(tmp_path)
    text = (folder / "account.yaml").read_text(encoding="utf-8")
    (folder / "account.yaml").write_text(
        text.replace("{name: Beta}", '{name: "Be\\u0007ta"}'), encoding="utf-8"
    )
    assert problems(folder) == [
        (
            "account.yaml:5:17",
            "el texto contiene un carácter de control (\\u0007); quítenlo",
        )
    ]


def test_dates_and_years_out_of_range(tmp_path):
    folder = project(tmp_path)
    text = (folder / "account.yaml").read_text(encoding="utf-8")
    (folder / "account.yaml").write_text(
        text + "date: 1850-01-01\nanalysis:\n  purchase_history:\n    records:\n"
        "      - {period: 1850, product: X, revenue: 5}\n",
        encoding="utf-8",
    )
    _prepared, found = prepare(folder / "account.yaml", TODAY)
    assert [(p.pos.line, p.pos.col, p.message, p.code) for p in found.errors] == [
        (
            6,
            7,
            "debe estar entre 1900-01-01 y 2199-12-31; se indicó 1850-01-01",
            "must-be-between-and-got",
        ),
        (
            10,
            18,
            "el año debe estar entre 1900 y 2199; se indicó 1850",
            "the-year-must-be-between",
        ),
    ]


# --------------------------------------------------------------- rendering


SANDBOX = [
    (
        "{{ 'ab' * 100000000 }}",
        "se han detenido las plantillas: repetir 2 elementos 100.000.000 veces supera el límite "
        "de 16.000.000",
    ),
    (
        "{{ 'x'|center(100000000) }}",
        "se han detenido las plantillas: un argumento de filtro de 100000000 supera el límite "
        "de 100.000",
    ),
    (
        "{{ ''.join(['a']) }}",
        "la plantilla hace algo que el entorno aislado prohíbe: las plantillas no pueden "
        "llamar a 'str.join'",
    ),
]


@pytest.mark.parametrize(("template", "message"), SANDBOX, ids=["repeat", "filter", "call"])
def test_the_template_sandbox_in_spanish(tmp_path, template, message):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "document.html.j2").write_text(template, encoding="utf-8")
    assert problems(folder) == [("templates/document.html.j2:1:1", message)]


INLINE_SVG = """{% extends "kam/document.html.j2" %}
{% block cover %}<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">
<image href="file:///etc/passwd" width="10" height="10"/></svg>{% endblock %}
"""


def test_a_fetch_refused_while_drawing_the_pdf(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "document.html.j2").write_text(INLINE_SVG, encoding="utf-8")
    assert problems(folder, ("pdf",)) == [
        ("", "el documento hace referencia a 'file:///etc/passwd', que kam no descarga")
    ]


def test_a_css_problem_found_by_the_renderer_points_into_the_stylesheet(tmp_path):
    folder = project(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "style.css").write_text(
        "p { color: red }\np { margin: 2mm 1mm 1mm 1mm 9mm }\n", encoding="utf-8"
    )
    [(where, message)] = problems(folder, ("pdf",))
    assert where == "templates/style.css:2:5"
    assert message.startswith("generación del PDF: Ignored `margin: 2mm 1mm 1mm 1mm 9mm")


def test_the_pdf_time_budget_in_mexico(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_PDF_TIME_LIMIT", "0.001")
    folder = project(tmp_path, "es-MX")
    assert problems(folder, ("pdf",)) == [
        (
            "",
            "componer y escribir el PDF llevó más de 0.001 s (el límite); si el proyecto tiene "
            "su propio templates/style.css, busquen estilos que multipliquen el trabajo "
            "(diseños de varias columnas unos dentro de otros, tamaños enormes); "
            "KAM_PDF_TIME_LIMIT=SEGUNDOS permite más tiempo",
        )
    ]


def test_spanish_messages_keep_their_english_code(tmp_path):
    folder = project(tmp_path, logo="nada.png")
    try:
        build(folder / "account.yaml", folder / "out", ("html",))
    except KamError as exc:
        [problem] = exc.problems.errors
    assert problem.message == "el archivo 'nada.png' no existe"
    assert problem.code == code_of("file '{name}' does not exist") == "file-does-not-exist"


def test_a_spanish_problem_crosses_to_another_process(tmp_path):
    """Parallel builds send their problems back from worker processes (pickled): a
    translated message keeps its text and its English source."""
    import pickle

    folder = project(tmp_path, logo="nada.png")
    try:
        build(folder / "account.yaml", folder / "out", ("html",))
    except KamError as exc:
        [problem] = exc.problems.errors
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem
    assert again.message.msgid == "file '{name}' does not exist"
