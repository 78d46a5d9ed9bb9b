"""`kam init`: create a starter project."""

from __future__ import annotations

from pathlib import Path

import typer

from kam.cli.app import EXIT_INVALID, Account, Company, Folder, LocaleOption, app
from kam.i18n import _
from kam.registry import INIT_LOCALE


@app.command(
    help=_("Create a starter project that validates and builds as it is. Never overwrites.")
)
def init(
    folder: Folder = Path("."),
    locale: LocaleOption = None,
    account: Account = None,
    company: Company = None,
) -> None:
    """Messages follow --locale when it is given (the project's language), else the
    environment's; the project is Spanish unless --locale says otherwise."""
    from kam.cli.printing import err
    from kam.i18n import set_language
    from kam.pipeline import today
    from kam.starter import ScaffoldError, scaffold

    if locale is not None:
        set_language(locale.value)
    code = locale.value if locale else INIT_LOCALE
    try:
        written = scaffold(folder, code, account=account, company=company, today=today())
    except (ScaffoldError, ValueError) as exc:
        err(f"kam: {exc}")
        raise typer.Exit(EXIT_INVALID) from None
    for path in written:
        err(_("created {path}", path=path))
    err(_("next: kam build {entry}", entry=folder / "account.yaml"))
