"""Findings that follow from a value already in fejl: left out, so that one mistake gives one finding.

`indfasning: {2025: 50}` is one mistake. The figures computed from it are wrong too, and every
rule that reads them says so: stated totals that no longer agree, a payback year that moved,
a saving that seems to shrink. None of that can be acted on before the value is fixed, and
after the fix it is gone or different. Likewise `start: april 2024` is one mistake, not also a
phase that ends before it starts.

A finding follows from a value when it changes as the value changes. So the values with a fejl
are changed (`change`), the same checks run again on the changed data (`check`), and a finding
that the second run does not repeat word for word is left out. A fejl at one of the values
themselves stays unless it changes with the others alone (a stated total that disagrees only
because a phase-in is wrong). This needs no list of which rule reads which value, so it holds
for every check of every type.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from kkdocs.findings import Finding, Level
from kkdocs.source.yaml_source import PathKey, Source

Check = Callable[[Any], "list[Finding] | None"]  # the checks again, on changed data; None: they cannot run on it
MAX_SEEDS = 12  # each costs one more run of the checks (about 6 ms for seed 000's mobile case); more are all kept


def without_consequences(findings: list[Finding], seeds: list[Finding], source: Source, check: Check,
                         change: Callable[[Any], Any]) -> list[Finding]:
    """`findings` without those that follow from the values at the fejl among `seeds`."""
    suspects = _value_paths([s for s in seeds if s.level is Level.FEJL], source, change)
    if not suspects:
        return findings
    everything = _run(check, _changed(source.data, set(suspects.values()), change))
    if everything is None:
        return findings
    repeated = set(everything)
    kept = []
    for finding in findings:
        if finding in repeated:
            kept.append(finding)
        elif finding in suspects and (len(suspects) > MAX_SEEDS or _its_own(finding, suspects, source, check, change)):
            kept.append(finding)
    return kept


def number_changed(value: Any) -> Any:
    """Another number for a number; other values are left as they are (figures are computed from numbers)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 1 if value == 0 else 0
    return value


def removed(value: Any) -> None:
    """No value: the raw checks skip a value that is missing or of another type."""
    return None


def _its_own(finding: Finding, suspects: dict[Finding, PathKey], source: Source, check: Check,
             change: Callable[[Any], Any]) -> bool:
    """Whether a fejl at a value stays the same when only the other values in fejl change."""
    others = {path for seed, path in suspects.items() if seed != finding and path != suspects[finding]}
    if not others:
        return True
    again = _run(check, _changed(source.data, others, change))
    return again is None or finding in again


def _run(check: Check, data: Any) -> list[Finding] | None:
    """The checks on changed data, or None when they fail on it: then nothing is left out."""
    try:
        return check(data)
    except Exception:  # a changed value may be one the checks never meet otherwise (every weight 0)
        return None


def _value_paths(seeds: list[Finding], source: Source, change: Callable[[Any], Any]) -> dict[Finding, PathKey]:
    """The path of the value each seed stands at, when `change` changes it; seeds at a key or a section are left out."""
    at = {position: path for path, position in source.positions.values.items()}
    found = {}
    for seed in seeds:
        path = at.get((seed.line, seed.column))
        value = _value(source.data, path) if path is not None else None
        if path is not None and not isinstance(value, (dict, list)) and change(value) != value:
            found[seed] = path
    return found


def _value(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _changed(data: Any, paths: set[PathKey], change: Callable[[Any], Any]) -> Any:
    changed = copy.deepcopy(data)
    for path in paths:
        parent = _value(changed, path[:-1])
        parent[path[-1]] = change(parent[path[-1]])
    return changed
