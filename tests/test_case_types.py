"""The registry of case types: one record per name, each type found through its record alone."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from kkdocs.case_types import CASE_TYPES, DuplicateCaseType, NAMES, by_name, case_type
from kkdocs.case_types.proposals import INVESTERINGSFORSLAG


def test_a_second_record_with_the_same_name_is_refused():
    twin = replace(INVESTERINGSFORSLAG, label="Investeringsforslag, anden udgave")
    with pytest.raises(DuplicateCaseType, match="To sagstyper hedder 'investeringsforslag'"):
        by_name(CASE_TYPES + (twin,))


def test_a_registry_with_a_duplicate_fails_at_import(tmp_path):
    """The registry is checked when kkdocs.case_types is imported, before any command runs."""
    code = ("import kkdocs.case_types.record as record, kkdocs.case_types.proposals as p, dataclasses\n"
            "import importlib, kkdocs.case_types as registry\n"
            "p.INVESTERINGSFORSLAG = dataclasses.replace(p.EFFEKTIVISERINGSFORSLAG)\n"
            "importlib.reload(registry)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DuplicateCaseType: To sagstyper hedder 'effektiviseringsforslag'" in result.stderr


def test_every_record_is_found_by_its_name():
    assert NAMES == tuple(record.name for record in CASE_TYPES)
    assert all(case_type(record.name) is record for record in CASE_TYPES)
    assert case_type("ukendt") is None and case_type(None) is None


def _model_names(model, found: set[str]) -> set[str]:
    import typing

    from pydantic import BaseModel

    def walk(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in seen:
                seen.add(annotation)
                for name, info in annotation.model_fields.items():
                    found.add(name)
                    walk(info.annotation)
            return
        for argument in typing.get_args(annotation):
            walk(argument)

    seen: set = set()
    walk(model)
    return found


def _figure_names(figures, found: set[str]) -> set[str]:
    import dataclasses
    import typing

    def walk(annotation):
        if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
            if annotation not in seen:
                seen.add(annotation)
                hints = typing.get_type_hints(annotation)
                for f in dataclasses.fields(annotation):
                    found.add(f.name)
                    walk(hints[f.name])
            return
        for argument in typing.get_args(annotation):
            walk(argument)

    seen: set = set()
    walk(figures)
    return found


def test_every_form_layout_names_only_fields_and_figures_its_types_have():
    # a misspelt name in a layout would silently leave its field without its choices, label or paragraphs
    import typing

    from kkdocs.case.form_layout import COMMON

    layouts: dict[int, list] = {}
    for record in CASE_TYPES:
        layouts.setdefault(id(record.form_layout), []).append(record)
    for records in layouts.values():
        layout = records[0].form_layout
        fields = set().union(*(_model_names(r.model, set()) for r in records))
        figures = set().union(*(_figure_names(typing.get_type_hints(r.calculate)["return"], set()) for r in records))
        def own(names, common) -> set[str]:  # the layout's own names, not the ones every form shares
            return set(names) - set(common)

        for name in (own(layout.choices, COMMON.choices) | own(layout.labels, COMMON.labels)
                     | own(layout.long_texts, COMMON.long_texts) | own(layout.years, COMMON.years)
                     | own(layout.reshaping, COMMON.reshaping) | own(layout.ordered, COMMON.ordered)
                     | set(layout.sections)):
            assert name in fields, f"{records[0].name}: {name} er ikke et felt i modellen"
        for name in own(layout.figure_labels, COMMON.figure_labels) | own(layout.plain_figures, COMMON.plain_figures):
            assert name in figures, f"{records[0].name}: {name} er ikke et beregnet tal"
