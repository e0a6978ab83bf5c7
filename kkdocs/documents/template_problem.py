"""A Word or Excel template that cannot be filled in, told in Danish: shared by both renderers."""

from __future__ import annotations

import re
from pathlib import Path

from kkdocs.office_package import template_problems

from kkdocs.errors import KkdocsError


class TemplateProblem(KkdocsError):
    """A template that cannot be rendered; the Danish message names the template and the tag."""


def refuse_unsafe_package(template: Path, data: bytes) -> None:
    """Raise TemplateProblem when the template's bytes hold macros or parts outside the file (office_package)."""
    problems = template_problems(data)
    if problems:
        more = (f" (og {len(problems) - 1} problem(er) mere af samme slags; kør kkdocs templates check)"
                if len(problems) > 1 else "")
        raise TemplateProblem(f"Skabelonen {template.name} {problems[0]}{more}")


def danish_undefined(message: str | None) -> str:
    """Jinja's message for a missing variable or field, in Danish; any other message as it is."""
    message = message or ""
    match = re.match(r"'(.+?)(?: object)?'(?: object)? has no attribute '(.+?)'", message)
    if match:
        owner = _VALUE_KINDS.get(match.group(1), "dette afsnit af sagens data")
        return (f"feltet '{match.group(2)}' findes ikke i {owner} (kør kkdocs templates check for at se, "
                "hvilke felter skabelonen kan bruge)")
    match = re.match(r"'(.+?)' is undefined", message)
    if match:
        return f"skabelonvariablen '{match.group(1)}' findes ikke (kør kkdocs templates check for at se, hvilke der findes)"
    return message


_VALUE_KINDS = {"str": "en tekst", "int": "et tal", "float": "et tal", "Decimal": "et tal", "bool": "en ja/nej-værdi",
                "list": "en liste", "NoneType": "en tom værdi", "dict": "en tabel"}


def danish_security(message: str | None) -> str:
    """The sandbox's refusal in Danish: which attribute the template tried to reach."""
    match = re.search(r"attribute '(.+?)' of .+ is unsafe", message or "")
    what = f"'{match.group(1)}'" if match else "en skjult del"
    return f"den prøver at nå {what}, som er en del af Pythons indre og spærret i skabeloner"


# what a template's own expression may raise besides Jinja's errors: `{{ 1/0 }}`, `{{ titel + 1 }}`, `{% include %}`
# AssertionError: a few of Jinja's filters check their arguments with assert, e.g. truncate(-1)
EXPRESSION_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, MemoryError, RecursionError,
                     AssertionError)


def danish_expression_error(exc: BaseException) -> str:
    """What went wrong in a template's expression, in Danish (Python's own message never reaches the user)."""
    message = str(exc)
    if isinstance(exc, TypeError) and "no loader" in message:
        return ("skabelonen bruger {% include %}, {% import %} eller {% extends %}; en skabelon kan ikke hente andre "
                "filer, så skriv indholdet i skabelonen selv")
    if isinstance(exc, ZeroDivisionError):
        return "et udtryk i skabelonen deler med nul"
    if isinstance(exc, OverflowError):
        return "et tal i skabelonen bliver for stort"
    if isinstance(exc, MemoryError):
        return "skabelonen laver mere, end der er hukommelse til"
    if isinstance(exc, RecursionError):
        return "skabelonen kalder sig selv for mange gange (en makro, der aldrig stopper)"
    if isinstance(exc, TypeError):
        return "et udtryk i skabelonen blander værdier, der ikke kan bruges sammen (fx tekst og tal)"
    if isinstance(exc, LookupError):
        return "skabelonen slår et element op, som ikke findes (et nummer eller en nøgle uden for listen)"
    if isinstance(exc, AssertionError):
        return "et filter i skabelonen har fået et argument, det ikke kan bruge (fx et negativt tal)"
    return "et udtryk i skabelonen kan ikke beregnes med sagens værdier"


def danish_template_error(message: str | None) -> str:
    """Jinja's other runtime complaints (TemplateRuntimeError, FilterArgumentError) in Danish."""
    text = message or ""
    if match := re.fullmatch(r"No (filter|test) named '(.+)'\.?", text):
        kind = "filteret" if match.group(1) == "filter" else "testen"
        return f"{kind} '{match.group(2)}' findes ikke i Jinja; ret navnet i skabelonen"
    return "et filter i skabelonen har fået et argument, det ikke kan bruge"


_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "skabelonens slutning",
           "name": "et navn", "variable_end": "}}", "block_end": "%}"}
_SYNTAX = (  # Jinja's syntax messages, most specific first: (pattern, Danish with the pattern's groups)
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\. The innermost block that "
     r"needs to be closed is '(\w+)'", "skabelonen slutter, før {{% {1} %}} er lukket (der mangler {0})"),
    (r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.+?)\. The innermost block "
     r"that needs to be closed is '(\w+)'", "mærket '{0}' står, hvor {{% {2} %}} først skal lukkes (med {1})"),
    (r"Encountered unknown tag '(\w+)'", "ukendt mærke '{0}' (eller et end-mærke uden sin begyndelse)"),
    (r"unexpected end of template, expected '(.+?)'", "skabelonen slutter, før mærket er lukket (der mangler {0})"),
    (r"[Ee]xpected an expression, got '(.+?)'", "der mangler et udtryk før {0}"),
    (r"expected token '(.+?)', got '(.+?)'", "der skulle stå {0}, men der står '{1}'"),
    (r"unexpected char '(.+?)' at \d+", "tegnet {0} kan ikke stå her (et citationstegn uden sin makker?)"),
    (r"unexpected '(.+?)'", "'{0}' kan ikke stå her"),
    (r"No filter named '(.+?)'", "ukendt filter '{0}'"),
    (r"No test named '(.+?)'", "ukendt test '{0}'"),
    (r"tag name expected", "der mangler et mærkenavn efter {{%"),
)


def danish_syntax(message: str | None) -> str:
    """Jinja's message for a tag it cannot read, in Danish; one it has no Danish for, marked as Jinja's own."""
    message = message or ""
    for pattern, danish in _SYNTAX:
        match = re.search(pattern, message)
        if match:
            words = [_TOKENS.get(group, group).replace(" or ", " eller ") for group in match.groups()]
            return danish.format(*words)
    return f"Jinja kan ikke læse mærket ({message})"
