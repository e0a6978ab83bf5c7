"""The overview page: every case and package by deadline, as `kkdocs status` shows them, with the built files."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kkdocs.batch.build_state import BuildState
from kkdocs.batch.status import StatusRow, case_status
from kkdocs.workspace import Workspace


@dataclass(frozen=True)
class OverviewRow:
    status: StatusRow
    files: list[str]  # the outputs of its last good build, relative to build/


def overview(workspace: Workspace, today: datetime.date) -> list[OverviewRow]:
    state = BuildState(workspace.build)
    rows = []
    for row in case_status([], workspace, today):
        outcome = state.package(row.id) if row.kind == "pakke" else state.case(row.id)
        files = [output.path for output in outcome.outputs] if outcome is not None else []
        rows.append(OverviewRow(row, files))
    return rows
