"""The user profile each soffice of the pool starts in, seeded so that a start costs what it must.

At every start, LibreOffice 7.2 and later run their graphics render tests (some sixty
drawings into 4096-pixel bitmaps) unless the profile says that this version has run before
(`/org.openoffice.Setup/Product/ooSetupLastVersion`, compared as major × 10 + minor). A
headless soffice never records that version (its profile has no such entry after it has
converted), so it ran them at each start: measured here with LibreOffice 7.4.7, a start that
converts one small document took 0,96 s of CPU and 298.000 page faults, 91 % of them in those
tests; with the version recorded, 0,30 s and 19.000. The tests only choose how a window is
drawn on screen; a converted PDF is the same byte for byte, apart from its dates and /ID.

A profile is seeded with that one setting before its first start; soffice adds the rest. The
version is read where the installation declares it (`share/registry/main.xcd`, beside the
`program` folder that holds soffice), without starting soffice. When it is not found (another
layout), the profile is left empty and soffice runs the tests as before.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path

VERSION_DECLARED = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')
LAST_VERSION_SETTING = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
    "<value>{version}</value></prop></item>\n"
    "</oor:items>\n"
)


@functools.cache
def installed_version(soffice: str) -> str | None:
    """The major.minor version ("7.4") of the LibreOffice that `soffice` starts, or None.

    A wrapper script (as $KKDOCS_SOFFICE may name) lies outside any installation; then the
    version is that of the soffice on PATH. Should the wrapper start another LibreOffice, the
    setting is only wrong for it: an older version recorded lets it run its tests, as without
    the seed, and a newer one lets it skip them too.
    """
    for program in (soffice, shutil.which("soffice")):
        if program is None:
            continue
        declared = Path(os.path.realpath(program)).parent.parent / "share" / "registry" / "main.xcd"
        try:
            found = VERSION_DECLARED.search(declared.read_bytes())
        except OSError:
            continue
        if found:
            return found[1].decode()
    return None


def seed_profile(profile: Path, version: str | None) -> None:
    """Record in the new profile at `profile` that soffice `version` has started in it before."""
    if version is None:
        return
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(LAST_VERSION_SETTING.format(version=version), encoding="utf-8")
