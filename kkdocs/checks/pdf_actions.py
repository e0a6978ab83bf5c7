"""What an attached PDF may do in a bundle: follow a link inside the document, or open a plain web address.

A PDF can carry content that acts: JavaScript, a Launch action that starts a program, a form
that submits or imports data, files embedded in it, actions run when a page or the document is
opened (/AA, /OpenAction). PDF/A forbids most of them, and an official bundle must not carry
them. Two things are kept: a GoTo to a place in the document, and a URI action whose address is
http, https or mailto. Everything else is found here (`active_content`, for the advarsel that
validate and build give at the bilag's line) and removed from the pages a bundle copies
(`strip_active_content`; a bundle copies pages only, so nothing of a source's catalogue,
such as its /OpenAction, JavaScript or embedded files, reaches it). The copy of the attached
file that the build keeps beside the bundle (build/<id>/vedlagt-N.pdf) loses the same, its
catalogue's included, and keeps its pages, tags and outline (`without_active_content`).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

PLAIN_SCHEMES = ("http://", "https://", "mailto:")
ACTIVE_ANNOTATIONS = {"/FileAttachment": "indlejrede filer", "/Sound": "lyd", "/Movie": "film", "/Screen": "medier",
                      "/RichMedia": "medier", "/3D": "3D-indhold"}
_ACTION_NAMES = {"/JavaScript": "JavaScript", "/Launch": "start af programmer (Launch)",
                 "/SubmitForm": "indsendelse af formulardata (SubmitForm)",
                 "/ImportData": "import af data (ImportData)", "/GoToR": "links til andre filer (GoToR)",
                 "/GoToE": "links til indlejrede filer (GoToE)", "/URI": "links til andet end webadresser",
                 "/ResetForm": "formularhandlinger (ResetForm)", "/Named": "menukommandoer (Named)"}
MAX_CHAIN = 50  # actions followed through /Next: a loop or a long chain ends here


def active_content(path: Path) -> list[str]:
    """The kinds of active content in the PDF at `path`, in Danish, each once; empty when it has none."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            if "/JavaScript" in names:
                found.append("JavaScript")
            if "/EmbeddedFiles" in names:
                found.append("indlejrede filer")
        open_action = root.get("/OpenAction")
        if isinstance(open_action, Dictionary) and not _allowed(open_action):
            found += ["en handling, når dokumentet åbnes (/OpenAction)"] + _action_kinds(open_action)
        if "/AA" in root:
            found.append("handlinger, når dokumentet åbnes, gemmes eller udskrives (/AA)")
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary) and "/XFA" in form:
            found.append("en XFA-formular")
        for page in pdf.pages:
            if "/AA" in page.obj:
                found.append("handlinger, når en side åbnes eller lukkes (/AA)")
                found += [kind for action in _values(page.obj.AA) for kind in _action_kinds(action)]
            for annotation in _annotations(page.obj):
                subtype = str(annotation.get("/Subtype", ""))
                if subtype in ACTIVE_ANNOTATIONS:
                    found.append(ACTIVE_ANNOTATIONS[subtype])
                for holder in [annotation] + _fields_above(annotation):
                    if "/AA" in holder:
                        found.append("handlinger på felter og links (/AA)")
                        found += [kind for action in _values(holder.AA) for kind in _action_kinds(action)]
                    action = holder.get("/A")
                    if isinstance(action, Dictionary) and not _allowed(action):
                        found += _action_kinds(action)
    return list(dict.fromkeys(found))


def without_active_content(path: Path) -> bool:
    """Remove in place what `active_content` finds in the PDF at `path`; False, and the file untouched, when it
    has none."""
    if not active_content(path):
        return False
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
        open_action = root.get("/OpenAction")
        if isinstance(open_action, Dictionary) and not _allowed(open_action):
            del root["/OpenAction"]
        if "/AA" in root:
            del root["/AA"]
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary) and "/XFA" in form:
            del form["/XFA"]
        strip_active_content(pdf)
        pdf.save(path)
    return True


def strip_active_content(pdf: pikepdf.Pdf) -> None:
    """Remove from every page of `pdf` what `active_content` finds on pages: actions, active annotations."""
    for page in pdf.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, Array):
            continue
        kept = []
        for annotation in annotations:
            if not isinstance(annotation, Dictionary):
                continue
            if str(annotation.get("/Subtype", "")) in ACTIVE_ANNOTATIONS:
                _scrub(annotation)  # off the page, and empty: a structure element may still point at it
                continue
            for holder in [annotation] + _fields_above(annotation):  # a widget's field holds actions too
                if "/AA" in holder:
                    del holder["/AA"]
                action = holder.get("/A")
                if isinstance(action, Dictionary):
                    if _allowed_step(action):
                        if "/Next" in action:
                            del action["/Next"]
                    else:
                        del holder["/A"]  # a link that leads nowhere; its place in the tags stays
            kept.append(annotation)
        if len(kept) != len(annotations):
            page.obj.Annots = Array(kept)


def _scrub(annotation: Dictionary) -> None:
    for key in list(annotation.keys()):
        if key not in ("/Type", "/Subtype", "/Rect", "/Contents", "/StructParent", "/F"):
            del annotation[key]


def _allowed(action: Dictionary) -> bool:
    """An internal GoTo, or a URI to a plain web or mail address; with nothing chained after it."""
    return _allowed_step(action) and all(_allowed_step(following) for following in _chain(action))


def _allowed_step(action: Dictionary) -> bool:
    kind = action.get("/S")
    if kind == Name.GoTo:
        return "/D" in action
    if kind == Name.URI:
        address = action.get("/URI")
        return isinstance(address, pikepdf.String) and str(address).lower().startswith(PLAIN_SCHEMES)
    return False


def _action_kinds(action: Dictionary) -> list[str]:
    """The Danish names of the actions in `action` and its /Next chain that are not allowed."""
    kinds = []
    for step in [action] + _chain(action):
        if not isinstance(step, Dictionary) or _allowed_step(step):
            continue
        kind = str(step.get("/S", ""))
        kinds.append(_ACTION_NAMES.get(kind, f"handlingen {kind.lstrip('/') or 'uden navn'}"))
    return kinds


def _chain(action: Dictionary) -> list[Dictionary]:
    """The actions chained after `action` through /Next (a dictionary or an array), depth first, bounded."""
    found: list[Dictionary] = []
    waiting = list(_values(action.get("/Next")))
    while waiting and len(found) < MAX_CHAIN:
        step = waiting.pop(0)
        if isinstance(step, Dictionary):
            found.append(step)
            waiting[:0] = _values(step.get("/Next"))
    return found


def _values(value) -> list:
    if isinstance(value, Array):
        return list(value)
    if isinstance(value, Dictionary):
        if "/S" in value:
            return [value]
        return [value[key] for key in value.keys()]  # an /AA dictionary: trigger → action
    return []


def _fields_above(annotation: Dictionary) -> list[Dictionary]:
    """The form fields a widget annotation belongs to (/Parent, and theirs), bounded."""
    found: list[Dictionary] = []
    field = annotation.get("/Parent")
    while isinstance(field, Dictionary) and len(found) < MAX_CHAIN:
        found.append(field)
        field = field.get("/Parent")
    return found


def _annotations(page: Dictionary) -> list[Dictionary]:
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return []
    return [a for a in annotations if isinstance(a, Dictionary)]
