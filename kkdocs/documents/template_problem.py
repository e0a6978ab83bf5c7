"""A Word or Excel template that cannot be filled in, told in Danish: shared by both renderers."""

from __future__ import annotations

import re
from pathlib import Path

from kkdocs.office_package import template_problems


class TemplateProblem(Exception):
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
