"""`kkdocs schema`: every field of every case type and of a package explains itself in Danish, with an example.

The editor's YAML language server shows a field's `description` and `examples` on hover. The
walk below follows every `$ref` into `$defs`, and a test holds it to the models, so a nested
field (a row, a table, a bilag) can not slip past it.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from kkdocs.case.model import CASE_MODELS, Package
from kkdocs.schema import SCHEMA_KINDS, json_schema
from kkdocs.workspace_init import init_workspace
from test_danish_cli import english_words

MODELS = {**CASE_MODELS, "pakke": Package}


def described_objects(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(model name, object schema) of the root and of every `$defs` entry the root reaches through `$ref`."""
    defs = schema.get("$defs", {})
    seen: set[str] = set()
    todo: list[tuple[str, Any]] = [(schema["title"], schema)]
    while todo:
        name, node = todo.pop()
        if isinstance(node, list):
            todo.extend((name, item) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        if "properties" in node:
            yield name, node
        for key, value in node.items():
            if key == "$ref":
                target = value.removeprefix("#/$defs/")
                if target not in seen:
                    seen.add(target)
                    todo.append((defs[target].get("title", target), defs[target]))
            elif key not in ("$defs", "examples", "default", "const", "enum"):
                todo.append((name, value))


def fields(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model name, field name, field schema) of every field the schema describes."""
    for name, node in described_objects(schema):
        for field, field_schema in node["properties"].items():
            yield name, field, field_schema


def schema_problems(schema: dict[str, Any]) -> list[str]:
    """Every field without a Danish description or an example, and every English description."""
    problems = []
    for name, node in described_objects(schema):
        if "description" in node and english_words(node["description"]):
            problems.append(f"{name}: engelsk beskrivelse {node['description']!r}")
    for name, field, field_schema in fields(schema):
        description = field_schema.get("description")
        if not isinstance(description, str) or len(description.strip()) < 10:
            problems.append(f"{name}.{field}: ingen beskrivelse")
        elif english_words(description):
            problems.append(f"{name}.{field}: engelske ord {sorted(english_words(description))} i {description!r}")
        examples = field_schema.get("examples")
        if not isinstance(examples, list) or not examples:
            problems.append(f"{name}.{field}: intet eksempel")
    return problems


def model_fields(model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str]]:
    """(model, field name) of `model` and of every model nested in its fields, each model once."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            yield current, name
            todo.extend(nested_models(info.annotation))


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in nested_models(arg)]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_field_has_a_danish_description_and_an_example(kind):
    assert schema_problems(json_schema(kind)) == []


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_walk_reaches_every_field_of_the_models(kind):
    schema = json_schema(kind)
    walked = {(name, field) for name, field, _ in fields(schema)}
    root = MODELS[kind]
    expected = {(schema["title"] if model is root else model.__name__, field) for model, field in model_fields(root)}
    assert walked == expected
    if kind.endswith("forslag"):  # the deepest models, behind lists and optional fields
        assert {"Fase", "Tabel", "OplystTilbagebetaling", "VarigÆndring"} <= {name for name, _ in walked}


def example_problems(kind: str, schema: dict[str, Any]) -> list[str]:
    """Every example that fails its field's own validation, read as the editor reads it (JSON), strict as a case."""
    by_name = {schema["title"] if model is MODELS[kind] else model.__name__: model
               for model, _ in model_fields(MODELS[kind])}
    wrong = []
    for name, field, field_schema in fields(schema):
        info = by_name[name].model_fields[field]
        adapter = TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)
        for example in field_schema.get("examples", []):
            try:
                adapter.validate_json(json.dumps(example), strict=True)
            except ValidationError as error:
                wrong.append(f"{name}.{field}: {example!r}: {error}")
    return wrong


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_example_is_a_valid_value_of_its_field(kind):
    assert example_problems(kind, json_schema(kind)) == []


def test_the_checks_find_a_missing_description_an_english_one_a_missing_example_and_a_wrong_one():
    schema = json_schema("investeringsforslag")
    objects = dict(described_objects(schema))
    del objects["Tabel"]["properties"]["ark"]["description"]
    objects["Tabel"]["properties"]["kolonner"]["description"] = "The column headings of the table"
    del objects["Fase"]["properties"]["slut"]["examples"]
    problems = schema_problems(schema)
    assert {problem.split(":")[0] for problem in problems} == {"Tabel.ark", "Tabel.kolonner", "Fase.slut"}, problems
    assert len(problems) == 3, problems

    objects["Økonomi"]["properties"]["år"]["examples"] = [[2025]]  # one year, not the first and the last
    objects["VarigÆndring"]["properties"]["styringsområde"]["examples"] = ["Drift"]
    objects["Fase"]["properties"]["start"]["examples"] = ["2025-13"]
    wrong = example_problems("investeringsforslag", schema)
    assert {problem.split(":")[0] for problem in wrong} == {"Økonomi.år", "VarigÆndring.styringsområde", "Fase.start"}


def test_init_writes_the_described_schemas(tmp_path):
    init_workspace(tmp_path)
    for kind in SCHEMA_KINDS:
        written = json.loads((tmp_path / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind)
        assert schema_problems(written) == []
        assert any(field_schema.get("description") for _, _, field_schema in fields(written))


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_docs_name_every_field_the_schema_describes(kind):
    """docs/sagsformat.md is the long form of the same descriptions; a new field goes into both."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "sagsformat.md").read_text(encoding="utf-8")
    missing = {field for _, field, _ in fields(json_schema(kind)) if not re.search(rf"(?<!\w){re.escape(field)}(?!\w)", doc)}
    assert missing == set()
