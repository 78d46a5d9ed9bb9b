"""Render a few pages of the Spanish example to PNG for the README (`make docs-images`).

Pages are found by their PDF bookmarks, so the images follow the document when its
layout changes: the cover, the table of contents, a table-heavy page (A.2 contacts)
and chart pages (purchase history, the profitability waterfall, portfolio); and one
slide of the QBR deck (`--format pptx`), drawn by LibreOffice.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from kam.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
PAGES = {
    "cover": None,
    "contents": "Índice",
    "contacts": "A.2. Principales contactos/relaciones con el cliente",
    "purchase-history": "Historia de compras con el cliente",
    "profitability": "Rentabilidad de la cuenta",
    "portfolio": "Selección de la cuenta clave: rentabilidad de la cartera",
}


def outline_pages(reader: PdfReader) -> dict[str, int]:
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        written, _problems, _timings = build(
            ROOT / "examples" / "ribera" / "account.yaml", Path(tmp), ("pdf",)
        )
        pdf = written[0]
        pages = outline_pages(PdfReader(pdf))
        for name, title in PAGES.items():
            number = 1 if title is None else pages[title]
            target = IMAGES / f"ribera-{name}"
            page = str(number)
            command = ["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", page, "-l", page]
            subprocess.run([*command, str(pdf), str(target)], check=True)
            print(f"{target}.png (page {number})")
        deck_image(Path(tmp))
    return 0


#: The slide of the QBR deck shown in the README, by its title.
DECK_SLIDE = "El plan de acción"


def deck_image(tmp: Path) -> None:
    """One slide of the example's QBR deck (kam.deck), drawn by LibreOffice when it is
    installed (`apt-get install libreoffice-impress`)."""
    import shutil

    from pptx import Presentation

    from kam.deck import write_deck
    from kam.pipeline import prepare

    soffice = shutil.which("soffice")
    if soffice is None:
        print("no LibreOffice (soffice): the deck's slide image is left as it is")
        return
    prepared, _problems = prepare(ROOT / "examples" / "ribera" / "account.yaml")
    deck = tmp / "ribera-deck.pptx"
    write_deck(prepared.doc, prepared.figures, deck, logo=prepared.loaded.logo)
    titles = [slide.shapes.title.text for slide in Presentation(deck).slides]
    page = str(titles.index(DECK_SLIDE) + 1)
    profile = f"-env:UserInstallation={(tmp / 'lo').as_uri()}"
    convert = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp)]
    subprocess.run([*convert, str(deck)], check=True, capture_output=True)
    target = IMAGES / "ribera-deck"
    command = ["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", page, "-l", page]
    subprocess.run([*command, str(tmp / "ribera-deck.pdf"), str(target)], check=True)
    print(f"{target}.png (slide {page} of the deck)")


if __name__ == "__main__":
    sys.exit(main())
