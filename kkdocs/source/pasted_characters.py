"""Characters that Word and web pages put where a case file needs plain ones, with their Danish names.

A non-breaking space looks like a space, an en dash like a minus and curly quotes like quotes,
but YAML and the number fields read none of them so. This table is the one place that names
them, so that every message about one says which character it is and what to type instead.
"""

from __future__ import annotations

# character: (its Danish name, what to type instead)
PASTED = {
    "\u00a0": ("et hårdt mellemrum (U+00A0, som Word sætter ind)", " "),
    "\u202f": ("et smalt hårdt mellemrum (U+202F)", " "),
    "\u2009": ("et tyndt mellemrum (U+2009)", " "),
    "\u2007": ("et cifferbredt mellemrum (U+2007)", " "),
    "\u2012": ("en cifferstreg ‒ (U+2012)", "-"),
    "\u2013": ("en tankestreg – (U+2013)", "-"),
    "\u2014": ("en lang tankestreg — (U+2014)", "-"),
    "\u2212": ("et typografisk minus − (U+2212)", "-"),
    "\u201c": ("et typografisk anførselstegn “ (U+201C)", '"'),
    "\u201d": ("et typografisk anførselstegn ” (U+201D)", '"'),
    "\u201e": ("et typografisk anførselstegn „ (U+201E)", '"'),
    "\u00bb": ("et anførselstegn » (U+00BB)", '"'),
    "\u00ab": ("et anførselstegn « (U+00AB)", '"'),
    "\u2018": ("et typografisk anførselstegn ‘ (U+2018)", "'"),
    "\u2019": ("et typografisk anførselstegn ’ (U+2019)", "'"),
}
SPACES = "\u00a0\u202f\u2009\u2007"
DASHES = "\u2012\u2013\u2014\u2212"
QUOTES = "\u201c\u201d\u201e\u00bb\u00ab\u2018\u2019"


def name(character: str) -> str:
    """The Danish name of a pasted character: "en tankestreg – (U+2013)"."""
    return PASTED[character][0]


def plain(text: str, characters: str = "".join(PASTED)) -> str:
    """`text` with each of `characters` replaced by what to type instead."""
    return "".join(PASTED[c][1] if c in characters and c in PASTED else c for c in text)


def first(text: str, characters: str) -> str | None:
    """The first of `characters` that `text` holds, or None."""
    return next((c for c in text if c in characters), None)


def unquoted(value: str) -> tuple[str, str | None]:
    """A value wrapped in curly quotes without them, and the opening quote; (value, None) when it is not."""
    if len(value) >= 2 and value[0] in QUOTES and value[-1] in QUOTES:
        return value[1:-1], value[0]
    return value, None
