"""Free text of a case as Word paragraphs: paragraphs, bullet items and kept line breaks.

The case format's only markup (CASE-FORMAT section 2): a blank line separates paragraphs,
a line starting with "- " is a bullet item, and a line break inside a paragraph is kept.
Everything else (`{{`, `<`, `&`, `%`) is text; the template engine escapes it.

A template shows a field as a paragraph loop, one Word paragraph per block:

    {%p for block in beskrivelse %}
    {%p if block.punkt %}
    {{ block.tekst }}          <- paragraph in the "List Bullet" style
    {%p else %}
    {{ block.tekst }}          <- paragraph in the normal style
    {%p endif %}
    {%p endfor %}

A "\\n" left in `tekst` becomes a Word line break (docxtpl turns it into `<w:br/>`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = "- "
# Characters XML 1.0 cannot hold, plus the ones docxtpl would turn into tabs, paragraphs or
# page breaks (\t, \a, \f): a tab prints as a space, the rest are dropped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Block:
    """One Word paragraph: a normal paragraph or a bullet item."""

    tekst: str
    punkt: bool  # a bullet item


def clean(text: str | None) -> str:
    """A value made safe to put in a Word paragraph: no control characters, \\n line breaks only."""
    if text is None:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _FORBIDDEN.sub("", text)


def blocks(text: str | None) -> list[Block]:
    """Split a free-text field into paragraphs and bullet items, in order."""
    result: list[Block] = []
    current: list[str] = []
    current_is_bullet = False

    def flush() -> None:
        nonlocal current
        if current:
            result.append(Block("\n".join(current), current_is_bullet))
        current = []

    for raw in clean(text).split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        stripped = line.lstrip()
        if stripped.startswith(BULLET) or stripped == "-":
            flush()
            current_is_bullet = True
            current = [stripped[len(BULLET):].strip() if stripped != "-" else ""]
            continue
        if current and current_is_bullet:
            current.append(stripped)  # a wrapped bullet line: kept as a line break in the item
            continue
        if not current:
            current_is_bullet = False
        current.append(line)
    flush()
    return result
