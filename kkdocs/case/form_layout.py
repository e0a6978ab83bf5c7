"""How a case type's form in the browser (`kkdocs serve`) is laid out, beyond what its model says.

The model gives the fields, their kinds, order and help texts; a type's `FormLayout` (in its
record) adds what the model cannot say: where a field's choices come from, which texts are
paragraphs, which whole numbers are years, which field sets the years of the tables, and the
Danish labels of fields and computed figures. Hints are keyed by a field's name, wherever in the
case it occurs. `COMMON` holds what means the same in every form; a type's layout adds its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# The lists a field's value is chosen from: the workspace's reference data, and its cases.
FORVALTNINGER, UDVALG, KVANTUM, PROCESSER, PULJER, KOMMUNER, SAGER = (
    "forvaltninger", "udvalg", "kvantum", "processer", "puljer", "kommuner", "sager")


@dataclass(frozen=True)
class FormLayout:
    sections: tuple[str, ...] = ()  # the top-level fields first, in this order; the others follow in the model's order
    choices: Mapping[str, str] = field(default_factory=dict)  # field → the reference list its value comes from
    labels: Mapping[str, str] = field(default_factory=dict)  # field → its Danish label, where its name is not one
    long_texts: frozenset[str] = frozenset()  # texts of paragraphs, shown as several lines
    years: frozenset[str] = frozenset()  # whole numbers that are years or counts, shown without a thousands separator
    reshaping: frozenset[str] = frozenset()  # fields whose value sets the years of the tables: the form is drawn again
    ordered: frozenset[str] = frozenset()  # lists of choices whose order is the document's
    figure_labels: Mapping[str, str] = field(default_factory=dict)  # computed figure → its Danish label
    plain_figures: frozenset[str] = frozenset()  # computed whole numbers that are years or numbers of years

    def with_common(self) -> FormLayout:
        """This layout over `COMMON`: a type's own entries win."""
        return FormLayout(
            self.sections, {**COMMON.choices, **self.choices}, {**COMMON.labels, **self.labels},
            COMMON.long_texts | self.long_texts, COMMON.years | self.years, COMMON.reshaping | self.reshaping,
            COMMON.ordered | self.ordered, {**COMMON.figure_labels, **self.figure_labels},
            COMMON.plain_figures | self.plain_figures)

    def label(self, name: str) -> str:
        return self.labels.get(name) or _label(name)

    def figure_label(self, name: str) -> str:
        return self.figure_labels.get(name) or _label(name)


def _label(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


COMMON = FormLayout(
    choices={"sag": PROCESSER},
    labels={
        "år": "År (første og sidste)",
        "pl": "Prisniveau (p/l)",
        "udmøntning_pl": "Udmøntnings-p/l",
        "kort_resumé": "Kort resumé",
        "tværgående": "Tværgående",
        "oplyst": "Oplyste tal",
        "mødedato": "Mødedato",
    },
    years=frozenset({"pl", "udmøntning_pl", "år"}),
    figure_labels={"pl": "Prisniveau (p/l)"},
    plain_figures=frozenset({"pl"}),
)

# A committee package's form: its cases, chosen by id, in the package's order.
PACKAGE_LAYOUT = FormLayout(choices={"sager": SAGER, "udvalg": UDVALG}, ordered=frozenset({"sager"})).with_common()
