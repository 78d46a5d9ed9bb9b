"""Compile the message catalogs (.po → .mo) into the wheel; the .mo files are not
committed (kam.i18n compiles a .po in memory when its .mo is missing)."""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(self.root) / "src"
        for po in sorted(source.glob("kam/locales/*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            with po.open("rb") as text, mo.open("wb") as compiled:
                write_mo(compiled, read_po(text))
            build_data["force_include"][str(mo)] = mo.relative_to(source).as_posix()
