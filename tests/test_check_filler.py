"""`kam check` judges content: every filler detector, with its message, its weight, the
criterion it lowers and where the text is (section code, key, file, line, column)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from kam.pipeline import prepare
from kam.review import Check, Review, review
from kam.review.filler import WEIGHTS, is_placeholder, normal, starter_texts

TODAY = dt.date(2026, 11, 27)

# A plan whose texts are its own: no finding. Each test plants one kind of filler.
PLAN = """\
kam: 1
locale: es-MX
currency: MXN
company: {name: Empaques del Bajío}
account: {name: Hospital Central del Norte}
analysis:
  customer_objectives:
    - objective: Bajar un 8 % el coste por procedimiento quirúrgico
      metric: coste por procedimiento
      target: "-8 %"
plan:
  executive_summary: |
    El hospital es nuestro tercer cliente por facturación y el más rentable del norte.
    En 2027 queremos crecer un 15 % con los kits quirúrgicos y bajar el coste de
    servicio. El plan tiene cuatro acciones y cuesta unos 40 mil pesos.
  customer_business:
    market_position: |
      Primer hospital privado de Monterrey, con 220 camas y 14 quirófanos.
    environment: Competencia creciente de las cadenas nacionales y presión de las aseguradoras.
    opportunities:
      - Nueva torre de especialidades que abre en 2027
    threats:
      - Las aseguradoras renegocian tarifas a la baja
    strengths:
      - Equipo médico de referencia en cirugía cardiaca
    weaknesses:
      - Quirófanos saturados por las tardes
  company_strategy:
    opportunities:
      - Kits a medida para la torre nueva de especialidades
    threats:
      - Un distribuidor nacional ofrece precios un 10 % más bajos
    objectives:
      - {id: o1, objective: Crecer en kits quirúrgicos, metric: facturación anual,
         baseline: 1_000_000, target: 1_150_000, deadline: 2027-12-31}
    risks:
      - description: El comité de compras retrasa la adjudicación
        mitigation: Presentar el estudio de coste total antes de la reunión de marzo.
rewards:
  objectives:
    - {objective: Facturación anual de la cuenta, metric: facturación, target: 1_150_000}
"""


def reviewed(tmp_path: Path, text: str) -> Review:
    entry = tmp_path / "account.yaml"
    entry.write_text(textwrap.dedent(text), encoding="utf-8")
    prepared, problems = prepare(entry, TODAY)
    assert prepared is not None, [p.message for p in problems.items]
    return review(prepared.doc, prepared.figures, (), prepared.loaded.source.pos)


def findings(result: Review, code: str) -> list[tuple[str, Check]]:
    return [(criterion, k) for criterion, k in result.failed if k.code == code]


def at(tmp_path: Path, needle: str) -> tuple[int, int]:
    """Line and column of `needle` in the written account.yaml."""
    for number, line in enumerate((tmp_path / "account.yaml").read_text().splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_a_plan_written_for_its_account_has_no_filler(tmp_path):
    result = reviewed(tmp_path, PLAN)
    assert [k.code for _c, k in result.failed if k.key] == []


# ------------------------------------------------------------------ placeholders


def test_lorem_ipsum_is_placeholder_text_and_says_where_it_is(tmp_path):
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing"
    result = reviewed(tmp_path, PLAN.replace("Quirófanos saturados por las tardes", lorem))
    ((criterion, check),) = findings(result, "placeholder")
    assert criterion == "understands_kam"
    assert check.key == "plan.customer_business.weaknesses[0]"
    assert check.weight == WEIGHTS["placeholder"] == 3
    assert check.label == "Los textos están redactados, no son texto de relleno"
    assert check.suggestion == (
        "B.5 plan.customer_business.weaknesses[0]: «Lorem ipsum dolor sit amet, consectetur…» "
        "es texto de relleno; escriban el contenido real de la cuenta"
    )
    assert (check.pos.line, check.pos.col) == at(tmp_path, lorem)
    assert check.pos.file.name == "account.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "TODO",
        "TODO: completar con Compras",
        "TBD",
        "xxx",
        "XXXX pendiente",
        "asdf asdf",
        "aaaaaa",
        "Texto de ejemplo",
        "placeholder",
        "???",
        "por completar",
        "Dolore magna aliqua ut enim ad minim veniam",  # lorem without "lorem"
    ],
)
def test_placeholders(text):
    assert is_placeholder(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Todo el año con entregas semanales",  # "todo" is Spanish for "all"
        "Dolor lumbar del personal de enfermería por la carga de cajas",  # "dolor": pain
        "Por ejemplo, los kits de cadera",
        "Facturación de 1000000 MXN en 2025",
        "Sin EDI, los pedidos llegan por correo",
        "Mercado de la Carta Magna",
    ],
)
def test_real_texts_are_not_placeholders(text):
    assert not is_placeholder(text), text


def test_a_sample_name_is_a_placeholder(tmp_path):
    result = reviewed(tmp_path, PLAN.replace("Hospital Central del Norte", "Cliente Ejemplo S.A."))
    ((criterion, check),) = findings(result, "placeholder")
    assert criterion == "understands_kam" and check.key == "account.name"
    assert check.suggestion == (
        "account.name: «Cliente Ejemplo S.A.» es un nombre de ejemplo; escriban el real"
    )


# ------------------------------------------------------------------ the starter


def test_the_starters_sample_text_is_caught_even_with_other_figures(tmp_path):
    # From kam init's Spanish starter (B.3), with the figures changed; and from the
    # English starter (C.8 mitigation): both languages are compared.
    sample = "Mercado maduro, con presión de precios de las grandes cadenas."
    english = "Present the total cost, not only the unit price."
    text = PLAN.replace(
        "Competencia creciente de las cadenas nacionales y presión de las aseguradoras.", sample
    ).replace("Presentar el estudio de coste total antes de la reunión de marzo.", english)
    result = reviewed(tmp_path, text)
    found = findings(result, "starter_text")
    assert [(c, k.key) for c, k in found] == [
        ("understands_kam", "plan.customer_business.environment"),
        ("development_plans", "plan.company_strategy.risks[0].mitigation"),
    ]
    check = found[0][1]
    assert check.weight == 3
    assert check.suggestion.startswith(
        "B.3 plan.customer_business.environment: «Mercado maduro, con presión de precios…» "
        "es el texto de ejemplo del proyecto inicial de kam init"
    )
    assert (check.pos.line, check.pos.col) == at(tmp_path, sample)
    # Figures and currency codes are set aside when texts are compared.
    assert normal("Crecer hasta 420 mil EUR en 2027") == normal("Crecer hasta 9 mil MXN en 2031")


def test_a_short_label_the_starter_also_uses_is_not_caught(tmp_path):
    # "Coste total" (a decision criterion of the starter) is anyone's label.
    assert normal("Coste total") not in starter_texts() or len(normal("Coste total")) < 25
    text = PLAN.replace("metric: facturación anual,", "metric: Coste total,")
    assert not findings(reviewed(tmp_path, text), "starter_text")


def test_the_starter_is_read_once_per_process():
    assert starter_texts() is starter_texts()
    assert len(starter_texts()) > 100


# ------------------------------------------------------------------ repeated


def test_the_same_text_in_two_fields_is_a_copy(tmp_path):
    same = "Un distribuidor nacional ofrece precios un 10 % más bajos"
    text = PLAN.replace("Las aseguradoras renegocian tarifas a la baja", same)
    result = reviewed(tmp_path, text)
    ((criterion, check),) = findings(result, "repeated_text")
    # The first one (B.4) stays; the copy (C.3) is the finding.
    assert criterion == "development_objectives"
    assert check.key == "plan.company_strategy.threats[0]"
    assert check.weight == 2
    assert check.suggestion == (
        "C.3 plan.company_strategy.threats[0]: el mismo texto que B.4 "
        "plan.customer_business.threats[0]; expliquen lo propio de este punto"
    )


# ------------------------------------------------------------------ too short


def test_an_executive_summary_of_one_sentence_is_too_short(tmp_path):
    start = PLAN.index("  executive_summary: |")
    end = PLAN.index("  customer_business:")
    text = PLAN[:start] + "  executive_summary: Queremos crecer en 2027.\n" + PLAN[end:]
    result = reviewed(tmp_path, text)
    ((criterion, check),) = findings(result, "too_short")
    assert criterion == "development_plans" and check.key == "plan.executive_summary"
    assert check.suggestion.startswith(
        "plan.executive_summary: el resumen ejecutivo tiene 1 frase (4 palabras); expongan"
    )
    assert (check.pos.line, check.pos.col) == at(tmp_path, "Queremos crecer")


def test_a_section_of_a_few_words_is_too_short(tmp_path):
    text = PLAN.replace(
        "Competencia creciente de las cadenas nacionales y presión de las aseguradoras.",
        "Mucha competencia.",
    ).replace("Presentar el estudio de coste total antes de la reunión de marzo.", "Negociar.")
    result = reviewed(tmp_path, text)
    found = findings(result, "too_short")
    assert [k.suggestion for _c, k in found] == [
        "B.3 plan.customer_business.environment: «Mucha competencia.» tiene 2 palabras, muy "
        "poco para un apartado; desarróllenlo en un párrafo",
        "C.8 plan.company_strategy.risks[0].mitigation: «Negociar.» dice demasiado poco "
        "(1 palabra); explíquenlo en una frase",
    ]
    assert all(k.weight == 2 for _c, k in found)


def test_a_swot_item_of_one_word(tmp_path):
    result = reviewed(tmp_path, PLAN.replace("Quirófanos saturados por las tardes", "Precio"))
    ((criterion, check),) = findings(result, "single_word")
    assert criterion == "understands_kam" and check.weight == 1
    assert check.suggestion == (
        "B.5 plan.customer_business.weaknesses[0]: «Precio» es una sola palabra; expliquen en "
        "una frase breve qué significa para la cuenta"
    )


# ------------------------------------------------------------------ figures


def test_objectives_without_a_figure(tmp_path):
    text = PLAN.replace(
        "Bajar un 8 % el coste por procedimiento quirúrgico", "Bajar el coste por procedimiento"
    ).replace('      target: "-8 %"\n', "")
    text = text.replace(
        "metric: facturación anual,\n         baseline: 1_000_000, target: 1_150_000,",
        "metric: facturación anual,",
    )
    text = text.replace("metric: facturación, target: 1_150_000}", "metric: facturación}")
    result = reviewed(tmp_path, text)
    found = findings(result, "no_figure")
    assert [(c, k.key) for c, k in found] == [
        ("analyzes_account", "analysis.customer_objectives[0].objective"),
        ("development_objectives", "plan.company_strategy.objectives[0].objective"),
        ("rewards_scope", "rewards.objectives[0].objective"),
    ]
    assert found[1][1].suggestion == (
        "C.5 plan.company_strategy.objectives[0].objective: el objetivo «Crecer en kits "
        "quirúrgicos» no tiene ninguna cifra; denle un número que alcanzar (una meta, en el "
        "objetivo o en su métrica), como pide SMART"
    )
    assert all(k.weight == 2 and k.pos is not None for _c, k in found)


def test_an_english_document_gets_english_findings(tmp_path):
    text = PLAN.replace("locale: es-MX", "locale: en").replace(
        "Quirófanos saturados por las tardes", "TODO"
    )
    ((_criterion, check),) = findings(reviewed(tmp_path, text), "placeholder")
    assert check.label == "Texts are written, not placeholders"
    assert check.suggestion == (
        "B.5 plan.customer_business.weaknesses[0]: 'TODO' is placeholder text; write the "
        "account's real content"
    )


def test_each_finding_lowers_its_criterion(tmp_path):
    clean = reviewed(tmp_path, PLAN)
    dirty = reviewed(
        tmp_path, PLAN.replace("Kits a medida para la torre nueva de especialidades", "TODO")
    )
    for before, after in zip(clean.criteria, dirty.criteria, strict=True):
        if after.key == "development_objectives":
            assert after.score < before.score
        else:
            assert after.score == before.score
