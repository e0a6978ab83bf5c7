"""Texts left as the skeleton wrote them: every «…» in a value is an advarsel at its position.

`kkdocs new` writes each text a user must replace in «…» (skeletons.py), so an untouched
skeleton validates without fejl but says, text by text, what is still to be written.
"""

from __future__ import annotations

import re
from typing import Any

from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import PathKey, Source

PLACEHOLDER = re.compile(r"«[^«»]*»")
SHOWN = 60  # characters of a placeholder quoted in the message


def check_placeholders(source: Source) -> list[Finding]:
    found: list[Finding] = []
    for path, text in _texts(source.data, ()):
        match = PLACEHOLDER.search(text)
        if match:
            shown = match.group(0) if len(match.group(0)) <= SHOWN else match.group(0)[:SHOWN - 2] + "…»"
            found.append(source.finding(path, Level.ADVARSEL, "PLADSHOLDER",
                                        f"Skelettets pladsholder {shown} står her stadig; skriv din egen tekst."))
    return found


def _texts(value: Any, path: PathKey):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
    elif isinstance(value, str):
        yield path, value
