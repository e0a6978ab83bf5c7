"""How far a template may go: the Jinja sandbox both renderers use, with caps, and a bound per document.

A workspace's templates can be edited by anyone in a secretariat, so a template is untrusted
code. Jinja's sandbox keeps it away from Python's internals; this module keeps it from taking
the machine:

- `BoundedSandbox` caps what one operation can make, before it is made: `range` gives at most
  MAX_RANGE numbers, `**` at most MAX_DIGITS digits, a text made by `*`, `%`, `.format`, a
  padding method or a filter (`center`, `indent`, `replace`, `format`) at most MAX_TEXT
  characters, a format width or precision at most MAX_WIDTH, and `lipsum` a few paragraphs.
  One such operation runs in C and cannot be interrupted, so it is refused before it starts.
- `render_bounds()` bounds the rest, which is many small steps (loops within loops, a text
  grown step by step): while one document is rendered, a timer checks the process's CPU time
  and memory every TICK seconds of CPU and stops the render past RENDER_SECONDS or
  RENDER_MEMORY bytes more than it started with. A document takes a few hundredths of a second
  and a few MB; the bounds are far above that.

Both stop a template with a Danish message that names the bound (`BoundExceeded`,
`RenderBound`, both KkdocsErrors); the renderers add the template's name, the case fails alone
and the others build on. The timer needs the main thread of its process, where a build renders
(in its worker processes, or in its own process with one job); elsewhere only the caps hold.
"""

from __future__ import annotations

import math
import os
import re
import signal
import string
import threading
import time
from contextlib import contextmanager
from typing import Any

from jinja2 import TemplateError, filters
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

from kkdocs.errors import KkdocsError

MAX_RANGE = 10_000  # numbers one range() gives: a document's longest list has a few hundred rows
MAX_DIGITS = 1_000  # digits of a number made by **
MAX_TEXT = 1_000_000  # characters (or items) of one text or list made by one operation
MAX_WIDTH = 1_000  # a width or precision in a format: '%0*d', '{:>1000}'
MAX_LIPSUM = 10  # paragraphs of lipsum(), and 200 words in each
RENDER_SECONDS = 20.0  # CPU seconds one document may take
RENDER_MEMORY = 1_000_000_000  # bytes one document may add to its process
TICK = 0.05  # CPU seconds between two checks of the bounds

_FORMAT_NUMBERS = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_PADDING = {"ljust", "rjust", "center", "zfill"}


class BoundExceeded(TemplateError, KkdocsError):
    """An operation in a template that would make more than a bound allows; the message is Danish."""


class RenderBound(KkdocsError):  # noqa: N818 - the renderers turn it into a TemplateProblem naming the template
    """A render stopped by `render_bounds`; `danish` says which bound, in words for a sentence.

    Raised again at every tick until the render ends, so a library that catches and goes on
    (an `except Exception` somewhere in docxtpl or openpyxl) does not outrun the bound.
    """

    def __init__(self, danish: str) -> None:
        super().__init__(danish)
        self.danish = danish


def _text_length(length: int, what: str) -> None:
    if length > MAX_TEXT:
        raise BoundExceeded(f"{what} ville give {_count(length)} tegn; en skabelon må højst lave "
                            f"{_count(MAX_TEXT)} tegn ad gangen")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _width(value: Any, what: str) -> None:
    if isinstance(value, int) and value > MAX_WIDTH:
        raise BoundExceeded(f"{what} har bredden eller præcisionen {_count(value)}; "
                            f"højst {_count(MAX_WIDTH)} er tilladt")


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise BoundExceeded(f"range({', '.join(map(str, args))}) giver {_count(len(numbers))} tal; en skabelon må "
                            f"højst gennemløbe {_count(MAX_RANGE)} ad gangen")
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    if n > MAX_LIPSUM or max > 200 or min > 200:
        raise BoundExceeded(f"lipsum(n={n}) er mere fyldtekst, end en skabelon må lave (højst {MAX_LIPSUM} afsnit "
                            "på 200 ord)")
    return generate_lorem_ipsum(n, html, min, max)


def _check_percent_format(text: str, arguments: Any) -> None:
    for match in _PERCENT_SPEC.finditer(text):
        for number in match.groups():
            if number == "*":
                raise BoundExceeded(f"formatet '{match.group(0)}' tager bredden fra værdierne (*); skriv bredden i "
                                    "formatet")
            if number is not None:
                _width(int(number), f"formatet '{match.group(0)}'")


def _check_brace_format(text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises its own error for it
    for _, _, spec, _ in fields:
        if spec and "{" in spec:
            raise BoundExceeded(f"formatet '{{:{spec}}}' tager bredden fra værdierne; skriv bredden i formatet")
        for number in _FORMAT_NUMBERS.findall(spec or ""):
            _width(int(number), f"formatet '{{:{spec}}}'")


def _bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_percent_format(str(value), args or kwargs)
    return filters.do_format(value, *args, **kwargs)


def _bounded_center(value: str, width: int = 80) -> str:
    _text_length(width, f"center({width})")
    return filters.do_center(value, width)


def _bounded_indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    pad = width if isinstance(width, int) else len(width)
    _text_length(pad * (str(s).count("\n") + 1) + len(str(s)), f"indent({pad})")
    return filters.do_indent(s, width, first, blank)


def _bounded_replace(eval_ctx, s: str, old: str, new: str, count: int | None = None) -> str:
    text = str(s)
    times = (len(text) + 1 if old == "" else text.count(str(old))) if count is None else count
    _text_length(len(text) + times * max(len(str(new)) - len(str(old)), 0), "replace")
    return filters.do_replace(eval_ctx, s, old, new, count)


_bounded_replace.jinja_pass_arg = filters.do_replace.jinja_pass_arg  # type: ignore[attr-defined]


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the caps above; every template kkdocs renders or checks is parsed by one."""

    intercepted_binops = frozenset(["**", "*", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.globals["lipsum"] = bounded_lipsum
        self.filters.update(format=_bounded_format, center=_bounded_center, indent=_bounded_indent,
                            replace=_bounded_replace)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text = value.__self__

        def bounded(*args: Any, **kwargs: Any) -> str:
            _check_brace_format(text)
            return wrapper(*args, **kwargs)

        return bounded

    def call(__self, __context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and args:
            if name in _PADDING and isinstance(args[0], int):
                _text_length(args[0], f"{name}({args[0]})")
            elif name == "expandtabs" and isinstance(args[0], int):
                _width(args[0], "expandtabs")
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                times = len(owner) + 1 if old == "" else owner.count(old)
                _text_length(len(owner) + times * max(len(new) - len(old), 0), "replace")
        return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        digits = right * math.log10(abs(left)) if left.bit_length() < 10_000 else math.inf
        if digits > MAX_DIGITS:
            raise BoundExceeded(f"{_short(left)} ** {_short(right)} giver et tal på over {_count(MAX_DIGITS)} cifre")


def _check_product(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple, Markup)) and isinstance(times, int):
            _text_length(len(sequence) * times, "gangen med *")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_DIGITS * 3.33:
        raise BoundExceeded(f"{_short(left)} * {_short(right)} giver et tal på over {_count(MAX_DIGITS)} cifre")


def _short(number: int) -> str:
    """A number for a message: itself when short, else how long it is (a long one is never printed whole)."""
    if number.bit_length() < 64:
        return str(number)
    return f"et tal på {len(str(number)) if number.bit_length() < 4000 else 'mange'} cifre"


@contextmanager
def render_bounds():
    """While the block runs, stop it (RenderBound) past RENDER_SECONDS of CPU or RENDER_MEMORY bytes more memory."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    seconds, memory = RENDER_SECONDS, RENDER_MEMORY
    started, resident = time.process_time(), _resident()
    armed = [True]

    def check(signum, frame) -> None:
        if not armed[0]:
            return
        if time.process_time() - started > seconds:
            raise RenderBound(f"brugte mere end {_count(int(seconds))} sekunders regnetid")
        if resident is not None and (_resident() or 0) - resident > memory:
            raise RenderBound(f"brugte mere end {_count(memory // 1_000_000)} MB hukommelse")

    previous = signal.signal(signal.SIGPROF, check)
    signal.siginterrupt(signal.SIGPROF, False)  # a system call another thread waits in goes on, not EINTR
    signal.setitimer(signal.ITIMER_PROF, TICK, TICK)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        # a tick already on its way must not find the default action, which ends the process
        signal.signal(signal.SIGPROF, signal.SIG_IGN if previous in (None, signal.SIG_DFL) else previous)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident() -> int | None:
    """The process's resident memory in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def stopped_message(template_name: str, bound: RenderBound) -> str:
    return (f"Skabelonen {template_name} blev stoppet: den {bound.danish} på ét dokument. Den har sikkert en løkke, "
            "der gentages for mange gange, eller laver meget store tal eller tekster; ret skabelonen (kør kkdocs "
            "templates check), og byg igen.")
