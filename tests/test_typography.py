"""Numbers read as numbers: a unit stays with its number, targets carry their unit,
and there is one minus sign, the locale's."""

from __future__ import annotations

from kam.pipeline import prepare, render_html

BASE = """kam: 1
locale: {locale}
currency: EUR
company: {{name: Acme}}
account: {{name: Beta}}
plan:
  executive_summary: Crecer un 6 % en 2027, con una cuota del 35-39 % y 12 € por pedido.
  action_review:
    review:
      kpis:
        - {{kpi: Facturación, target: 1_450_000, unit: EUR}}
        - {{kpi: Cuota, target: 37, unit: '%'}}
        - {{kpi: Coste de servir, target: 10.5, unit: '%'}}
        - {{kpi: Urgentes, target: 12, unit: pedidos}}
        - {{kpi: Texto, target: "+15 %"}}
rewards:
  objectives:
    - {{objective: Facturación, target: 1_450_000, unit: EUR, weight: 100}}
"""


def html_of(tmp_path, locale: str = "es") -> str:
    entry = tmp_path / "account.yaml"
    entry.write_text(BASE.format(locale=locale), encoding="utf-8")
    prepared, problems = prepare(entry)
    assert prepared is not None, problems.items
    return render_html(prepared)


def test_a_unit_written_after_a_number_stays_with_it(tmp_path):
    html = html_of(tmp_path)
    assert "un 6\u00a0% en 2027" in html
    assert "del 35-39\u00a0% y 12\u00a0€ por pedido" in html


def test_targets_carry_their_unit(tmp_path):
    html = html_of(tmp_path)
    nbsp = "\u00a0"
    for shown in (
        f"1.450.000{nbsp}€",
        f"37{nbsp}%",
        f"10,5{nbsp}%",
        "12&nbsp;pedidos",
        "+15\u00a0%",
    ):
        assert shown in html, shown
    english = html_of(tmp_path, "en")
    assert "€1,450,000" in english and "10.5%" in english and "37%" in english
