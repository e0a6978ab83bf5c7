"""ruamel.yaml's syntax errors, in Danish, each with the fix a user needs.

ruamel says what its scanner or parser expected ("mapping values are not allowed here"); a
user needs what to change in the file ("sæt værdien i anførselstegn"). `syntax_problem` looks
at ruamel's problem and context and at the line it points to, and returns the position to show
and a Danish message. No English text of ruamel's reaches the user; an error kkdocs does not
know gets a general Danish message.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from kkdocs.findings import cut, quoted
from kkdocs.source.pasted_characters import SPACES, name, plain, unquoted

INDENT_FIX = ("Felter i samme afsnit skal stå præcis under hinanden, og felterne i et underafsnit rykkes ind med "
              "mellemrum under dets nøgle.")
GENERAL = ("Filen kan ikke læses som YAML her. Tjek indrykningen (kun mellemrum; felter i samme afsnit lige under "
           "hinanden), at hver nøgle har et kolon og et mellemrum efter sig, og at anførselstegn og parenteser lukkes.")


def syntax_problem(exc: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """1-based line and column, and the Danish message, for one syntax error in `text`."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    start = exc.context_mark or mark
    line_text = _line(text, mark.line) if mark else ""
    column = mark.column if mark else 0

    def at(place, message: str) -> tuple[int, int, str]:
        return (place.line + 1, place.column + 1, message) if place else (1, 1, message)

    space = _structural_space(text, start.line if start else 0, mark.line) if mark else None
    if space is not None:
        return space
    quote_fix = f"sæt hele værdien i anførselstegn, fx {_quoted(line_text)}{_curly_note(line_text)}"
    tab = _tab_in(text, mark.line) if mark else None
    if "\\t" in problem or "tab" in problem or tab is not None:
        place = (mark.line + 1, tab + 1) if tab is not None else (mark.line + 1, column + 1)
        return (*place, "Linjen indeholder et tabulatortegn (tab). YAML tillader ikke tab til indrykning eller "
                        "mellem nøgle og værdi: brug mellemrum.")
    key_line = _line(text, start.line) if start else ""
    indent = len(key_line) - len(key_line.lstrip())
    colon = re.search(r":( |$)", key_line)
    if colon and colon.start() - indent > 1024 and not key_line.lstrip().startswith(("-", "#", '"', "'")):
        length = f"{colon.start() - indent:,}".replace(",", ".")
        return (start.line + 1, indent + 1,
                f"Nøglen på linjen er {length} tegn lang; YAML tillader højst 1.024 tegn i en nøgle. Er det en "
                "tekst, så skriv den som værdien af et felt, fx titel: \"…\".")
    if "quoted scalar" in context and "end of stream" in problem:
        return at(start, "Et anførselstegn åbnes her, men lukkes aldrig: sæt det afsluttende anførselstegn "
                         "(\" eller ') efter værdien.")
    if "unknown escape character" in problem:
        return at(mark, "Ukendt tegn efter \\ i en tekst i dobbelte anførselstegn: brug enkelte anførselstegn "
                        "('…') om teksten, eller skriv \\\\ for en omvendt skråstreg.")
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        if ": " in line_text[:column]:  # the line already has its key: the colon is inside the value
            return at(mark, f"Værdien indeholder et kolon (': ' eller ':' til sidst), som YAML læser som en ny "
                            f"nøgle: {quote_fix}.")
        return at(mark, "Linjen er rykket længere ind end linjen over den, men linjen over er ikke en nøgle til "
                        f"et afsnit. {INDENT_FIX}")
    if "could not find expected ':'" in problem:
        return at(start, "Linjen mangler et kolon efter nøglen: skriv nøgle: værdi. Er det en fortsat tekst, så "
                         "skriv | efter nøglen og ryk teksten ind på linjerne under den.")
    match = re.search(r"expected ',' or '([\]}])'", problem)
    if match:
        kind = "Listen i [ ]" if match.group(1) == "]" else "Afsnittet i { }"
        example = "[2024, 2028]" if match.group(1) == "]" else "{2025: -100, 2026: -200}"
        return at(start, f"{kind}, der begynder her, mangler et komma mellem to værdier eller sin afsluttende "
                         f"{match.group(1)}: skriv fx {example}.")
    if "flow" in context and "end of stream" in problem:
        return at(start, "En [ eller { begynder her, men lukkes aldrig: sæt den afsluttende ] eller }.")
    match = re.search(r"found character '(.)' that cannot start any token", problem)
    if match:
        return at(mark, f"En værdi kan ikke begynde med tegnet {match.group(1)}: {quote_fix}.")
    if "expected alphabetic or numeric character" in problem:
        return at(start, "& og * kan ikke stå først i en værdi (YAML bruger dem til henvisninger, som sagsfiler ikke "
                         f"må have): {quote_fix}.")
    if "block scalar" in context:
        return at(mark, "Efter | eller > må der kun stå en kommentar: skriv teksten på linjerne under, rykket ind.")
    if "another document" in problem or "document start" in problem:
        return at(mark, "Filen fortsætter efter dokumentets afslutning (en linje med --- eller ...): en sagsfil er ét "
                        "dokument. Slet linjen, eller flyt resten til en fil for sig.")
    if "directive" in problem or "directive" in context:
        return at(mark, "Linjer, der begynder med %, er YAML-direktiver, som sagsfiler ikke bruger: slet linjen, "
                        "eller sæt værdien i anførselstegn.")
    if "expected <block end>" in problem or "did not find expected" in problem:
        before = line_text[:column].rstrip()
        if before.endswith(('"', "'")) and ":" in before:
            return at(mark, "Der står tekst efter et afsluttende anførselstegn: sæt anførselstegnene om hele "
                            "værdien, eller brug de andre anførselstegn indeni, fx titel: 'Projektet \"Ny drift\"'.")
        if "'-'" in problem or "block sequence" in problem or "'-' indicator" in problem:
            return at(mark, "Et listeelement ('- ') står forkert: alle elementer i en liste skal begynde med '- ' "
                            "lige under hinanden, rykket ind under listens nøgle.")
        return at(mark, f"Indrykningen passer ikke med linjerne over. {INDENT_FIX} En tekst over flere linjer "
                        "skal rykkes lige langt ind.")
    return at(mark, GENERAL)


def _quoted(line: str) -> str:
    """The line's `key: value` with the value in quotes, as the fix to show; a general example otherwise.

    A value that the user wrapped in Word's curly quotes gets straight ones instead, not both.
    """
    match = re.match(r"\s*(?:- )?([^\s:#][^:#]*?):\s+(.+?)\s*(?:\s#.*)?$", line)
    if match:
        key, value = match.groups()
        return f"{key}: {quoted(cut(unquoted(value)[0]))}"
    match = re.match(r"\s*- (.+?)\s*(?:\s#.*)?$", line)
    if match:
        return f"- {quoted(cut(unquoted(match.group(1))[0]))}"
    return 'titel: "Spor 1: Projektledelse"'


def reference_problem(symbol: str, label: str, line: str) -> str:
    """The message for an alias (*) or anchor (&), which a case file may not have: most are text that begins so."""
    kind = "en henvisning" if symbol == "*" else "et anker"
    return (f"En værdi, der begynder med {symbol}, læser YAML som {kind} ({symbol}{cut(label)}), og det må en sagsfil ikke "
            f"have. Er det tekst, så sæt hele værdien i anførselstegn: {_quoted(line)}.")


def _curly_note(line: str) -> str:
    """A sentence naming Word's curly quotes when the line's value is wrapped in them; '' otherwise."""
    match = re.match(r"\s*(?:- )?[^\s:#][^:#]*?:\s+(.+?)\s*$", line)
    opening = unquoted(match.group(1))[1] if match else None
    if opening is None:
        return ""
    return (f". Værdien begynder med {name(opening)} fra Word, som YAML læser som en del af teksten: "
            "brug lige anførselstegn (\" eller ') som vist")


def _structural_space(text: str, first_line: int, last_line: int) -> tuple[int, int, str] | None:
    """A non-breaking (or other pasted) space in an indentation or after a key's colon near the error.

    YAML reads such a space as text, so `sag:\u00a0OFS` has no colon-space and an indentation
    with one is not an indentation; its error is reported a line later or as something else.
    The message names the character at its own line and column.
    """
    lines = text.splitlines()
    for index in sorted({first_line, last_line - 1, last_line}):
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        indent = re.match(rf"[ {SPACES}]*", line).group()
        where = None
        if any(c in SPACES for c in indent) and line[len(indent):len(indent) + 1] not in ("", "#"):
            column, where = next(i for i, c in enumerate(indent) if c in SPACES), "i indrykningen"
        else:
            after = re.match(rf"\s*(?:- )?[^\s:#][^:#]*:([{SPACES}])", line) or re.match(rf"\s*-([{SPACES}])", line)
            if after:
                column, where = after.start(1), "efter kolonet" if line[after.start(1) - 1] == ":" else "efter -"
        if where:
            fix = ("ryk linjen ind med almindelige mellemrum" if where == "i indrykningen"
                   else f"skriv et almindeligt mellemrum, så linjen er {cut(plain(line, SPACES).strip())}")
            return (index + 1, column + 1,
                    f"Linjen har {name(line[column])} {where}, som YAML ikke læser som et mellemrum: {fix}. "
                    "Tegnet kommer ofte med, når tekst kopieres fra Word; søg og erstat det i hele filen.")
    return None


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _tab_in(text: str, index: int) -> int | None:
    """The 0-based column of a tab outside quotes and comments on a line, or None."""
    line = _line(text, index)
    before_comment = line.split(" #", 1)[0]
    column = before_comment.find("\t")
    if column < 0 or before_comment[:column].count('"') % 2 or before_comment[:column].count("'") % 2:
        return None
    return column
