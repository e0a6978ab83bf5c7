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
