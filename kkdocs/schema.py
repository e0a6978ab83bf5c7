"""JSON Schema for each case type and the package, so an editor can check and complete keys and show help.

The descriptions and examples the editor shows on hover live on the model fields (model.py);
a case type's title is its record's `schema_title` (kkdocs/case_types/)."""

from __future__ import annotations

from typing import Any

from kkdocs.case.model import Package
from kkdocs.case_types import NAMES, case_type

SCHEMA_KINDS = (*NAMES, "pakke")
PACKAGE_TITLE = "Udvalgspakke"


def json_schema(kind: str) -> dict[str, Any]:
    record = None if kind == "pakke" else case_type(kind)
    if kind != "pakke" and record is None:
        raise ValueError(f"ukendt sagstype {kind!r}")
    model, title = (Package, PACKAGE_TITLE) if record is None else (record.model, record.schema_title)
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            "description": f"kkdocs: {title} (data/{'pakker' if record is None else 'sager'}/<id>.yaml)",
            **{k: v for k, v in schema.items() if k != "title"}}
