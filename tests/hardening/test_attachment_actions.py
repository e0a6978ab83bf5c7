"""An attached PDF's active content stays out of the bundle and the package: only internal GoTo and plain web links.

The attachment is a tagged PDF/A part kkdocs made itself, given with pikepdf every kind of
content that acts (page-open JavaScript, Launch, SubmitForm, ImportData, a JavaScript link, a
`javascript:` URI, an embedded file with its annotation, the document's /OpenAction, /AA and
JavaScript), each link tagged as a well-made PDF tags it, beside a web link and an internal
GoTo that must stay. Validate and build give the same advarsel at the bilag's line; the bundle
and the package are scanned object by object afterwards, and still pass both validators.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from pdf_conformance import validator_findings

REPO = Path(__file__).resolve().parents[2]
KKDOCS = Path(sys.executable).parent / "kkdocs"
pytestmark = pytest.mark.libreoffice

ACTIVE = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition", "/Movie",
          "/Sound", "/ResetForm", "/Named", "/Hide", "/SetOCGState", "/Trans", "/GoTo3DView", "/RichMediaExecute"}


def kkdocs(workspace: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run([str(KKDOCS), "--workspace", str(workspace), *args], capture_output=True, text=True,
                          timeout=600)
    return done.returncode, done.stdout + done.stderr


def javascript(code: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def _tag_annotation(pdf: pikepdf.Pdf, page: pikepdf.Dictionary, annotation: pikepdf.Dictionary, kind: Name) -> None:
    """Tag the annotation as a well-made PDF does: an element holding an OBJR, and the parent tree pointing back."""
    tree = pdf.Root.StructTreeRoot
    document = tree.K if isinstance(tree.K, Dictionary) else tree.K[0]
    nums = tree.ParentTree.Nums
    key = max(int(nums[i]) for i in range(0, len(nums), 2)) + 1
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=kind, P=document, Pg=page,
                                           Alt=String(str(annotation.Contents))))
    element.K = Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)])
    if not isinstance(document.K, Array):
        document.K = Array([document.K])
    document.K.append(element)
    nums.append(key)
    nums.append(element)
    tree.ParentTreeNextKey = key + 1
    annotation.StructParent = key


def hostile(source: Path, target: Path) -> None:
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0].obj
        page.AA = Dictionary(O=javascript("app.alert('siden er åbnet')"), C=javascript("app.alert('lukket')"))
        page.Tabs = Name.S
        embedded = pdf.make_stream(b"hemmeligt indhold")
        embedded.Type = Name.EmbeddedFile
        filespec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("data.txt"), UF=String("data.txt"),
                                                EF=Dictionary(F=embedded)))
        links = [
            ("kørsel", Dictionary(S=Name.Launch, F=String("/bin/sh"))),
            ("indsend", Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("http://127.0.0.1:9/x")))),
            ("importer", Dictionary(S=Name.ImportData, F=String("data.fdf"))),
            ("script", javascript("app.launchURL('http://127.0.0.1:9/')")),
            ("script-adresse", Dictionary(S=Name.URI, URI=String("javascript:app.alert(1)"))),
            ("web-og-script", Dictionary(S=Name.URI, URI=String("https://www.kk.dk/"), Next=javascript("1"))),
            ("web", Dictionary(S=Name.URI, URI=String("https://www.kk.dk/budget"))),
            ("indenfor", Dictionary(S=Name.GoTo, D=Array([page, Name.Fit]))),
        ]
        annotations = Array(list(page.get("/Annots", Array())))
        for number, (text, action) in enumerate(links):
            annotation = pdf.make_indirect(Dictionary(
                Type=Name.Annot, Subtype=Name.Link, Rect=Array([50, 60 + 25 * number, 200, 80 + 25 * number]),
                Border=Array([0, 0, 0]), F=4, A=action, Contents=String(f"Link: {text}"), P=page))
            if text == "web":
                annotation.AA = Dictionary(E=javascript("app.alert('musen er over linket')"))
            _tag_annotation(pdf, page, annotation, Name.Link)
            annotations.append(annotation)
        appearance = pdf.make_stream(b"")
        appearance.Type, appearance.Subtype, appearance.BBox = Name.XObject, Name.Form, Array([0, 0, 100, 20])
        field = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("beløb"), TU=String("Beløb"),
                                             AA=Dictionary(K=javascript("event.rc = app.alert('tast')"))))
        widget = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, Parent=field, F=4, P=page,
                                              Rect=Array([300, 100, 400, 120]), AP=Dictionary(N=appearance),
                                              AA=Dictionary(Fo=javascript("app.alert('fokus')")),
                                              Contents=String("Beløb")))
        field.Kids = Array([widget])
        pdf.Root.AcroForm = Dictionary(Fields=Array([field]))
        _tag_annotation(pdf, page, widget, Name.Form)
        annotations.append(widget)
        clip = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, FS=filespec,
                                            Rect=Array([300, 60, 320, 80]), F=4, Contents=String("Vedhæftet fil"),
                                            P=page))
        _tag_annotation(pdf, page, clip, Name.Annot)
        annotations.append(clip)
        page.Annots = annotations
        pdf.Root.OpenAction = javascript("app.alert('dokumentet er åbnet')")
        pdf.Root.AA = Dictionary(WC=javascript("app.alert('lukkes')"))
        names = pdf.Root.get("/Names", Dictionary())
        names.JavaScript = Dictionary(Names=Array([String("start"), javascript("app.alert('start')")]))
        names.EmbeddedFiles = Dictionary(Names=Array([String("data.txt"), filespec]))
        pdf.Root.Names = names
        pdf.save(target)


def actions_left(path: Path) -> list[str]:
    """Every object of the file that acts, or embeds a file, or holds an action that runs by itself."""
    found = []
    with pikepdf.open(path) as pdf:
        for obj in _reachable(pdf):
            kind = str(obj.get("/S", ""))
            if kind in ACTIVE:
                found.append(f"handling {kind}")
            if kind == "/URI" and not str(obj.get("/URI", "")).startswith(("http://", "https://", "mailto:")):
                found.append(f"URI {obj.get('/URI')}")
            for key in ("/JS", "/AA", "/OpenAction", "/EmbeddedFiles", "/EF", "/JavaScript", "/FS"):
                if key in obj:
                    found.append(f"nøgle {key}")
            if "/S" in obj and "/Next" in obj:  # an action with more chained after it (an outline item has /Next too)
                found.append("nøgle /Next")
            if obj.get("/Type") == Name.EmbeddedFile:
                found.append("indlejret fil")
    return found


def _reachable(pdf: pikepdf.Pdf):
    """Every dictionary and stream the file holds, direct or indirect, from its trailer on."""
    seen = set()
    waiting = [pdf.trailer]
    while waiting:
        obj = waiting.pop()
        if not isinstance(obj, (Dictionary, Array, pikepdf.Stream)):
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            waiting.extend(obj)
            continue
        yield obj
        waiting.extend(obj[key] for key in obj.keys())


def kept_links(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return sorted(str(a.A.get("/URI", a.A.get("/S"))) for page in pdf.pages for a in page.obj.get("/Annots", [])
                      if "/A" in a)


def test_active_content_of_an_attached_pdf_reaches_neither_bundle_nor_package(tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(REPO / "data", workspace / "data")
    code, output = kkdocs(workspace, "build", str(workspace / "data" / "sager" / "telekol-fordeling.yaml"))
    assert code == 0, output
    folder = workspace / "data" / "sager" / "bilag"
    folder.mkdir()
    hostile(workspace / "build" / "telekol-fordeling" / "bilag.pdf", folder / "aktiv.pdf")
    assert len(actions_left(folder / "aktiv.pdf")) > 15  # the scan sees what was put in
    case = workspace / "data" / "sager" / "energibesparelser.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\nbilag:\n", "\nbilag:\n  - titel: Vedlagt analyse\n    fil: bilag/aktiv.pdf\n", 1),
                    encoding="utf-8")
    line = next(n for n, l in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if "fil: bilag/aktiv" in l)

    code, checked = kkdocs(workspace, "validate")
    advarsler = [l for l in checked.splitlines() if "BILAG-AKTIVT" in l]
    assert code == 0 and len(advarsler) == 1, checked
    assert f"energibesparelser.yaml:{line}:" in advarsler[0] and "advarsel" in advarsler[0], advarsler
    for kind in ("JavaScript", "Launch", "SubmitForm", "ImportData", "indlejrede filer", "/OpenAction", "/AA"):
        assert kind in advarsler[0], (kind, advarsler[0])

    code, built = kkdocs(workspace, "build")
    assert code == 0, built
    assert [l.strip() for l in built.splitlines() if "BILAG-AKTIVT" in l] == advarsler  # validate and build agree

    bundle = workspace / "build" / "energibesparelser" / "energibesparelser.pdf"
    package = workspace / "build" / "pakker" / "ofs-2024.pdf"
    for pdf in (bundle, package):
        assert actions_left(pdf) == [], pdf.name
        assert kept_links(pdf).count("https://www.kk.dk/budget") == 1 and "/GoTo" in kept_links(pdf), kept_links(pdf)
        assert validator_findings(pdf) == [], pdf.name
    # the copy kept beside the bundle loses the same and keeps its pages, tags and plain links; the user's file stays
    copy = next((workspace / "build" / "energibesparelser").glob("vedlagt-*.pdf"))
    assert actions_left(copy) == [], actions_left(copy)
    assert kept_links(copy).count("https://www.kk.dk/budget") == 1 and "/GoTo" in kept_links(copy), kept_links(copy)
    with pikepdf.open(copy) as kept, pikepdf.open(folder / "aktiv.pdf") as given:
        assert len(kept.pages) == len(given.pages) and "/StructTreeRoot" in kept.Root
    assert len(actions_left(folder / "aktiv.pdf")) > 15
