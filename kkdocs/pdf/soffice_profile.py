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

A new profile costs more: at its first start soffice registers the extensions that come with
the installation (`user/extensions`, 150 kB) and then starts itself again. So the pool keeps that
folder, from the first profile a soffice has ended cleanly in, in the user's cache
($XDG_CACHE_HOME or ~/.cache, `kkdocs/libreoffice-<version>-<stamp>/`, one per installation),
and each later profile begins with a copy of it: measured here, a start that converts one small
document took 0,42-0,46 s of CPU in a seeded profile and 0,30 s with the folder copied in, as
in a profile soffice had started in before. The folder records which extensions are registered, no
document and no setting; an installation that changes gets another stamp, and the pool forgets
the folder when a soffice in a profile made from it hangs.

Every profile also says that nothing in a document may reach outside it: links from a document
in no trusted location (every document kkdocs converts) are blocked, linked sections and
objects are never updated in Writer or Calc, and macros never run. kkdocs refuses templates
with external parts before it renders them; these settings are what holds should a document
with such a link reach soffice anyway. Measured with LibreOffice 7.4: a picture linked to
`http://127.0.0.1:…` made soffice send an OPTIONS, a HEAD and a GET, and one linked to a local
file put that file's picture in the PDF; with BlockUntrustedRefererLinks alone neither happens
(the link-update and macro settings alone do not stop it; they close the other ways in).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

VERSION_DECLARED = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')
SETTINGS_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
)
SETTINGS_END = "</oor:items>\n"
LAST_VERSION_ITEM = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                     'oor:op="fuse"><value>{version}</value></prop></item>\n')
LAST_VERSION_SETTING = SETTINGS_START + LAST_VERSION_ITEM + SETTINGS_END
CLOSED_SETTINGS = (  # (path, name, value): nothing a document links to is fetched, no macro runs
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),  # very high
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "0"),  # Writer's "never"
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),  # Calc's "never"
)
EXTENSIONS = Path("user") / "extensions"  # in a profile: what soffice registers at its first start


@dataclass(frozen=True)
class Installation:
    version: str  # major.minor, as ooSetupLastVersion takes it
    stamp: int  # when its main.xcd was written: another installation or an update has another


def installation(soffice: str) -> Installation | None:
    """The LibreOffice installation that `soffice` starts, or None when its declaration is not found."""
    return _installation(soffice, shutil.which("soffice"))


@functools.cache
def _installation(soffice: str, on_path: str | None) -> Installation | None:
    """The installation `soffice` lies in, else the one of `on_path`, the soffice on PATH.

    A wrapper script (as $KKDOCS_SOFFICE may name) lies outside any installation. Should it
    start another LibreOffice than the one on PATH, the seed is only wrong for it: an older
    version recorded lets it run its tests, as without the seed, and a newer one lets it skip
    them too; and it registers its extensions again, as in a new profile.
    """
    for program in (soffice, on_path):
        if program is None:
            continue
        declared = Path(os.path.realpath(program)).parent.parent / "share" / "registry" / "main.xcd"
        try:
            found = VERSION_DECLARED.search(declared.read_bytes())
            stamp = declared.stat().st_mtime_ns
        except OSError:
            continue
        if found:
            return Installation(found[1].decode(), stamp)
    return None


def seed_profile(profile: Path, version: str | None) -> None:
    """Record in the new profile at `profile` that soffice `version` has started in it before."""
    if version is None:
        return
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(LAST_VERSION_SETTING.format(version=version), encoding="utf-8")


def closed_profile(profile: Path, version: str | None) -> None:
    """Write the settings of a new profile at `profile`: the closed ones, and the seed when `version` is known."""
    items = [f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
             for path, name, value in CLOSED_SETTINGS]
    if version is not None:
        items.append(LAST_VERSION_ITEM.format(version=version))
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(SETTINGS_START + "".join(items) + SETTINGS_END, encoding="utf-8")


def new_profile(profile: Path, found: Installation | None) -> None:
    """Make a profile at `profile` for `found`: closed, seeded, with the kept extensions folder when there is one."""
    closed_profile(profile, found.version if found else None)
    kept = kept_extensions(found)
    if kept is not None and kept.is_dir():
        try:
            shutil.copytree(kept, profile / EXTENSIONS)
        except OSError:  # half a folder is worse than none: soffice registers them itself
            shutil.rmtree(profile / EXTENSIONS, ignore_errors=True)


def keep_extensions(profile: Path, found: Installation | None) -> None:
    """Keep the extensions folder of `profile`, which a soffice has ended cleanly in, unless one is kept.

    Copied beside the kept place and renamed into it, so that a pool never copies half a folder;
    when two pools keep one at once, the first rename wins. A cache that cannot be written
    (a read-only home) only means that every profile starts as a new one.
    """
    kept = kept_extensions(found)
    if kept is None or kept.is_dir() or not (profile / EXTENSIONS).is_dir():
        return
    scratch = None
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".extensions-", dir=kept.parent))
        shutil.copytree(profile / EXTENSIONS, scratch / "extensions")
        os.rename(scratch / "extensions", kept)
    except OSError:
        pass
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def forget_extensions(found: Installation | None) -> None:
    """Drop the kept extensions folder: a soffice in a profile made from it hung and was killed."""
    kept = kept_extensions(found)
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)


def kept_extensions(found: Installation | None) -> Path | None:
    """Where the extensions folder of `found`'s profiles is kept; None for an unknown installation."""
    if found is None:
        return None
    cache = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(cache) if cache else Path.home() / ".cache"
    except RuntimeError:  # no home directory to be found
        return None
    return root / "kkdocs" / f"libreoffice-{found.version}-{found.stamp:x}" / "extensions"
