"""The package overview as a workbook: `<id>-oversigt.xlsx`, filled from `templates/pakke/oversigt.xlsx`.

The template is a workbook template like every case type's (xlsx_template.py): three sheets,
"Tabel A", "Implementering" and "Sager", which a workspace may keep its own copy of in
`templates/pakke/`. Each table's total row is a `Total`, so the template engine writes its
`=SUM(...)` and checks it against the rows above, as in every other workbook; the figures
come from package_overview.py (workbook_context.overview_workbook).

Output is deterministic: the workbook's created and modified times are the meeting date,
and every zip entry gets the same fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kkdocs.atomic_write import write_bytes_atomically
from kkdocs.danish_format import format_date_long
from kkdocs.documents.workbook_context import overview_workbook
from kkdocs.documents.xlsx_cache import finish_xlsx
from kkdocs.documents.xlsx_template import fill_workbook
from kkdocs.figures.package_overview import PackageInfo, PackageOverview
from kkdocs.workspace import SHIPPED_TEMPLATES

TEMPLATE = "oversigt.xlsx"
SHIPPED_OVERVIEW = SHIPPED_TEMPLATES / "pakke" / TEMPLATE


def write_overview_xlsx(package: PackageInfo, overview: PackageOverview, target: Path,
                        template: Path = SHIPPED_OVERVIEW) -> None:
    """Write the overview workbook to `target`, atomically and byte-for-byte reproducibly."""
    try:
        filled = fill_workbook(template, overview_workbook(overview))
    except ValueError as exc:  # a figure that disagrees with its rows: a programming error
        raise ValueError(f"the overview workbook: a Total does not add up: {exc}") from exc
    _set_properties(filled.workbook, package)
    moment = dt.datetime.combine(package.mødedato, dt.time())
    write_bytes_atomically(Path(target), finish_xlsx(filled.to_bytes(), filled.cached, moment), durable=False)


def _set_properties(workbook: Workbook, package: PackageInfo) -> None:
    moment = dt.datetime.combine(package.mødedato, dt.time())
    properties = workbook.properties
    properties.title = f"Oversigt: {package.titel}"
    properties.subject = f"{package.udvalg}, møde {format_date_long(package.mødedato)}"
    properties.creator = "kkdocs"
    properties.lastModifiedBy = "kkdocs"
    properties.created = moment
    properties.modified = moment
    properties.language = "da-DK"
