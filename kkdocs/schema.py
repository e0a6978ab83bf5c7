"""JSON Schema for each case type and the package, so an editor can check and complete keys and show help.

The descriptions and examples the editor shows on hover live on the model fields (model.py)."""

from __future__ import annotations

from typing import Any

from kkdocs.case.model import CASE_MODELS, CASE_TYPES, Package

SCHEMA_KINDS = (*CASE_TYPES, "pakke")

TITLES = {
    "effektiviseringsforslag": "Tværgående effektiviseringsforslag",
    "investeringsforslag": "Tværgående investeringsforslag",
    "laaneansoegning": "Ansøgning om lånedispensation",
    "fordelingsbilag": "Fordelingsbilag",
    "pakke": "Udvalgspakke",
}


def json_schema(kind: str) -> dict[str, Any]:
    model = Package if kind == "pakke" else CASE_MODELS[kind]
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": TITLES[kind],
            "description": f"kkdocs: {TITLES[kind]} (data/{'pakker' if kind == 'pakke' else 'sager'}/<id>.yaml)",
            **{k: v for k, v in schema.items() if k != "title"}}

