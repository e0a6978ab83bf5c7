"""Content hashes of everything a case's outputs depend on, so unchanged cases are not rebuilt.

A case depends on its file, its attachments, the reference data, the templates of its type,
the kkdocs code and the build options; a package on its file, its cases and the overview's
template (templates/pakke/). The hash is taken from bytes, never from mtimes, and
needs no parsing: a no-op rebuild of a hundred cases reads files and hashes them, nothing more.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from kkdocs import __version__
from kkdocs.workspace import SHIPPED_DEFAULTS, SHIPPED_REFERENCE, Workspace

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # kkdocs/, with every stage's sub-package


class Fingerprints:
    """The hashes of one build or status check.

    The reference data and each type's templates are hashed once per instance, not once per
    case: a no-op rebuild of a thousand cases would otherwise list and stat those folders two
    thousand times.
    """

    def __init__(self, workspace: Workspace, options: dict, texts: Mapping[Path, str] | None = None) -> None:
        self.workspace = workspace
        self.texts = texts or {}  # files read from here, not from disk (BuildOptions.texts)
        self.options = json.dumps(options, sort_keys=True).encode()
        self._folders: dict[Path, str] = {}
        self._reference_hash: str | None = None

    def case(self, case_path: Path, case_type: str, attachments: list[Path]) -> str:
        digest = hashlib.sha256()
        _feed(digest, "kkdocs", code_hash().encode())
        _feed(digest, "options", self.options)
        _feed(digest, "case", self._content(case_path))
        _feed(digest, "reference", self.reference_hash().encode())
        _feed(digest, "templates", self._templates(case_type).encode() if case_type else b"")
        for attachment in attachments:
            _feed(digest, f"bilag:{attachment.name}", _read(attachment))
        return digest.hexdigest()

    def package(self, package_path: Path, case_hashes: list[str]) -> str:
        digest = hashlib.sha256()
        _feed(digest, "kkdocs", code_hash().encode())
        _feed(digest, "options", self.options)
        _feed(digest, "package", self._content(package_path))
        _feed(digest, "templates", self._templates("pakke").encode())  # the overview workbook
        for case_hash in case_hashes:
            _feed(digest, "case", case_hash.encode())
        return digest.hexdigest()

    def _content(self, path: Path) -> bytes:
        text = self.texts.get(path)
        return _read(path) if text is None else text.encode("utf-8")

    def reference_hash(self) -> str:
        """The workspace's reference data, and the shipped files it uses because it lacks its own."""
        if self._reference_hash is None:
            digest = hashlib.sha256(self._folder(self.workspace.reference).encode())
            for name in SHIPPED_DEFAULTS:
                if not (self.workspace.reference / name).is_file():
                    _feed(digest, f"shipped:{name}", _read(SHIPPED_REFERENCE / name))
            self._reference_hash = digest.hexdigest()
        return self._reference_hash

    def _templates(self, case_type: str) -> str:
        return "".join(self._folder(folder) for folder in self.workspace.template_sources(case_type))

    def _folder(self, folder: Path) -> str:
        if folder not in self._folders:
            self._folders[folder] = _folder_hash(folder)
        return self._folders[folder]


@lru_cache(maxsize=None)
def code_hash() -> str:
    """The kkdocs version and the bytes of its code, so a changed kkdocs rebuilds everything."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        _feed(digest, path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _folder_hash_cached(folder: Path, stamp: tuple) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        _feed(digest, path.relative_to(folder).as_posix(), path.read_bytes())
    return digest.hexdigest()


def _folder_hash(folder: Path) -> str:
    if not folder.is_dir():
        return ""
    # The cache key lists names, sizes and mtimes only to know when to hash again; the hash is of content.
    stamp = tuple((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file())
    return _folder_hash_cached(folder, stamp)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"<mangler>"


def _feed(digest, label: str, data: bytes) -> None:
    digest.update(label.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
