"""Locale formatting: the language picks the labels, the region the number formats."""

from __future__ import annotations

import datetime as dt

import pytest

from kam.registry import LANGUAGES
from kam.render.formats import Formatter, babel_locale
from kam.render.labels import Labels, labels

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("locale", "currency", "money", "cents", "date", "percent"),
    [
        ("es", "EUR", f"1.234.567{NBSP}€", f"1.234.567,50{NBSP}€", "31 de marzo de 2027", f"12,5{NBSP}%"),
        ("es-ES", "EUR", f"1.234.567{NBSP}€", f"1.234.567,50{NBSP}€", "31 de marzo de 2027", f"12,5{NBSP}%"),
        ("es-MX", "MXN", "$1,234,567", "$1,234,567.50", "31 de marzo de 2027", "12.5%"),
        ("en", "EUR", "€1,234,567", "€1,234,567.50", "March 31, 2027", "12.5%"),
        ("en-US", "USD", "$1,234,567", "$1,234,567.50", "March 31, 2027", "12.5%"),
        ("en-GB", "GBP", "£1,234,567", "£1,234,567.50", "31 March 2027", "12.5%"),
    ],
)  # fmt: skip
def test_formats(locale, currency, money, cents, date, percent):
    f = Formatter(babel_locale(locale), currency)
    assert f.money(1234567) == money
    assert f.money(1234567.5, cents=True) == cents
    assert f.date(dt.date(2027, 3, 31)) == date
    assert f.percent(0.125) == percent


def test_negative_money_and_points():
    es = Formatter(babel_locale("es"), "EUR")
    assert es.money(-42000) == f"-42.000{NBSP}€"
    assert es.points(-2.34) == "-2,3"  # the locale's minus sign, as in -42.000 €
    assert es.points(4) == "+4,0"
    assert es.money(None) == ""


def test_both_label_files_have_the_same_keys():
    es, en = labels("es"), labels("en")
    assert set(es) == set(en)
    assert all(value.strip() for value in es.values())
    assert LANGUAGES == ("es", "en")


def test_enum_labels_from_the_domain_notes():
    t = Labels("es")
    assert t.enum("dmu_role", "decider") == "Decisor"
    assert t.enum("dmu_role", "gatekeeper") == "Guardián"
    assert t.enum("buy_class", "modified_rebuy") == "Recompra modificada"
    assert t.enum("activity", "inbound_logistics") == "Logística interna"
    assert t.enum("relationship_stage", "disintegrating") == "En desintegración"


def test_spanish_attitude_labels_fit_any_person():
    """'Escéptico' next to Elena, 'Partidario' next to Marta: attitudes are verbs that
    agree with anyone."""
    t = Labels("es")
    labels = [
        t.enum("attitude", a) for a in ("champion", "supporter", "neutral", "skeptic", "opponent")
    ]
    assert labels == ["Promueve", "Apoya", "Neutral", "Duda", "Se opone"]
