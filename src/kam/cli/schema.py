"""`kam schema`: the JSON Schema of the input format."""

from __future__ import annotations

import typer

from kam.cli.app import EXIT_INVALID, PartOption, SchemaOutput, app
from kam.cli.choices import Part
from kam.i18n import _


@app.command(help=_("Print the JSON Schema of the input format (for editors and CI)."))
def schema(output: SchemaOutput = None, part: PartOption = Part.account) -> None:
    from kam.cli.printing import err
    from kam.models.schema import dumps, part_schema
    from kam.pipeline.outputs import OutputError, write_text_atomic

    text = dumps(part_schema(part.value))
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomic(output, text)
    except OutputError as exc:
        err(f"kam: {exc}")
        raise typer.Exit(EXIT_INVALID) from None
    err(_("wrote {path}", path=output))
