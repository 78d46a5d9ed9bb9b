"""Render: the validated document and its figures → one self-contained HTML file and a
tagged PDF.

Input: a `Document`, its `Figures` (kam.analysis) and the project's own templates.
Output: HTML text (`html.render_html`), then PDF bytes (`pdf.write_pdf`).
`context` turns figures into plain template data, `charts` draws them as SVG (with
`svg`), `labels` and `formats` speak the document's locale, `sandbox` runs templates.
"""
