"""The browser form of an innovationsforslag (`kkdocs serve`)."""

from __future__ import annotations

from kkdocs.case.form_layout import FORVALTNINGER, FormLayout

INNOVATION_LAYOUT = FormLayout(
    choices={"fremstillende_forvaltning": FORVALTNINGER, "berørte_forvaltninger": FORVALTNINGER},
    long_texts=frozenset({"kort_resumé", "måling", "bemærkning"}),
    plain_figures=frozenset({"seneste_år"}),
).with_common()
