"""Attached files (bilag with `fil`, tables `fra_excel`): found inside data/ only, and readable.

kkdocs never reads a file outside the workspace's data/ folder: a path is resolved with its
symbolic links before it is compared, so `../`, absolute paths and links that point out are
all refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from kkdocs.errors import KkdocsError

MAX_ATTACHMENT_BYTES = 200_000_000


class AttachmentProblem(KkdocsError):
    """Why an attachment cannot be used (Danish, for a BILAG-FIL finding)."""


def resolve_attachment(name: str, case_folder: Path, data_root: Path) -> Path:
    """The real path of an attachment named relative to its case file's folder, inside data/."""
    given = Path(name)
    if given.is_absolute():
        raise AttachmentProblem(f"Filen '{name}' er angivet med en absolut sti; angiv den i forhold til sagsfilens mappe, inden for data/.")
    path = (case_folder / given).resolve()
    root = data_root.resolve()
    if path != root and root not in path.parents:
        raise AttachmentProblem(f"Filen '{name}' ligger uden for data/; kkdocs læser kun filer i arbejdsområdets data/.")
    if not path.is_file():
        raise AttachmentProblem(f"Filen '{name}' findes ikke (ledt efter {path}).")
    if path.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise AttachmentProblem(f"Filen '{name}' er større end {MAX_ATTACHMENT_BYTES // 1_000_000} MB.")
    return path


def check_attachment(name: str, case_folder: Path, data_root: Path, kind: str, sheet: str | None = None) -> Path:
    """Resolve and open the attachment as a PDF or an xlsx workbook; raise AttachmentProblem if that fails."""
    path = resolve_attachment(name, case_folder, data_root)
    if kind == "pdf":
        _check_pdf(path, name)
    else:
        _check_xlsx(path, name, sheet)
    return path


def _check_pdf(path: Path, name: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if path.read_bytes()[:5] != b"%PDF-":
        raise AttachmentProblem(f"Filen '{name}' er ikke en PDF-fil.")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise AttachmentProblem(f"PDF-filen '{name}' er krypteret eller beskyttet med adgangskode; gem en udgave uden beskyttelse.")
        if len(reader.pages) == 0:
            raise AttachmentProblem(f"PDF-filen '{name}' har ingen sider.")
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touches every page object, so a broken page tree shows here
    except AttachmentProblem:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise AttachmentProblem(f"PDF-filen '{name}' er beskadiget og kan ikke læses ({type(exc).__name__}).") from None


def is_tagged_pdf(path: Path) -> bool:
    """Whether a readable PDF is tagged: a structure tree, and /MarkInfo /Marked true."""
    from pypdf import PdfReader

    root = PdfReader(path, strict=False).trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    marked = mark_info is not None and bool(mark_info.get_object().get("/Marked", False))
    return "/StructTreeRoot" in root and marked


def untagged_message(name: str) -> str:
    return (f"PDF-filen '{name}' er ikke tagget (den har ingen struktur, som en skærmlæser kan læse). Sagens samlede "
            "PDF og pakker med sagen bygges, men er ikke PDF/UA og må ikke lægges på hjemmesiden som tilgængelige. "
            "Gem bilaget som tagget PDF (i Word: Gem som PDF, Indstillinger, »Dokumentstrukturkoder for "
            "tilgængelighed«), og byg igen.")


def active_content_of(path: Path) -> list[str]:
    """What acts in a readable PDF (pdf_actions.active_content); nothing when pikepdf cannot read what pypdf did,
    as the bundle then names the file itself."""
    from kkdocs.checks.pdf_actions import active_content

    try:
        return active_content(path)
    except Exception:  # qpdf raises many kinds of errors on broken files
        return []


def active_content_message(name: str, kinds: list[str]) -> str:
    return (f"PDF-filen '{name}' indeholder aktivt indhold: {', '.join(kinds)}. kkdocs fjerner det i sagens samlede "
            "PDF og i pakker (kun links inden for dokumentet og almindelige weblinks bevares). Vil du undgå "
            "advarslen, så gem bilaget uden det (fx med Udskriv til PDF), og byg igen.")


def _check_xlsx(path: Path, name: str, sheet: str | None) -> None:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise AttachmentProblem(f"Filen '{name}' er ikke en Excel-fil (.xlsx).")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise AttachmentProblem(f"Excel-filen '{name}' er beskadiget og kan ikke læses ({type(exc).__name__}).") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise AttachmentProblem(f"Excel-filen '{name}' har intet ark '{sheet}'; arkene hedder: {', '.join(workbook.sheetnames)}.")
    finally:
        workbook.close()


@dataclass(frozen=True)
class SheetNumber:
    """A number read from a sheet with the number format its cell shows it in (`#,##0`, `0.0 %`)."""

    value: int | float
    number_format: str


def read_sheet(path: Path, sheet: str | None) -> list[list[object]]:
    """The rows of a sheet as values (the first sheet when none is named); empty trailing rows dropped.

    A number comes as a SheetNumber with its cell's number format; a formula cell as its saved value
    (None when the file has none: see `formulas_without_value`)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = [[_value(cell) for cell in row] for row in worksheet.iter_rows()]
    finally:
        workbook.close()
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    return rows


def _value(cell) -> object:
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return SheetNumber(value, getattr(cell, "number_format", None) or "General")
    return value


def formulas_without_value(path: Path, sheet: str | None, limit: int = 5) -> list[str]:
    """The cells (A1 names, at most `limit`) holding a formula with no saved value: openpyxl and
    some tools write formulas without computing them, and kkdocs does not compute them either."""
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)
    values = load_workbook(path, read_only=True, data_only=True)
    found: list[str] = []
    try:
        name = sheet or formulas.sheetnames[0]
        for formula_row, value_row in zip(formulas[name].iter_rows(), values[name].iter_rows()):
            for formula, value in zip(formula_row, value_row):
                text = getattr(formula, "value", None)
                if isinstance(text, str) and text.startswith("=") and getattr(value, "value", None) is None:
                    found.append(formula.coordinate)
                    if len(found) >= limit:
                        return found
    finally:
        formulas.close()
        values.close()
    return found
