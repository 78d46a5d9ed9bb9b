"""The language of a command line, and what typer says in it: usage errors and help.

Before a document is read, messages follow the document the command line names
(the `locale:` line of its first YAML file: a glance at the text, not a parse), or
`--locale` for `kam init`, or the environment (LC_ALL, LC_MESSAGES, LANG). Once kam.load
reads the document, its locale decides.

In English typer speaks as it always has. In Spanish its usage errors are written here,
in kam's words, from the exception's fields (the option, the value given, pydantic's
error type), never from typer's English text; and the words of its help screens
(headings, the help option's text) are put into Spanish before it draws them. Imported
by `KamGroup.main` only, so `kam --help` in English pays nothing for it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

from kam.i18n import N_, _, environment_language

#: The `locale:` line of an entry file (top level: at the start of a line).
_LOCALE_LINE = re.compile(r"^locale[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3})\b", re.MULTILINE)
_GLANCE = 64 * 1024  # the locale line is near the top; a huge file is not read whole
_INIT_LOCALE = ("--locale", "-l")

# typer's own words on help screens, put into the user's language (rich mode).
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# typer's words in plain help (NO_COLOR), looked up in kam's catalog by localize_typer.
_PLAIN_WORDS = (N_("required"), N_("default: {default}"), N_("Aborted!"))
_OPTION_HELP = {
    "--help": N_("Show this message and exit."),
    "--install-completion": N_("Install completion for the current shell."),
    "--show-completion": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}


def command_language(args: Sequence[str]) -> str:
    """es or en: the language of a command line's messages before a document is read."""
    for index, arg in enumerate(args):
        value = None
        if arg in _INIT_LOCALE and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--locale="):
            value = arg.partition("=")[2]
        if value is not None and args[:1] == ["init"]:
            return "es" if value.lower().startswith("es") else "en"
    for arg in args:
        if arg.lower().endswith((".yaml", ".yml")):
            found = document_language(Path(arg))
            if found is not None:
                return found
    return environment_language()


def document_language(entry: Path) -> str | None:
    """The language of the `locale:` written in `entry`, if it can be seen at a glance."""
    try:
        if not entry.is_file():
            return None
        with open(entry, "rb") as handle:
            text = handle.read(_GLANCE).decode("utf-8", errors="replace")
    except OSError:
        return None
    found = _LOCALE_LINE.search(text.lstrip("\ufeff"))
    if found is None:
        return None
    return "es" if found.group(1).lower() == "es" else "en"


#: The rich modules typer's help module imports but kam's help screens never use:
#: Markdown (kam's help is rich markup, not Markdown) pulls in markdown-it and Pygments,
#: Traceback (pretty exceptions are off) rich.pretty and attrs; about a fifth of
#: `kam --help`. Each name stands for the real class, imported if it is ever used.
_UNUSED_BY_HELP = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def asks_for_help(args: Sequence[str]) -> bool:
    """Whether typer will draw a help screen: `-h`, `--help` or no arguments."""
    return not args or any(arg in ("-h", "--help") for arg in args)


def import_help_lightly() -> None:
    """Import typer's help module (typer.rich_utils) without the rich modules it
    imports for what kam's help never shows (`_UNUSED_BY_HELP`): while it is imported,
    each is a small module whose class imports the real one when called. Afterwards
    the real modules import as usual. The help screens are the same, byte for byte."""
    import sys

    if "typer.rich_utils" in sys.modules:
        return
    from types import ModuleType

    saved = {name: sys.modules.get(name) for name in _UNUSED_BY_HELP}
    for name, cls in _UNUSED_BY_HELP.items():
        if saved[name] is None:
            stand_in = ModuleType(name)
            setattr(stand_in, cls, _stand_in(name, cls))
            sys.modules[name] = stand_in
    try:
        import typer.rich_utils  # noqa: F401
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)


def _stand_in(module: str, name: str) -> type:
    """A class standing for `module.name`: calling it, or reading an attribute of it
    (`Traceback.from_exception`), imports the real class and uses it."""

    def real() -> type:
        from importlib import import_module

        return getattr(import_module(module), name)

    class Meta(type):
        def __call__(cls, *args: object, **kwargs: object) -> object:
            return real()(*args, **kwargs)

        def __getattr__(cls, attr: str) -> object:
            return getattr(real(), attr)

    return Meta(name, (), {"__module__": module})


def localize_typer(group: object) -> None:
    """Put typer's words on help screens and in errors into the current language."""
    import typer.core
    from typer import rich_utils
    from typer._click import formatting

    for name, text in _TYPER_WORDS.items():
        setattr(rich_utils, name, _(text))
    # Plain help (NO_COLOR) asks gettext for its headings; kam's catalog answers (a
    # text it does not know comes back as it is).
    typer.core._ = lambda text: str(_(text))  # type: ignore[attr-defined]
    usage = rf"(?P<usage>{re.escape(_('Usage: '))})"
    if usage not in rich_utils.OptionHighlighter.highlights:
        rich_utils.OptionHighlighter.highlights.append(usage)
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "localized", False):

        def localized(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            args = args.replace("[OPTIONS]", _("[OPTIONS]"))
            write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

        localized.localized = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = localized  # type: ignore[method-assign]
    names = SimpleNamespace(help_option_names=["-h", "--help"])
    commands = [group, *getattr(group, "commands", {}).values()]
    for command in commands:
        helper = command.get_help_option(names)  # created now, kept by the command
        for param in [*command.params, *([helper] if helper else [])]:
            for opt in param.opts:
                if opt in _OPTION_HELP:
                    param.help = _(_OPTION_HELP[opt])


def show_error(exc: Exception) -> None:
    """A usage error in kam's words, in the current language: the usage line, the
    mistake, and where to find help."""
    from typer._click.exceptions import NoArgsIsHelpError

    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, NoArgsIsHelpError):
        exc.show()
        return
    lines = []
    if ctx is not None:
        usage = ctx.get_usage().replace("[OPTIONS]", _("[OPTIONS]"))
        lines.append(_("Usage: ") + usage.removeprefix("Usage: ").removeprefix(_("Usage: ")))
        lines.append(_("Try '{command} -h' for help.", command=ctx.command_path))
    lines.append(_("Error: {problem}", problem=error_message(exc)))
    from kam.cli.printing import err

    for line in lines:
        err(line)


def error_message(exc: Exception) -> str:
    """What was wrong with the command line, from the exception's fields."""
    from typer._click.exceptions import (
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoSuchOption,
    )

    if isinstance(exc, NoSuchOption):
        text = _("no such option: {option}", option=exc.option_name)
        if exc.possibilities:
            text = _(
                "{problem}; did you mean {options}?",
                problem=text,
                options=", ".join(sorted(exc.possibilities)),
            )
        return text
    if isinstance(exc, MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            return _("missing argument {name}", name=exc.param.get_error_hint())
        return _("missing option {name}", name=exc.param.get_error_hint())
    if isinstance(exc, BadOptionUsage) and exc.option_name:
        return _("the option {option} needs a value", option=exc.option_name)
    if isinstance(exc, BadParameter) and exc.param is not None:
        found = _bad_value(exc)
        if found:
            return found
    name = getattr(exc, "unknown_command", None)
    if name:
        return _("no such command '{name}'; see 'kam -h' for the commands", name=name)
    return exc.format_message()  # typer's own words: a case kam does not know yet


def _bad_value(exc: object) -> str | None:
    """A value an option does not take (pydantic's error type says why)."""
    param = exc.param  # type: ignore[attr-defined]
    option = "/".join(param.opts) if param.param_type_name == "option" else param.name
    cause = getattr(exc, "__cause__", None)
    errors = cause.errors() if hasattr(cause, "errors") else []
    if not errors:
        return None
    error = errors[0]
    kind, value = error.get("type"), error.get("input")
    descriptor = getattr(param, "type_descriptor", None)
    if kind == "value_error" and descriptor is not None and descriptor.is_choice:
        choices = ", ".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
        return _(
            "'{value}' is not a value {option} takes; choose one of: {choices}",
            value=value,
            option=option,
            choices=choices,
        )
    if kind == "int_parsing":
        return _("{option} takes a whole number, not '{value}'", option=option, value=value)
    if kind in ("greater_than_equal", "less_than_equal"):
        if param.max is None:
            return _(
                "{option} takes a number of at least {low}, not {value}",
                option=option,
                low=param.min,
                value=value,
            )
        return _(
            "{option} takes a number from {low} to {high}, not {value}",
            option=option,
            low=param.min,
            high=param.max,
            value=value,
        )
    return None


def exit_with(exc: Exception) -> None:
    """Show a usage error and exit with its code (2)."""
    show_error(exc)
    sys.exit(getattr(exc, "exit_code", 2))
