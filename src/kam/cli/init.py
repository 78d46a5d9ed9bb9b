"""`kam init`: create a starter project."""

from __future__ import annotations

from pathlib import Path

import typer

from kam.cli.app import EXIT_INVALID, Account, Company, Folder, LocaleOption, app
from kam.cli.choices import Locale


@app.command()
def init(
    folder: Folder = Path("."),
    locale: LocaleOption = Locale.es,
    account: Account = None,
    company: Company = None,
) -> None:
    """Create a starter project that validates and builds as it is. Never overwrites."""
    from kam.cli.printing import err
    from kam.pipeline import today
    from kam.starter import ScaffoldError, scaffold

    try:
        written = scaffold(folder, locale.value, account=account, company=company, today=today())
    except (ScaffoldError, ValueError) as exc:
        err(f"kam: {exc}")
        raise typer.Exit(EXIT_INVALID) from None
    for path in written:
        err(f"created {path}")
    err(f"next: kam build {folder / 'account.yaml'}")
