"""Spanish words understood (issue 15): enumeration values written with the words kam
prints (or a few synonyms), in any case, with or without accents, become the canonical
value; Spanish keys are refused with the English key they stand for; "did you mean"
searches both languages; a Spanish document gets its validation errors in Spanish."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from typer.testing import CliRunner

from kam.cli import app
from kam.i18n import set_language
from kam.models import Action, CommercialStrategy, Contact, CurrentProblem, Kpi, types, vocabulary
from kam.models.schema import part_schema
from kam.pipeline import prepare, render_html

HEAD = "kam: 1\nlocale: {locale}\ncurrency: EUR\ncompany: {{name: Acme}}\naccount: {{name: Beta}}\n"
CADENCES = (
    "weekly (semanal), biweekly (quincenal), monthly (mensual), quarterly (trimestral), "
    "semiannual (semestral), annual (anual)"
)
PLAN_KEYS = (
    "executive_summary, customer_summary, current_position, customer_business, "
    "company_strategy, action_review"
)


@pytest.fixture(autouse=True)
def _environment_language_after():
    """Loading a Spanish document sets the language of this context: give the next
    test the environment's again."""
    yield
    set_language(None)


def validate(tmp_path, monkeypatch, locale: str, plan: str) -> list[str]:
    """`kam validate` on a document with `plan` in plan.yaml: the problem lines."""
    (tmp_path / "account.yaml").write_text(
        HEAD.format(locale=locale) + "plan: plan.yaml\n", encoding="utf-8"
    )
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "account.yaml"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stderr.splitlines()[:-1]


# ------------------------------------------------------------------- enumerations


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("partidario", "supporter"),
        ("partidaria", "supporter"),
        ("Apoya", "supporter"),
        ("promotor", "champion"),
        ("Promueve", "champion"),
        ("neutral", "neutral"),
        ("escéptico", "skeptic"),
        ("ESCEPTICO", "skeptic"),
        ("Duda", "skeptic"),
        ("opositor", "opponent"),
        ("se opone", "opponent"),
        ("Se_Opone", "opponent"),
        ("supporter", "supporter"),
        ("SUPPORTER", "supporter"),
    ],
)
def test_attitudes_in_spanish(written, canonical):
    contact = Contact.model_validate({"id": "c", "name": "Marta", "attitude": written})
    assert contact.attitude == canonical


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("en curso", "in_progress"),
        ("En Curso", "in_progress"),
        ("hecha", "done"),
        ("aplazada", "deferred"),
        ("cancelada", "cancelled"),
        ("sin empezar", "not_started"),
        ("Sin-Empezar", "not_started"),
        ("In progress", "in_progress"),  # the English label
        ("not_started", "not_started"),
    ],
)
def test_action_status_in_spanish(written, canonical):
    action = Action.model_validate({"id": "a1", "action": "Visita", "status": written})
    assert action.status == canonical


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("semanal", "weekly"),
        ("quincenal", "biweekly"),
        ("catorcenal", "biweekly"),
        ("mensual", "monthly"),
        ("Trimestral", "quarterly"),
        ("semestral", "semiannual"),
        ("ANUAL", "annual"),
        ("weekly", "weekly"),
        ("biweekly", "biweekly"),
    ],
)
def test_frequencies_in_both_languages(written, canonical):
    assert Kpi.model_validate({"kpi": "Facturación", "frequency": written}).frequency == canonical


@pytest.mark.parametrize(
    "written, canonical", [("alta", "high"), ("Media", "medium"), ("baja", "low"), ("alto", "high")]
)
def test_severity_in_spanish(written, canonical):
    problem = CurrentProblem.model_validate({"problem": "Retrasos", "severity": written})
    assert problem.severity == canonical


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("retener", "retain"),
        ("Penetrar", "penetrate"),
        ("venta cruzada", "cross_sell"),
        ("nueva oferta", "new_offer"),
        ("precio", "pricing"),
        ("Servicio", "service"),
        ("cross-sell", "cross_sell"),
    ],
)
def test_strategy_types_in_spanish(written, canonical):
    strategy = CommercialStrategy.model_validate({"strategy": "Kits", "type": written})
    assert strategy.type == canonical


def enumerations() -> list[tuple[str, tuple[str, ...]]]:
    """Every enumeration of the input format: (kind, canonical values)."""
    found = []
    for name in dir(types):
        words = getattr(getattr(types, name), "__metadata__", (None,))[-1]
        if isinstance(words, types._Words):
            found.append((words.kind, words.values))
    return found


def test_every_enumeration_has_labels_in_both_languages_and_no_word_is_ambiguous():
    kinds = enumerations()
    assert len(kinds) == 21
    for kind, values in kinds:
        claimed: dict[str, str] = {}
        for value in values:
            spelled = [vocabulary.label(kind, value, lang) for lang in ("es", "en")]
            assert all(spelled), (kind, value)
            spelled += vocabulary.SYNONYMS.get(kind, {}).get(value, ())
            for word in [value, *spelled]:
                folded = vocabulary.fold(word)
                assert claimed.setdefault(folded, value) == value, (kind, word)
    assert set(vocabulary.SYNONYMS) <= {kind for kind, _values in kinds}


def test_cadence_values_in_order():
    assert get_args(get_args(types.Cadence)[0]) == (
        "weekly",
        "biweekly",
        "monthly",
        "quarterly",
        "semiannual",
        "annual",
    )


def test_the_document_keeps_the_canonical_value_and_prints_its_label(tmp_path):
    plan = (
        "current_position:\n"
        "  contacts:\n"
        "    - {id: c1, name: Marta Gil, attitude: partidario, dmu_roles: [Decisor, guardián]}\n"
        "action_review:\n"
        "  actions:\n"
        "    - {id: a1, action: Visita, status: en curso}\n"
        "  review:\n"
        "    cadence: QUINCENAL\n"
        "    kpis: [{kpi: Facturación, frequency: semanal}]\n"
    )
    for locale, labels in (
        ("es", ("Apoya", "Decisor", "Guardián", "En curso", "Quincenal", "Semanal")),
        ("en", ("Supporter", "Decider", "Gatekeeper", "In progress", "Biweekly", "Weekly")),
    ):
        (tmp_path / "account.yaml").write_text(
            HEAD.format(locale=locale) + "plan: plan.yaml\n", encoding="utf-8"
        )
        (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
        prepared, problems = prepare(tmp_path / "account.yaml")
        assert prepared is not None, problems.items
        contact = prepared.doc.plan.current_position.contacts[0]
        assert (contact.attitude, contact.dmu_roles) == ("supporter", ["decider", "gatekeeper"])
        review = prepared.doc.plan.action_review.review
        assert (review.cadence, review.kpis[0].frequency) == ("biweekly", "weekly")
        assert prepared.doc.plan.action_review.actions[0].status == "in_progress"
        dumped = json.loads(prepared.doc.model_dump_json())
        assert dumped["plan"]["current_position"]["contacts"][0]["attitude"] == "supporter"
        html = render_html(prepared)
        for label in labels:
            assert label in html, (locale, label)


def test_the_schema_lists_the_words_an_editor_should_accept():
    schema = part_schema("plan")
    attitude = schema["$defs"]["Contact"]["properties"]["attitude"]["anyOf"][0]
    assert attitude["enum"][:5] == ["champion", "supporter", "neutral", "skeptic", "opponent"]
    assert {"partidario", "Apoya", "apoya", "escéptico", "esceptico"} <= set(attitude["enum"])
    frequency = schema["$defs"]["Kpi"]["properties"]["frequency"]["anyOf"][0]["enum"]
    assert {"weekly", "biweekly", "semanal", "quincenal", "Semanal"} <= set(frequency)


# ------------------------------------------------------------------ wrong values


def test_a_wrong_value_in_a_spanish_document(tmp_path, monkeypatch):
    plan = "action_review:\n  review:\n    kpis:\n      - {kpi: Ventas, frequency: diario}\n"
    assert validate(tmp_path, monkeypatch, "es-MX", plan) == [
        "plan.yaml:4:34: plan.action_review.review.kpis[0].frequency: 'diario' no es un valor "
        f"permitido; valores: {CADENCES}"
    ]


def test_a_spanish_near_miss_is_suggested_in_both_languages(tmp_path, monkeypatch):
    plan = "action_review:\n  review:\n    cadence: trimestal\n"
    assert validate(tmp_path, monkeypatch, "es", plan) == [
        "plan.yaml:3:14: plan.action_review.review.cadence: 'trimestal' no es un valor "
        f"permitido; ¿quisieron decir 'quarterly (trimestral)'? Valores: {CADENCES}"
    ]
    assert validate(tmp_path, monkeypatch, "en", plan) == [
        "plan.yaml:3:14: plan.action_review.review.cadence: 'trimestal' is not allowed; "
        "did you mean 'quarterly (trimestral)'? Expected one of: weekly, biweekly, monthly, "
        "quarterly, semiannual, annual"
    ]


def test_an_english_near_miss_keeps_todays_wording(tmp_path, monkeypatch):
    plan = "current_position:\n  contacts:\n    - {id: c1, name: Marta, attitude: suporter}\n"
    assert validate(tmp_path, monkeypatch, "en", plan) == [
        "plan.yaml:3:39: plan.current_position.contacts[0].attitude: 'suporter' is not allowed; "
        "did you mean 'supporter'? Expected one of: champion, supporter, neutral, skeptic, "
        "opponent"
    ]
    assert validate(tmp_path, monkeypatch, "es-ES", plan) == [
        "plan.yaml:3:39: plan.current_position.contacts[0].attitude: 'suporter' no es un valor "
        "permitido; ¿quisieron decir 'supporter (apoya)'? Valores: champion (promueve), "
        "supporter (apoya), neutral, skeptic (duda), opponent (se opone)"
    ]


def test_a_near_miss_of_a_synonym_names_it(tmp_path, monkeypatch):
    plan = "current_position:\n  contacts:\n    - {id: c1, name: Marta, attitude: partidaro}\n"
    lines = validate(tmp_path, monkeypatch, "en", plan)
    assert lines == [
        "plan.yaml:3:39: plan.current_position.contacts[0].attitude: 'partidaro' is not "
        "allowed; did you mean 'supporter (partidario)'? Expected one of: champion, supporter, "
        "neutral, skeptic, opponent"
    ]


# -------------------------------------------------------------------- Spanish keys


def test_spanish_keys_are_refused_with_the_english_key(tmp_path, monkeypatch):
    plan = "resumen_ejecutivo: Crecer en la cuenta\n"
    assert validate(tmp_path, monkeypatch, "es", plan) == [
        "plan.yaml:1:1: plan.resumen_ejecutivo: clave desconocida 'resumen_ejecutivo'; "
        f"¿quisieron decir 'executive_summary'? Claves permitidas: {PLAN_KEYS}"
    ]
    assert validate(tmp_path, monkeypatch, "en", plan) == [
        "plan.yaml:1:1: plan.resumen_ejecutivo: unknown key 'resumen_ejecutivo'; "
        f"did you mean 'executive_summary'? allowed keys: {PLAN_KEYS}"
    ]


@pytest.mark.parametrize(
    "written, allowed, meant",
    [
        ("resumen_ejecutivo", PLAN_KEYS, "executive_summary"),
        ("Resumen Ejecutivo", PLAN_KEYS, "executive_summary"),
        ("posicion_actual", PLAN_KEYS, "current_position"),
        ("Posición actual", PLAN_KEYS, "current_position"),
        ("plan_de_accion", PLAN_KEYS, "action_review"),
        ("empresa_del_cliente", PLAN_KEYS, "customer_business"),
        ("analisis", "kam, locale, analysis, plan, rewards, portfolio", "analysis"),
        ("plan_de_accion", "actions, budget, review", "actions"),
        ("equipo", "team, contacts, history, problems", "team"),
        ("contactos", "team, contacts, history, problems", "contacts"),
        ("actitud", "id, name, attitude, influence", "attitude"),
        ("fecha_limite", "id, objective, deadline, owner", "deadline"),
        ("coste", "id, action, cost, owner", "cost"),
        ("costo", "id, action, cost, owner", "cost"),  # Mexico's word (es-MX labels)
        ("moneda", "kam, locale, currency, company", "currency"),
        ("rentabilidad", "pest, purchase_history, profitability", "profitability"),
    ],
)
def test_spanish_key_names(written, allowed, meant):
    assert vocabulary.key_for(written, allowed.split(", ")) == meant


def test_a_near_miss_of_a_spanish_key(tmp_path, monkeypatch):
    plan = "posicion_actal: {}\n"
    assert validate(tmp_path, monkeypatch, "es", plan) == [
        "plan.yaml:1:1: plan.posicion_actal: clave desconocida 'posicion_actal'; "
        f"¿quisieron decir 'current_position'? Claves permitidas: {PLAN_KEYS}"
    ]


# --------------------------------------------------------- other messages in Spanish


def test_validation_messages_in_spanish(tmp_path, monkeypatch):
    plan = (
        "current_position:\n"
        "  team:\n"
        "    - {id: ana, name: Ana, time_pct: 150}\n"
        "    - {id: luis, name: Luis, time_pct: mucho}\n"
        "    - {name: Eva}\n"
        "    - {id: 'mal id', name: ''}\n"
    )
    assert validate(tmp_path, monkeypatch, "es", plan) == [
        "plan.yaml:3:38: plan.current_position.team[0].time_pct: debe ser como máximo 100; "
        "se encontró 150",
        "plan.yaml:4:40: plan.current_position.team[1].time_pct: se esperaba un número; "
        "se encontró el texto 'mucho'",
        "plan.yaml:5:7: plan.current_position.team[2].id: falta la clave obligatoria 'id'",
        "plan.yaml:6:12: plan.current_position.team[3].id: 'mal id' no es válido aquí; usen un "
        "identificador corto de letras, dígitos, '-' o '_'",
        "plan.yaml:6:28: plan.current_position.team[3].name: no puede estar vacío",
    ]


def test_the_limit_of_a_list_is_written_in_the_documents_locale(tmp_path, monkeypatch):
    from kam.limits import MAX_ACTIONS

    actions = "".join(f"    - {{id: a{i}, action: Visita}}\n" for i in range(MAX_ACTIONS + 1))
    plan = "action_review:\n  actions:\n" + actions
    lines = validate(tmp_path, monkeypatch, "es-ES", plan)
    grouped = f"{MAX_ACTIONS:,}".replace(",", ".")
    count = f"{MAX_ACTIONS + 1:,}".replace(",", ".")
    assert lines == [
        f"plan.yaml:3:5: plan.action_review.actions: tiene {count} elementos; el límite es de "
        f"{grouped} elementos"
    ]


def test_json_keeps_english_codes_beside_spanish_messages(tmp_path, monkeypatch):
    validate(
        tmp_path, monkeypatch, "es", "resumen: x\naction_review: {review: {cadence: diario}}\n"
    )
    result = CliRunner().invoke(app, ["validate", "--format", "json", "account.yaml"])
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert sorted((p["key"], p["code"]) for p in problems) == [
        ("plan.action_review.review.cadence", "is-not-allowed"),
        ("plan.resumen", "unknown-key"),
    ]
    messages = sorted(p["message"] for p in problems)
    assert messages[0].startswith("'diario' no es un valor permitido; valores: weekly (semanal)")
    assert messages[1].startswith(
        "clave desconocida 'resumen'; ¿quisieron decir 'executive_summary'?"
    )


def test_dates_and_periods_in_spanish(tmp_path, monkeypatch):
    plan = (
        "company_strategy:\n"
        "  objectives:\n"
        "    - {id: o1, objective: Crecer, deadline: 2027-02-30}\n"
        "    - {id: o2, objective: Crecer, deadline: 31/12/2027}\n"
    )
    assert validate(tmp_path, monkeypatch, "es-MX", plan) == [
        "plan.yaml:3:45: plan.company_strategy.objectives[0].deadline: '2027-02-30' no es una "
        "fecha real: revisen el mes y el día",
        "plan.yaml:4:45: plan.company_strategy.objectives[1].deadline: se esperaba una fecha "
        "ISO como 2027-03-31",
    ]
    assert validate(tmp_path, monkeypatch, "en", plan)[0] == (
        "plan.yaml:3:45: plan.company_strategy.objectives[0].deadline: '2027-02-30' is not a "
        "real date (day is out of range for month)"
    )


def test_a_wrong_value_in_a_document_of_an_unsupported_language(tmp_path, monkeypatch):
    (tmp_path / "account.yaml").write_text(
        "kam: 1\nlocale: fr\ncurrency: EUR\ncompany: {name: A}\n"
        "account: {name: B, relationship_stage: xyz}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "account.yaml"])
    assert result.exit_code == 1
    assert (
        "account.yaml:5:40: account.relationship_stage: 'xyz' is not allowed; expected one "
        "of: exploratory, basic, cooperative, interdependent, integrated, disintegrating"
    ) in result.stderr.splitlines()
