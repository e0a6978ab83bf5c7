"""A free text reworded in Word, written back with the author's own lines.

A case's free text is wrapped by its author, and a list item carries the author's number
("2. "), but a form gives only paragraphs (`rich_text`). Writing the form's text as it is
would re-wrap every paragraph and renumber every list. So the texts are compared paragraph by
paragraph (`blocks`, as the documents print them): an unchanged paragraph keeps its lines
as they were, a reworded one keeps its line breaks between the words that stayed, so only
the lines that hold changed words change, and only a new paragraph is written afresh.

`reworded_text` returns None when the old text cannot be split into its source lines the way
`blocks` splits it; the caller then writes the form's text as it is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from kkdocs.documents.rich_text import BULLET, LEAD_IN, NUMBERED, Block, blocks, clean

_MARKER = re.compile(r"\s*(?:- |\d{1,3}\. |-$)?\s*")  # a line's indentation and list marker
CONTEXT = 4  # words shown on each side of a change


@dataclass
class _Source:
    """One block of the old text: the blank lines before it and its own lines, as the author wrote them."""

    blank_before: int
    lines: list[str] = field(default_factory=list)

    @property
    def block(self) -> Block:
        return blocks("\n".join(self.lines))[0]


def _sources(text: str) -> list[_Source] | None:
    """The old text's blocks with their lines, split as `blocks` splits it (None if that fails)."""
    found: list[_Source] = []
    current: _Source | None = None
    blank = 0
    for raw in clean(text).split("\n"):
        line = raw.strip()
        if not line:
            if current is not None:
                found.append(current)
                current = None
            blank += 1
            continue
        starts = line.startswith(BULLET) or line == "-" or NUMBERED.match(line)
        if starts or current is None:
            if current is not None:
                found.append(current)
            current = _Source(blank if found or current else 0, [raw.rstrip()])
            blank = 0
            if not starts and LEAD_IN.fullmatch(line):
                found.append(current)
                current = None
        else:
            current.lines.append(raw.rstrip())
    if current is not None:
        found.append(current)
    if [s.block for s in found] != blocks(text):
        return None
    return found


def reworded_text(old: str, new: str) -> str | None:
    """`new`'s paragraphs written with `old`'s lines wherever they are the same paragraph."""
    sources = _sources(old)
    if sources is None:
        return None
    new_blocks = blocks(new)
    width = max((len(line) for s in sources for line in s.lines), default=0)
    wraps = any(len(s.lines) > 1 for s in sources)
    out: list[str] = []
    previous: Block | None = None
    number = 0

    def emit(lines: list[str], blank_before: int, block: Block) -> None:
        nonlocal previous, number
        if out and not blank_before and not (block.punkt or block.nummereret or previous.fed):
            blank_before = 1  # moved next to another block: a blank line, or the two would read as one
        if out:
            out.extend([""] * blank_before)
        out.extend(lines)
        previous = block
        number = _number(lines[0], number) if block.nummereret else 0

    def fresh(block: Block) -> None:
        together = previous is not None and (previous.punkt and block.punkt or previous.nummereret and block.nummereret)
        emit(_written(block, number + 1, width if wraps else 0), 0 if together else 1, block)

    matcher = difflib.SequenceMatcher(None, [s.block for s in sources], new_blocks, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for source in sources[i1:i2]:
                emit(source.lines, source.blank_before, source.block)
            continue
        olds, news = sources[i1:i2], new_blocks[j1:j2]
        for index, block in enumerate(news):
            source = olds[index] if index < len(olds) else None
            if source is not None and _same_kind(source.block, block) and not block.fed:
                emit(_rewrapped(source.lines, block.tekst, width), source.blank_before, block)
            else:
                fresh(block)
    text = "\n".join(out)
    if old.endswith("\n"):
        text += "\n"
    return text if blocks(text) == new_blocks else None


def _same_kind(a: Block, b: Block) -> bool:
    return (a.punkt, a.nummereret, a.fed) == (b.punkt, b.nummereret, b.fed)


def _number(line: str, previous: int) -> int:
    match = NUMBERED.match(line.strip())
    return int(match.group(1)) if match else previous + 1


def _written(block: Block, number: int, width: int) -> list[str]:
    """A block that is new in the text, in the case format's markup, wrapped as the author wraps (if so)."""
    if block.fed:
        return [f"**{block.tekst}**"]
    marker = BULLET if block.punkt else f"{number}. " if block.nummereret else ""
    lines = _wrap(block.tekst.split(), width - len(marker)) if width else [block.tekst]
    return [marker + lines[0]] + [(" " * len(marker)) + line for line in lines[1:]]


def _wrap(words: list[str], width: int) -> list[str]:
    lines = [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > max(width, 40):
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}" if lines[-1] else word
    return lines


def _rewrapped(lines: list[str], text: str, width: int) -> list[str]:
    """`text` laid over the old lines of its paragraph: a word that stayed stays on its line.

    New words go on the line of the word before them; a line that grows wider than the widest
    line of the old text is wrapped there, and a line whose words all went is dropped.
    """
    prefixes = [_MARKER.match(line).group(0) for line in lines]
    old_words: list[str] = []
    line_of: list[int] = []
    for index, line in enumerate(lines):
        words = line[len(prefixes[index]):].split()
        old_words += words
        line_of += [index] * len(words)
    new_words = text.split()
    placed: list[list[str]] = [[] for _ in lines]
    current = 0
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                current = line_of[i]
                placed[current].append(new_words[j])
            continue
        if i1 < i2:
            current = max(current, line_of[i1])  # a replaced word's line
        placed[current].extend(new_words[j1:j2])
    indent = prefixes[1] if len(prefixes) > 1 else ""
    result: list[str] = []
    for index, words in enumerate(placed):
        if not words:
            continue
        prefix = prefixes[index] if result else prefixes[0]
        line = prefix + " ".join(words)
        if len(lines) > 1 and len(line) > width:
            wrapped = _wrap(words, width - len(prefix))
            result.append(prefix + wrapped[0])
            result.extend(indent + rest for rest in wrapped[1:])
        else:
            result.append(line)
    return result


def changed_words(old: str, new: str, size: int = 70) -> tuple[str, str]:
    """The part of two paragraphs that differs, with a few words around it, cut with "…" where cut."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    first = max(0, start - CONTEXT)

    def shown(words: list[str], end: int) -> str:
        last = min(len(words), end + CONTEXT)
        text = " ".join(words[first:last])
        if len(text) > size:
            text = text[:size - 1].rsplit(" ", 1)[0] + " …"
        return ("… " if first > 0 else "") + text + (" …" if last < len(words) and not text.endswith("…") else "")

    return shown(a, end_a), shown(b, end_b)
