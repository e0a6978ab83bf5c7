"""What an import read: the case data, the gaps it could not read, and what Word holds besides.

`data` is plain case data in the contract's key order (str, int, date, lists, dicts). Where the
form holds no readable value for a field the case needs, `data` holds a `Missing` with the
placeholder the case file gets, and `gaps` says why; a field the form simply leaves out is
absent. Nothing is ever filled in that the form does not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kkdocs.word_import.docx_reader import Comment, TrackedChange

PathKey = tuple  # keys and list indices from the root, e.g. ("økonomi", "varige_ændringer", 0, "beløb")


def value_at(data, path: PathKey):
    """The value at `path` in nested dicts and lists (plain data or ruamel's), or None where there is none."""
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


@dataclass(frozen=True)
class Missing:
    """A required field the form does not give: written as a «…» placeholder with a comment."""

    placeholder: str  # "«ÅÅÅÅ-MM-DD»"


class _Null:
    """A field the form states to be null (`innovationsforslag: null` when Nej is checked)."""

    def __repr__(self) -> str:
        return "NULL"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self  # one NULL, so that `value is NULL` holds in a copy too


NULL = _Null()


@dataclass(frozen=True)
class Gap:
    where: str  # "forslag.docx, Tabel 2, række 'Drift af ny ordning'"
    message: str  # Danish: what could not be read and what to do
    path: PathKey = ()  # the field it concerns, for the comment in the case file
    serious: bool = False  # a fejl in --check though the part was read (a column of amounts left out)


@dataclass(frozen=True)
class StatedFigure:
    """A total the form states that has no field under `oplyst`: checked after validation."""

    where: str
    label: str  # "Tabel A's Total for {key}", "Andelen til {key}"
    figure: str  # the figure in kkdocs' calculation: "samlet_varig_ændring", "rækker.beløb" (by name), "tabel_a"
    years: dict  # year (or name) -> amount as the form states it
    row: str | None = None  # a row of a table figure ("tabel_a"): its key, "Socialudvalget"


@dataclass
class ImportedCase:
    case_type: str
    data: dict
    documents: list[str]  # the names of the documents read, in order
    gaps: list[Gap] = field(default_factory=list)
    stated: list[StatedFigure] = field(default_factory=list)
    comments: list[tuple[str, Comment]] = field(default_factory=list)  # (document, comment)
    changes: list[tuple[str, TrackedChange]] = field(default_factory=list)
    places: dict = field(default_factory=dict)  # path prefix -> where in the documents, for messages
    not_in_form: tuple = (("frist",), ("status",))  # fields no form of this kind holds: not the form's fault

    def is_not_in_form(self, path: PathKey) -> bool:
        """Whether no form of this kind holds the field at `path` ("*" in `not_in_form` is any index)."""
        return any(len(path) == len(p) and all(a == "*" or a == b for a, b in zip(p, path))
                   for p in self.not_in_form)

    def place_of(self, path: PathKey) -> str:
        path = tuple(path)
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return self.documents[0] if self.documents else ""
