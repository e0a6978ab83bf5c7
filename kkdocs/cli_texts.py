"""click's own texts (usage, option help, usage errors) in Danish.

click reads every text it prints through gettext's `_` and `ngettext`, bound in each of its
modules at import. Installing a gettext catalogue would change the process's global domain for
every library, so `install()` instead gives click's modules a `_` that looks the English text up
in `DANISH` and falls back to it. `tests/test_danish_cli.py` fails when an English word reaches
the user, so a text that a new click version adds shows up there.
"""

from __future__ import annotations

import importlib

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils", "termui")

DANISH = {
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "Missing argument": "Argumentet mangler",
    "Missing option": "Tilvalget mangler",
    "Missing parameter": "Parameteren mangler",
    "Missing parameter: {param_name}": "Parameteren mangler: {param_name}",
    "Missing {param_type}": "{param_type} mangler",
    "Missing command.": "Der mangler en kommando.",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Option {name!r} requires an argument.": "Tilvalget {name!r} skal have en værdi.",
    "Option {name!r} requires {nargs} arguments.": "Tilvalget {name!r} skal have {nargs} værdier.",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en af: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt tal.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe, ikke en fil.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil, ikke en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan ikke køres.",
    "path": "stien",
    "file": "filen",
    "directory": "mappen",
    "Could not open file {filename!r}: {message}": "Kunne ikke åbne filen {filename!r}: {message}",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tager {nargs} værdier.",
    "Takes {nargs} values but 1 was given.": "Tager {nargs} værdier, men fik 1.",
    "Takes {nargs} values but {len} were given.": "Tager {nargs} værdier, men fik {len}.",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "deprecated": "forældet",
    "(dynamic)": "(beregnes)",
    "Aborted!": "Afbrudt!",
    "unknown error": "ukendt fejl",
}


def danish(text: str) -> str:
    return DANISH.get(text, text)


def danish_plural(singular: str, plural: str, number: int) -> str:
    return danish(singular if number == 1 else plural)


def install() -> None:
    """Give click's modules the Danish texts (idempotent)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = danish
        if hasattr(module, "ngettext"):
            module.ngettext = danish_plural
