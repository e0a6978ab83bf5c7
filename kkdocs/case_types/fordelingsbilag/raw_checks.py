"""The fordelingsbilag's FELT-TYPE checks on the raw data: the key's weights."""

from __future__ import annotations

from typing import Iterator

from kkdocs.checks.reference_data import Reference
from kkdocs.checks.references import Problem, as_dict, key_weight_problems


def distribution_problems(data: dict, reference: Reference) -> Iterator[Problem]:
    return key_weight_problems(as_dict(data.get("nøgle")), ("nøgle",))
