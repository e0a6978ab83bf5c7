"""`kkdocs templates check`: every variable a template uses exists in its context type.

For each `templates/<type>/manifest.yaml`, each part's .docx is read the way docxtpl reads
it (body, headers and footers, after docxtpl's own XML patching), and each workbook's .xlsx
as its cells in reading order with its loops as Jinja loops (xlsx_template.template_sources).
The text is parsed by Jinja, and the syntax tree is walked: every `a.b.c` chain is followed
through the context dataclass that the case type's record names (its `document` builder's, or
its `workbooks` builder's for a workbook), and a `for x in xs` loop gives `x` the element type of
`xs` (and `loop` its usual attributes). jinja2.meta only knows top-level names, which is not enough.

Types are checked where a mismatch is certain to print wrong: a `for` loop over a value that
is not a list, and `{{ x }}` (also `{% colspan %}` and `{% cellbg %}`, which docxtpl turns into
`{{ }}`) of a list, a section of the context or a yes/no value, which would print as Python's
text for it. In a workbook, the formula values (`Total` …) are values, not sections.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes

from kkdocs.assembly.overview_xlsx import OverviewWorkbook, TEMPLATE as OVERVIEW_TEMPLATE
from kkdocs.case.typing_check import suggestion
from kkdocs.case_types import NAMES, case_type
from kkdocs.case_types.record import CaseType
from kkdocs.documents import xlsx_template
from kkdocs.documents.document_types import MANIFEST, DocumentType, ManifestProblem, Part, load_document_type
from kkdocs.documents.render_docx import template_environment
from kkdocs.documents.template_problem import danish_syntax
from kkdocs.office_package import template_problems

PACKAGE_FOLDER = "pakke"  # templates/pakke/: the package's overview workbook, which no case type owns

CELL_VALUES = (xlsx_template.Total, xlsx_template.GrandTotal, xlsx_template.Latest, xlsx_template.WeightedShare,
               xlsx_template.Indented)  # dataclasses a workbook cell shows as one value


class _Loop:
    """The type of Jinja's `loop` variable."""

    ATTRIBUTES = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth",
                  "depth0", "previtem", "nextitem", "changed"}


class _Any:
    """A value whose type the check does not follow (a constant, a filter result)."""


def check_templates(templates_dir: Path) -> list[str]:
    """Every document type under one templates folder (`templates/<type>/manifest.yaml`)."""
    if not templates_dir.is_dir():
        return [f"Skabelonmappen {templates_dir} findes ikke."]
    folders = [f for f in sorted(templates_dir.iterdir()) if (f / MANIFEST).is_file()]
    if not folders:
        return [f"Skabelonmappen {templates_dir} har ingen dokumenttyper (ingen {MANIFEST})."]
    return check_template_folders(folders) + check_overview_template(templates_dir / PACKAGE_FOLDER)


def check_overview_template(folder: Path) -> list[str]:
    """The committee package's overview workbook (`templates/pakke/oversigt.xlsx`), when the folder has it."""
    template = folder / OVERVIEW_TEMPLATE
    if not template.is_file():
        return []
    return [f"{folder.name}/{template.name}: {p}" for p in check_workbook(template, OverviewWorkbook)]


def check_template_folders(folders: list[Path]) -> list[str]:
    """Danish problem descriptions, one per problem; empty when every template is sound."""
    problems: list[str] = []
    for folder in folders:
        try:
            doc_type = load_document_type(folder)
        except ManifestProblem as exc:
            problems.append(str(exc))
            continue
        record = case_type(folder.name)
        if record is None:
            problems.append(f"{folder.name}: mappen er ikke opkaldt efter en sagstype; kendte er {', '.join(NAMES)}.")
            continue
        for part in doc_type.parts:
            where = f"{folder.name}/{part.template}"
            try:
                context = part_context_type(record, part)
            except ManifestProblem as exc:
                problems.append(f"{where}: {exc}")
                continue
            problems += [f"{where}: {p}" for p in check_template(doc_type.template_path(part), context)]
        problems += _unused_files(doc_type)
        if doc_type.workbooks and record.workbooks is None:
            problems.append(f"{folder.name}/{MANIFEST}: nævner regneark, men sagstypen har ingen regnearksdata.")
            continue
        for workbook in doc_type.workbooks:
            problems += [f"{folder.name}/{workbook.template}: {p}"
                         for p in check_workbook(doc_type.template_path(workbook), record.workbooks.context)]
    return problems


def _unused_files(doc_type: DocumentType) -> list[str]:
    """A workspace's own template files that its type's manifest does not name: a misspelt name overrides nothing."""
    if doc_type.fallback is None:
        return []
    named = {item.template for item in doc_type.parts + doc_type.workbooks}
    unused = [path.name for path in sorted(doc_type.folder.iterdir())
              if path.is_file() and path.suffix.lower() in (".docx", ".xlsx") and path.name not in named
              and not path.name.startswith(("~$", "."))]
    return [f"{doc_type.name}/{name}: filen bruges ikke; manifestet ({doc_type.manifest}) nævner "
            f"{', '.join(sorted(named))}. Ret filnavnet, så den erstatter den leverede skabelon, eller slet den."
            for name in unused]


def part_context_type(record: CaseType, part: Part) -> type:
    """The dataclass a part's template is rendered with: the context, or an item of its `each` list."""
    context = record.document.context
    if part.each is None:
        return context
    hints = typing.get_type_hints(context)
    if part.each not in hints:
        raise ManifestProblem(f"'each: {part.each}' findes ikke; skabelonens felter er {_field_list(context)}.")
    element = _element_type(hints[part.each])
    if not dataclasses.is_dataclass(element):
        raise ManifestProblem(f"'each: {part.each}' er ikke en liste; skabelonens felter er {_field_list(context)}.")
    return element


def check_template(path: Path, context: type) -> list[str]:
    """Problems of one Word template checked against one context dataclass."""
    unsafe = _unsafe_package(path)
    try:
        sources = [(f"i {part_name}", xml) for part_name, xml in template_sources(path)]
    except Exception as exc:  # a file python-docx cannot open: report, never crash the check
        return unsafe + [f"filen kan ikke åbnes som Word-dokument ({type(exc).__name__}: {exc})."]
    return unsafe + _check_sources(sources, template_environment(), context)


def check_workbook(path: Path, context: type) -> list[str]:
    """Problems of one Excel template checked against one workbook context dataclass."""
    unsafe = _unsafe_package(path)
    try:
        sources = [(f"i arket '{sheet}'", text) for sheet, text in xlsx_template.template_sources(path)]
    except Exception as exc:  # a file openpyxl cannot open: report, never crash the check
        return unsafe + [f"filen kan ikke åbnes som Excel-projektmappe ({type(exc).__name__}: {exc})."]
    return unsafe + _check_sources(sources, xlsx_template.template_environment(), context, values=CELL_VALUES)


def _unsafe_package(path: Path) -> list[str]:
    """Macros and parts outside the file, which the build refuses too (office_package): each one, as a sentence."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [f"filen kan ikke læses ({exc.strerror or exc})."]
    return [f"skabelonen {problem}" for problem in template_problems(data)]


def _check_sources(sources: list[tuple[str, str]], env, context: type, values: tuple[type, ...] = ()) -> list[str]:
    """Parse and compile each (where, Jinja text) and walk it against the context's types; problems once each."""
    problems: list[str] = []
    for where, text in sources:
        try:
            tree = env.parse(text)
            env.compile(text)  # what only compiling finds: a filter or test that does not exist
        except TemplateSyntaxError as exc:
            problems.append(f"ugyldigt Jinja-mærke {where}: {danish_syntax(exc.message)}")
            continue
        walker = _Walker(context, values=values)
        walker.visit(tree, {name: hint for name, hint in typing.get_type_hints(context).items()})
        problems += [f"{p} ({where})" for p in walker.problems]
    return list(dict.fromkeys(problems))


def template_sources(path: Path) -> list[tuple[str, str]]:
    """The XML text docxtpl renders: the body and every header and footer, patched as docxtpl does."""
    document = DocxTemplate(str(path))
    document.init_docx()
    sources = [("brødteksten", document.patch_xml(document.get_xml()))]
    for uri, label in ((DocxTemplate.HEADER_URI, "sidehovedet"), (DocxTemplate.FOOTER_URI, "sidefoden")):
        for _, part in document.get_headers_footers(uri):
            sources.append((label, document.patch_xml(document.get_part_xml(part))))
    return sources


class _Walker:
    def __init__(self, context: type, values: tuple[type, ...] = ()) -> None:
        self.context = context
        self.values = values  # dataclasses that print as one value
        self.problems: list[str] = []

    def visit(self, node: nodes.Node, scope: dict[str, object]) -> None:
        if isinstance(node, nodes.For):
            element = self._loop_element(node.iter, scope)
            inner = dict(scope)
            inner["loop"] = _Loop
            self._bind(node.target, element, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            if isinstance(node, nodes.Assign):
                self.visit(node.node, scope)
            self._bind(node.target, _Any, scope)
            for child in getattr(node, "body", []):
                self.visit(child, scope)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                self._printable(child, self.resolve(child, scope))
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _loop_element(self, iterable: nodes.Node, scope: dict[str, object]) -> object:
        """The element type of a `for` loop's iterable; a value that is not a list is a problem."""
        hint = self.resolve(iterable, scope)
        if hint is _Any or hint is _Loop:
            return _Any
        if typing.get_origin(_unwrap_optional(hint)) is dict:
            return typing.get_args(_unwrap_optional(hint))[0]  # a loop over a dict gives its keys
        element = _element_type(hint)
        if element is None:
            self.problems.append(f"'{_dotted(iterable)}' er {_kind(hint)}, ikke en liste, "
                                 "og kan ikke gennemløbes med for")
            return _Any
        return element

    def _printable(self, expression: nodes.Node, hint: object) -> None:
        """Report `{{ x }}` of a value that would print as Python's text for it."""
        hint = _unwrap_optional(hint)
        if hint is _Any or hint is _Loop or hint in (str, int, float) or hint in self.values:
            return
        if _element_type(hint) is not None or dataclasses.is_dataclass(hint) or hint is bool:
            self.problems.append(f"'{_dotted(expression)}' er {_kind(hint)} og kan ikke vises som tekst"
                                 f"{_print_hint(hint)}")

    def _bind(self, target: nodes.Node, value: object, scope: dict[str, object]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, _Any, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, object]) -> object:
        """The type of an expression, reporting the first unknown name or attribute on the way."""
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return _Any
            if node.name in scope:
                return scope[node.name]
            names = [name for name in scope if name != "loop"]
            self.problems.append(f"skabelonvariablen '{node.name}' findes ikke{suggestion(node.name, names)}; "
                                 f"skabelonen kan bruge {_names(names)}")
            return _Any
        if isinstance(node, nodes.Getattr):
            owner = self.resolve(node.node, scope)
            return self._attribute(owner, node.attr, _dotted(node))
        if isinstance(node, nodes.Getitem):
            owner = self.resolve(node.node, scope)
            self.visit(node.arg, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._attribute(owner, node.arg.value, _dotted(node))
            return _element_type_or_any(owner)
        self.visit(node, scope)
        return _Any

    def _attribute(self, owner: object, name: str, shown: str) -> object:
        if owner is _Any:
            return _Any
        if owner is _Loop:
            if name not in _Loop.ATTRIBUTES:
                self.problems.append(f"'{shown}': loop har ingen egenskab '{name}'")
            return _Any
        owner = _unwrap_optional(owner)
        if dataclasses.is_dataclass(owner):
            hints = typing.get_type_hints(owner)
            if name in hints:
                return hints[name]
            self.problems.append(f"'{shown}': feltet '{name}' findes ikke{suggestion(name, hints)}; "
                                 f"felterne her er {_field_list(owner)}")
            return _Any
        self.problems.append(f"'{shown}': {_kind(owner)} har ingen egenskab '{name}'")
        return _Any


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_dotted(node.node)}[…]"
    return "…"


def _unwrap_optional(hint: object) -> object:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _element_type(hint: object) -> object:
    hint = _unwrap_optional(hint)
    origin = typing.get_origin(hint)
    if origin in (list, tuple) or (isinstance(origin, type) and issubclass(origin, (list, tuple))):
        args = typing.get_args(hint)
        return args[0] if args else _Any
    return None


def _element_type_or_any(hint: object) -> object:
    if hint is _Any or hint is _Loop:
        return _Any
    element = _element_type(hint)
    return element if element is not None else _Any


def _type_name(hint: object) -> str:
    return getattr(hint, "__name__", str(hint))


def _field_list(section: type) -> str:
    """The fields a template may use of a context section, for a message: "titel, sag, frist"."""
    return _names([f.name for f in dataclasses.fields(section)])


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names)) if names else "ingen felter"


def _kind(hint: object) -> str:
    """What a value is, in Danish: "en liste (med felterne mål, måling)", "et afsnit (med felterne …)", "tekst"."""
    hint = _unwrap_optional(hint)
    element = _element_type(hint)
    if element is not None:
        return f"en liste (med felterne {_field_list(element)})" if dataclasses.is_dataclass(element) else "en liste"
    if dataclasses.is_dataclass(hint):
        return f"et afsnit (med felterne {_field_list(hint)})"
    if hint is str:
        return "tekst"
    if hint is bool:
        return "ja/nej (bool)"
    if hint in (int, float):
        return "et tal"
    return _type_name(hint)


def _print_hint(hint: object) -> str:
    if _element_type(hint) is not None:
        return "; gennemløb den med for"
    if dataclasses.is_dataclass(hint):
        names = [f.name for f in dataclasses.fields(hint)]
        shown = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
        return f"; vis et af dens felter ({shown})"
    return "; brug den i et {% if %}"
