"""The one base of every exception kkdocs raises, and the operating system's errors in Danish.

A `KkdocsError` is a problem kkdocs has told in Danish for the user: the command line prints its
message as it stands and exits with its `exit_code`; nothing else reaches the user from it. The
classes below it keep the names of the stages that raise them (YamlProblem, TemplateProblem,
ConverterUnavailable, …), so that a stage can catch its own and the command line all of them.
Findings stay values (findings.py); an exception is for what stops a command or one file's step.
"""

from __future__ import annotations

import errno


class KkdocsError(Exception):
    """A problem kkdocs stops at, with a Danish message that says what to do."""

    exit_code = 1


# What the operating system's English strerror means, in Danish, with what to do about it.
OS_ERRORS = {
    errno.ENOSPC: "disken er fuld; frigør plads, og prøv igen",
    errno.EROFS: "mappen er skrivebeskyttet (et skrivebeskyttet drev); vælg en anden mappe, fx med -o",
    errno.EACCES: "du har ikke adgang; tjek filens eller mappens rettigheder",
    errno.EPERM: "handlingen er ikke tilladt; tjek filens eller mappens rettigheder",
    errno.ENAMETOOLONG: "navnet er for langt til filsystemet; brug et kortere filnavn eller id",
    errno.ENOENT: "filen eller mappen findes ikke",
    errno.EISDIR: "det er en mappe, ikke en fil",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.EEXIST: "den findes allerede",
    errno.EMFILE: "for mange åbne filer; byg med færre parallelle processer (-j)",
    errno.ENOMEM: "der er ikke hukommelse nok; byg med færre parallelle processer (-j)",
    errno.EIO: "disken eller drevet svarer med en læse- eller skrivefejl",
}


def os_error_text(exc: OSError, *, with_file: bool = True) -> str:
    """An OSError as a Danish phrase, after the file it concerns unless `with_file` is False: "build/x: disken er fuld; …"."""
    what = OS_ERRORS.get(exc.errno or 0, f"systemfejl nr. {exc.errno}" if exc.errno else "systemfejl")
    return f"{exc.filename}: {what}" if with_file and exc.filename is not None else what
