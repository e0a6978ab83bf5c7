"""Finishing a saved xlsx: cached values for its formulas, and a byte-reproducible package.

openpyxl writes a formula as `<c r="C9"><f>SUM(C3:C8)</f><v></v></c>`, with no cached
value, so a reader that does not calculate (`openpyxl.load_workbook(data_only=True)`,
pandas, a preview) sees nothing. `finish_xlsx` puts the value Python computed into `<v>`
of every formula cell. A formula cell without a value to cache, or a value for a cell that
holds no formula, is a programming error and raises ValueError: no workbook leaves here
with an empty formula result.

It also makes the package reproducible: the document's modified time is the given moment
(openpyxl stamps the time of saving), and every zip entry gets the same fixed timestamp and
permissions, so the same workbook gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Mapping
from decimal import Decimal

from lxml import etree
from openpyxl.utils.datetime import to_excel

from kkdocs.documents.office_zip import write_package

CachedValue = int | Decimal | dt.date
CachedValues = Mapping[str, Mapping[str, CachedValue]]  # sheet title -> cell reference ("C9") -> value

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DCTERMS_NS = "http://purl.org/dc/terms/"
CORE_PROPERTIES = "docProps/core.xml"


def finish_xlsx(data: bytes, cached: CachedValues, moment: dt.datetime) -> bytes:
    """The saved workbook `data` with cached formula values and fixed timestamps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet_files = _sheet_files(source)
    unknown = set(cached) - set(sheet_files)
    if unknown:
        raise ValueError(f"no sheet named {sorted(unknown)} in the workbook")
    values_by_file = {path: cached.get(title, {}) for title, path in sheet_files.items()}
    return write_package((_finished(source, entry.filename, values_by_file, moment) for entry in source.infolist()),
                         ZIP_TIMESTAMP)


def _finished(source: zipfile.ZipFile, name: str, values_by_file: dict, moment: dt.datetime) -> tuple[str, bytes]:
    content = source.read(name)
    if name in values_by_file:
        content = cache_formula_values(content, values_by_file[name])
    elif name == CORE_PROPERTIES:
        content = _fix_modified(content, moment)
    return name, content


def cache_formula_values(sheet_xml: bytes, values: Mapping[str, CachedValue]) -> bytes:
    """Put each value into `<v>` of its formula cell; every formula cell must get one."""
    root = etree.fromstring(sheet_xml)
    remaining = dict(values)
    for cell in root.iter(f"{{{MAIN_NS}}}c"):
        formula = cell.find(f"{{{MAIN_NS}}}f")
        reference = cell.get("r")
        if formula is None:
            if reference in remaining:
                raise ValueError(f"cell {reference} has a value to cache but no formula")
            continue
        if reference not in remaining:
            raise ValueError(f"formula cell {reference} ({formula.text}) has no value to cache")
        _set_cached(cell, remaining.pop(reference))
    if remaining:
        raise ValueError(f"cells {sorted(remaining)} not found in the sheet")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_cached(cell: etree._Element, value: CachedValue) -> None:
    if "t" in cell.attrib:
        del cell.attrib["t"]  # a number: the default cell type
    stored = cell.find(f"{{{MAIN_NS}}}v")
    if stored is None:
        stored = etree.SubElement(cell, f"{{{MAIN_NS}}}v")
    stored.text = _xml_number(value)


def _xml_number(value: CachedValue) -> str:
    if isinstance(value, bool):
        raise TypeError(f"cannot cache {value!r}")
    if isinstance(value, dt.date):
        return _xml_number(Decimal(str(to_excel(value))))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    raise TypeError(f"cannot cache {value!r}")


def _sheet_files(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> path of its XML inside the package, read from the workbook's relations."""
    workbook = etree.fromstring(package.read("xl/workbook.xml"))
    relations = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in relations.iter(f"{{{PACKAGE_REL_NS}}}Relationship")}
    files = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{REL_NS}}}id")]
        files[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return files


def _fix_modified(core_xml: bytes, moment: dt.datetime) -> bytes:
    root = etree.fromstring(core_xml)
    for modified in root.iter(f"{{{DCTERMS_NS}}}modified"):
        modified.text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
