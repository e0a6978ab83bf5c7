"""Free text of a case as Word paragraphs: paragraphs, bullet and numbered items, lead-ins.

The case format's only markup (CASE-FORMAT section 2):

- a blank line separates paragraphs; a single line break inside a paragraph is a space
  (an editor wraps lines, the document reflows them);
- a line that starts with "- " is a bullet item, one that starts with a number and ". "
  ("1. ", "12. ") a numbered item; the lines after it, up to a blank line or the next item,
  are the same item, joined with spaces;
- a paragraph that is one line in `**…**` is a bold lead-in heading. When the lines after
  such a line follow without a blank line, they are the next paragraph (docs/design.md).

Everything else (`{{`, `<`, `&`, `%`, a `**` inside a line) is text; the template engine
escapes it. A numbered item's own digits are not kept: Word numbers each list from 1, so
"1. 1. 1." and "1. 2. 3." print alike (docs/design.md).

A template shows a field as a paragraph loop, one Word paragraph per block:

    {%p for block in beskrivelse %}
    {%p if block.punkt %}
    {{ block.tekst }}          <- paragraph in the "List Bullet" style
    {%p elif block.nummereret %}
    {{ block.tekst }}          <- paragraph in the "List Number" style
    {%p elif block.fed %}
    {{ block.tekst }}          <- a bold paragraph
    {%p else %}
    {{ block.tekst }}          <- paragraph in the normal style
    {%p endif %}
    {%p endfor %}

Word numbers all "List Number" paragraphs of a document as one list; render_docx starts
each run of them again at 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = "- "
NUMBERED = re.compile(r"(\d{1,3})\. ")
LEAD_IN = re.compile(r"\*\*(?=\S)(.*\S)\*\*")
# Characters XML 1.0 cannot hold, plus the ones docxtpl would turn into tabs, paragraphs or
# page breaks (\t, \a, \f): a tab prints as a space, the rest are dropped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Block:
    """One Word paragraph: a normal paragraph, a bullet or numbered item, or a bold lead-in."""

    tekst: str
    punkt: bool = False  # a bullet item
    nummereret: bool = False  # a numbered item
    fed: bool = False  # a bold lead-in heading


def clean(text: str | None) -> str:
    """A value made safe to put in a Word paragraph: no control characters, \\n line breaks only."""
    if text is None:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _FORBIDDEN.sub("", text)


def blocks(text: str | None) -> list[Block]:
    """Split a free-text field into paragraphs, list items and lead-ins, in order."""
    result: list[Block] = []
    words: list[str] = []
    kind: dict[str, bool] = {}

    def flush() -> None:
        nonlocal words, kind
        if words:
            result.append(Block(" ".join(w for w in words if w), **kind))
        words, kind = [], {}

    for raw in clean(text).split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        numbered = NUMBERED.match(line)
        if line.startswith(BULLET) or line == "-":
            flush()
            kind, words = {"punkt": True}, [line[len(BULLET):].strip()]
        elif numbered:
            flush()
            kind, words = {"nummereret": True}, [line[numbered.end():].strip()]
        elif not words and LEAD_IN.fullmatch(line):
            result.append(Block(LEAD_IN.fullmatch(line).group(1), fed=True))
        else:
            words.append(line)
    flush()
    return result
