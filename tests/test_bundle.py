"""Case bundles: merge order, bookmarks, stamps, metadata, labels, determinism, bad input."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, RectangleObject
from reportlab.lib.pagesizes import A4, landscape

from pdf_fixtures import make_pdf, needs_poppler, outline_tree, pdf_text

from kkdocs.assembly.bundle import (BundleError, BundleInfo, BundleMeta, BundlePart, OutlineEntry, describe_bundle,
                                    write_case_bundle)


META = BundleMeta(
    title="Administrative lettelser i mobilhåndteringen",
    author="Økonomiforvaltningen",
    subject="OFS 2023-2024",
    created=dt.date(2023, 11, 1),
)


# --- helpers ----------------------------------------------------------------------------------


def stamp_box(path: Path, page: int) -> tuple[float, float, tuple[float, float, float, float]]:
    """Displayed page width, height and the bounding box of the stamp's word 'Side'."""
    html = pdf_text(path, page, "-bbox")
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)">', html)
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(\w+)</word>', html)
    side = [w for w in words if w[4] == "Side"]
    assert len(side) == 1, html
    x0, y0, x1, y1 = (float(v) for v in side[0][:4])
    # the whole stamp ends with the last word on the same line
    same_line = [float(w[2]) for w in words if abs(float(w[1]) - y0) < 1]
    return float(size.group(1)), float(size.group(2)), (x0, y0, max(same_line), y1)


@pytest.fixture
def parts(tmp_path: Path) -> list[BundlePart]:
    forslag = make_pdf(tmp_path / "forslag.pdf", "Forslag", 2)
    adm = make_pdf(tmp_path / "adm.pdf", "Administrativt", 1)
    bilag1 = make_pdf(tmp_path / "bilag1.pdf", "Driftsøkonomi", 1, landscape(A4))
    bilag2 = make_pdf(tmp_path / "bilag2.pdf", "Vedhæftet", 3)
    return [
        BundlePart("Forslag", forslag),
        BundlePart("Administrativt bilag", adm),
        BundlePart(
            "Bilag",
            None,
            (
                BundlePart("Bilag 1: Fremtidig driftsøkonomi", bilag1),
                BundlePart("Bilag 2: Rapport", bilag2),
            ),
        ),
    ]


@pytest.fixture
def bundle(tmp_path: Path, parts: list[BundlePart]) -> tuple[Path, BundleInfo]:
    target = tmp_path / "out" / "sag.pdf"
    info = write_case_bundle(parts, target, META)
    return target, info


# --- layout and bookmarks -------------------------------------------------------------------------


def test_info_gives_page_count_and_top_level_parts(bundle):
    _, info = bundle
    assert info.page_count == 7
    assert info.part_pages == (("Forslag", 1, 2), ("Administrativt bilag", 3, 1), ("Bilag", 4, 4))
    assert info.outline[3] == OutlineEntry("Bilag 1: Fremtidig driftsøkonomi", 1, 4, 1)


def test_describe_bundle_matches_written_bundle(parts, bundle):
    assert describe_bundle(parts) == bundle[1]


@needs_poppler
def test_pages_come_in_part_order(bundle):
    target, _ = bundle
    expected = ["Forslag side 1", "Forslag side 2", "Administrativt side 1", "Driftsøkonomi side 1"]
    expected += [f"Vedhæftet side {n}" for n in (1, 2, 3)]
    for number, text in enumerate(expected, start=1):
        assert text in pdf_text(target, number)


def test_bookmarks_are_nested_and_point_at_the_right_pages(bundle):
    target, _ = bundle
    reader = PdfReader(target)
    assert outline_tree(reader) == [
        ("Forslag", 1, []),
        ("Administrativt bilag", 3, []),
        ("Bilag", 4, [("Bilag 1: Fremtidig driftsøkonomi", 4, []), ("Bilag 2: Rapport", 5, [])]),
    ]
    assert reader.page_mode == "/UseOutlines"


def test_part_with_own_pdf_and_children_puts_its_own_pages_first(tmp_path):
    main = make_pdf(tmp_path / "main.pdf", "Hoved", 2)
    child = make_pdf(tmp_path / "child.pdf", "Under", 1)
    target = tmp_path / "b.pdf"
    info = write_case_bundle([BundlePart("Hoved", main, (BundlePart("Under", child),))], target, META)
    assert info.part_pages == (("Hoved", 1, 3),)
    assert outline_tree(PdfReader(target)) == [("Hoved", 1, [("Under", 3, [])])]


def test_grouping_node_without_pages_is_an_error(tmp_path):
    with pytest.raises(BundleError, match="»Bilag«"):
        write_case_bundle([BundlePart("Bilag", None)], tmp_path / "b.pdf", META)


# --- stamps -------------------------------------------------------------------------------------------


@needs_poppler
def test_every_page_says_side_x_af_y(bundle):
    target, info = bundle
    for number in range(1, info.page_count + 1):
        assert re.findall(r"Side (\d+) af (\d+)", pdf_text(target, number)) == [(str(number), "7")]


@needs_poppler
def test_stamp_sits_bottom_right_on_portrait_and_landscape_pages(bundle):
    target, _ = bundle
    for page, (width, height) in ((1, A4), (4, landscape(A4))):
        shown_width, shown_height, (x0, y0, x1, y1) = stamp_box(target, page)
        assert (round(shown_width), round(shown_height)) == (round(width), round(height))
        assert shown_width * 0.6 < x0 < x1 <= shown_width - 30  # right side, inside the edge
        assert shown_height - 30 <= y0 < y1 <= shown_height - 10  # bottom margin (top-down coordinates)
        assert y0 > shown_height - 57  # below the content, which stops 2 cm above the edge


@needs_poppler
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_stamp_follows_page_rotation(tmp_path, rotation):
    source = make_pdf(tmp_path / "rot.pdf", "Drejet", 1)
    writer = PdfWriter(clone_from=source)
    writer.pages[0].rotate(rotation)
    writer.write(tmp_path / "rotated.pdf")
    target = tmp_path / "b.pdf"
    write_case_bundle([BundlePart("Drejet", tmp_path / "rotated.pdf")], target, META)
    # pdftotext -bbox reports the unrotated page size but words in displayed coordinates
    _, _, (x0, y0, x1, y1) = stamp_box(target, 1)
    width, height = (A4[1], A4[0]) if rotation in (90, 270) else A4
    assert width * 0.6 < x0 < x1 <= width - 30
    assert height - 30 <= y0 < y1 <= height - 10
    assert y1 - y0 < 12  # upright 8 pt text, not turned on its side


@needs_poppler
def test_stamp_respects_a_mediabox_that_does_not_start_at_zero(tmp_path):
    source = make_pdf(tmp_path / "src.pdf", "Forskudt", 1)
    writer = PdfWriter(clone_from=source)
    page = writer.pages[0]
    page.mediabox = RectangleObject([100, 200, 100 + A4[0], 200 + A4[1]])
    page.add_transformation((1, 0, 0, 1, 100, 200))
    writer.write(tmp_path / "offset.pdf")
    target = tmp_path / "b.pdf"
    write_case_bundle([BundlePart("Forskudt", tmp_path / "offset.pdf")], target, META)
    width, height, (x0, y0, x1, y1) = stamp_box(target, 1)
    assert width * 0.6 < x0 < x1 <= width - 30
    assert height - 30 <= y0 < y1 <= height - 10


def hand_made_pdf(path: Path, texts: list[str], inherited: bool) -> Path:
    """A PDF with one line of Helvetica per page, whose pages all use one font dictionary.

    `inherited`: the pages find it through the page tree (/Resources on /Pages); otherwise each
    page points at the same /Resources object. reportlab writes neither, so this is by hand.
    """
    count = len(texts)
    resources = b"<< /Font << /F1 3 0 R >> >>"
    pages_extra = b" /Resources 4 0 R" if inherited else b""
    page_extra = b"" if inherited else b" /Resources 4 0 R"
    kids = b" ".join(b"%d 0 R" % (5 + 2 * n) for n in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842]%s >>" % (kids, count, pages_extra),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        resources,
    ]
    for n, text in enumerate(texts):
        content = b"BT /F1 24 Tf 72 700 Td (%s) Tj ET" % text.encode("latin-1")
        objects.append(b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R%s >>" % (6 + 2 * n, page_extra))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


@needs_poppler
@pytest.mark.parametrize("inherited", [True, False], ids=["inherited", "shared"])
def test_pages_keep_their_fonts_and_get_their_own_stamps(tmp_path, inherited):
    source = hand_made_pdf(tmp_path / "src.pdf", ["Forside", "Bagside"], inherited)
    target = tmp_path / "b.pdf"
    write_case_bundle([BundlePart("Hjemmelavet", source)], target, META)
    for number, text in enumerate(["Forside", "Bagside"], start=1):
        page = pdf_text(target, number)
        assert text in page, page  # the page's own font is still found
        assert re.findall(r"Side (\d+) af (\d+)", page) == [(str(number), "2")]


def font_programs(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return sum(1 for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and "/Length1" in obj)


def test_a_font_program_that_parts_embed_alike_is_kept_once(tmp_path):
    """Parts cut from one joined document (pdf_cut) embed the same font subsets."""
    one = make_pdf(tmp_path / "a.pdf", "Forslag")
    other = tmp_path / "b.pdf"
    other.write_bytes(one.read_bytes() + b"% en anden fil\n")  # other bytes (parsed apart), the same font program
    target = tmp_path / "samling.pdf"
    write_case_bundle([BundlePart("A", one), BundlePart("B", other)], target, META)
    assert font_programs(one) >= 1
    assert font_programs(target) == font_programs(one) + 1  # the parts' program once, and the stamp's own
    assert "Forslag side 1" in pdf_text(target, 2)


def draft_marked(path: Path) -> list[bool]:
    """Which pages carry the diagonal mark (poppler splits diagonal text; pypdf does not)."""
    return ["UDKAST" in page.extract_text() for page in PdfReader(path).pages]


def test_draft_marks_every_page_udkast(tmp_path, parts):
    target = tmp_path / "udkast.pdf"
    info = write_case_bundle(parts, target, BundleMeta(**{**META.__dict__, "draft": True}))
    assert draft_marked(target) == [True] * info.page_count


def test_draft_part_marks_only_its_own_pages(tmp_path):
    first = make_pdf(tmp_path / "a.pdf", "Færdig", 1)
    second = make_pdf(tmp_path / "b.pdf", "Kladde", 2)
    target = tmp_path / "bundle.pdf"
    write_case_bundle([BundlePart("A", first), BundlePart("B", second, draft=True)], target, META)
    assert draft_marked(target) == [False, True, True]


def test_no_draft_mark_by_default(bundle):
    target, info = bundle
    assert draft_marked(target) == [False] * info.page_count


# --- metadata and labels -----------------------------------------------------------------------------


def test_metadata(bundle):
    target, _ = bundle
    metadata = PdfReader(target).metadata
    assert metadata.title == META.title
    assert metadata.author == "Økonomiforvaltningen"
    assert metadata.subject == "OFS 2023-2024"
    assert metadata.creator == "kkdocs"
    assert metadata["/CreationDate"] == "D:20231101000000+00'00'"
    assert metadata["/ModDate"] == "D:20231101000000+00'00'"
    assert metadata.creation_date.date() == dt.date(2023, 11, 1)


def test_page_labels_are_decimal_from_one(bundle):
    target, info = bundle
    assert PdfReader(target).page_labels == [str(n) for n in range(1, info.page_count + 1)]


def test_document_language_is_danish(bundle):
    target, _ = bundle
    assert PdfReader(target).trailer["/Root"]["/Lang"] == "da-DK"


# --- determinism and size -------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path, parts):
    first = tmp_path / "1.pdf"
    second = tmp_path / "2.pdf"
    write_case_bundle(parts, first, META)
    write_case_bundle(parts, second, META)
    assert first.read_bytes() == second.read_bytes()
    file_id = PdfReader(first).trailer["/ID"]
    assert len(file_id) == 2 and file_id[0] == file_id[1]
    assert len(file_id[0].original_bytes) == 16


def test_builds_in_separate_processes_are_byte_identical(tmp_path, parts):
    """Hash seeds differ between processes; nothing may depend on them."""
    script = textwrap.dedent(
        f"""
        import datetime, sys
        from pathlib import Path
        from kkdocs.assembly.bundle import BundleMeta, BundlePart, write_case_bundle
        parts = {parts!r}
        write_case_bundle(parts, Path(sys.argv[1]), {META!r})
        """
    ).replace("PosixPath", "Path")
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"p{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def _with_libreoffice_noise(source: Path, target: Path, stamp: str, file_id: bytes, checksum: str) -> Path:
    """Copy a PDF, setting what LibreOffice changes from run to run."""
    writer = PdfWriter(clone_from=source)
    writer.add_metadata({"/CreationDate": stamp, "/DocChecksum": checksum, "/Producer": "LibreOffice 7.4"})
    writer._ID = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    writer.write(target)
    return target


def test_libreoffice_dates_ids_and_checksums_do_not_reach_the_bundle(tmp_path):
    source = make_pdf(tmp_path / "src.pdf", "Forslag", 2)
    runs = [
        ("D:20240101120000+01'00'", b"A" * 16, "/0123456789ABCDEF"),
        ("D:20240102133000+01'00'", b"B" * 16, "/FEDCBA9876543210"),
    ]
    outputs = []
    for index, (stamp, file_id, checksum) in enumerate(runs):
        noisy = _with_libreoffice_noise(source, tmp_path / f"lo{index}.pdf", stamp, file_id, checksum)
        assert noisy.read_bytes() != source.read_bytes()
        target = tmp_path / f"bundle{index}.pdf"
        write_case_bundle([BundlePart("Forslag", noisy)], target, META)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"DocChecksum" not in outputs[0]
    assert b"LibreOffice" not in outputs[0]


def test_changed_metadata_changes_the_id(tmp_path, parts):
    first = tmp_path / "1.pdf"
    second = tmp_path / "2.pdf"
    write_case_bundle(parts, first, META)
    write_case_bundle(parts, second, BundleMeta(**{**META.__dict__, "title": "Et andet forslag"}))
    assert PdfReader(first).trailer["/ID"][0] != PdfReader(second).trailer["/ID"][0]


def test_stamping_does_not_blow_up_the_file(tmp_path):
    source = make_pdf(tmp_path / "long.pdf", "Lang rapport", 60)
    target = tmp_path / "b.pdf"
    write_case_bundle([BundlePart("Rapport", source)], target, META)
    # one embedded font subset for the stamps, and a few hundred bytes per page
    assert target.stat().st_size < source.stat().st_size + 40_000 + 60 * 400


# --- bad input -------------------------------------------------------------------------------------


def test_encrypted_pdf_is_a_bundle_error_naming_the_file(tmp_path):
    source = make_pdf(tmp_path / "plain.pdf", "Hemmelig", 1)
    writer = PdfWriter(clone_from=source)
    writer.encrypt("hemmelig", algorithm="RC4-128")
    encrypted = tmp_path / "beskyttet bilag.pdf"
    writer.write(encrypted)
    with pytest.raises(BundleError, match="krypteret") as caught:
        write_case_bundle([BundlePart("Bilag", encrypted)], tmp_path / "b.pdf", META)
    assert "beskyttet bilag.pdf" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [b"Dette er ikke en PDF", b"", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n"],
    ids=["text", "empty", "broken"],
)
def test_corrupt_pdf_is_a_bundle_error_naming_the_file(tmp_path, content):
    corrupt = tmp_path / "ødelagt.pdf"
    corrupt.write_bytes(content)
    with pytest.raises(BundleError) as caught:
        write_case_bundle([BundlePart("Bilag", corrupt)], tmp_path / "b.pdf", META)
    assert "ødelagt.pdf" in str(caught.value)


def test_truncated_pdf_is_an_error_or_a_readable_bundle(tmp_path):
    """A cut-off file must never crash with anything but BundleError."""
    whole = make_pdf(tmp_path / "whole.pdf", "Hel", 3).read_bytes()
    cut = tmp_path / "afkortet.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    try:
        write_case_bundle([BundlePart("Bilag", cut)], tmp_path / "b.pdf", META)
    except BundleError as error:
        assert "afkortet.pdf" in str(error)
    else:
        assert len(PdfReader(tmp_path / "b.pdf").pages) >= 1


def test_missing_pdf_is_a_bundle_error(tmp_path):
    with pytest.raises(BundleError, match="findes ikke"):
        write_case_bundle([BundlePart("Bilag", tmp_path / "væk.pdf")], tmp_path / "b.pdf", META)


# --- atomic writing -----------------------------------------------------------------------------------


def test_writes_atomically_and_leaves_no_temporary_files(tmp_path, parts):
    target = tmp_path / "out" / "sag.pdf"
    write_case_bundle(parts, target, META)
    assert sorted(p.name for p in target.parent.iterdir()) == ["sag.pdf"]


def test_failed_build_keeps_the_previous_bundle(tmp_path, parts):
    target = tmp_path / "sag.pdf"
    write_case_bundle(parts, target, META)
    before = target.read_bytes()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"nej")
    with pytest.raises(BundleError):
        write_case_bundle([*parts, BundlePart("Bilag 3", corrupt)], target, META)
    assert target.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.libreoffice
def test_two_libreoffice_conversions_give_the_same_bundle(tmp_path):
    """LibreOffice stamps each PDF with a new date, /ID and checksum; the bundle must not."""
    note = tmp_path / "forslag.txt"
    note.write_text("Forslag om mobilhåndtering\n\nÆndringer i 2025.\n", encoding="utf-8")
    bundles = []
    for run in ("1", "2"):
        outdir = tmp_path / f"run{run}"
        profile = (tmp_path / f"profile{run}").as_uri()
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf", "--outdir", str(outdir), str(note)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        target = tmp_path / f"bundle{run}.pdf"
        write_case_bundle([BundlePart("Forslag", outdir / "forslag.pdf")], target, META)
        bundles.append(target.read_bytes())
    assert bundles[0] == bundles[1]


def test_a_part_merged_again_from_its_kept_reader_gives_the_same_bundle(tmp_path):
    """A build merges each part into its case's bundle and again into packages, from one parsed reader."""
    from kkdocs.assembly import bundle
    forslag = make_pdf(tmp_path / "forslag.pdf", "Forslag", 2)
    bilag = make_pdf(tmp_path / "bilag.pdf", "Bilag", 1, landscape(A4))
    parts = [BundlePart("Forslag", forslag), BundlePart("Bilag", bilag)]
    package = [BundlePart("Sag 1", None, tuple(parts)), BundlePart("Sag 2", None, (BundlePart("Forslag", forslag),))]

    bundle._parsed.cache_clear()
    write_case_bundle(parts, tmp_path / "sag.pdf", META)
    write_case_bundle(package, tmp_path / "pakke-genbrugt.pdf", META)
    bundle._parsed.cache_clear()
    write_case_bundle(package, tmp_path / "pakke-frisk.pdf", META)

    assert (tmp_path / "pakke-genbrugt.pdf").read_bytes() == (tmp_path / "pakke-frisk.pdf").read_bytes()


@needs_poppler
def test_a_part_written_again_is_read_again_not_taken_from_the_kept_reader(tmp_path):
    """The kept readers are looked up by the file's stamp: a part replaced on disk is opened anew."""
    from kkdocs.assembly import bundle
    from kkdocs.atomic_write import write_bytes_atomically
    part = make_pdf(tmp_path / "forslag.pdf", "Forslag", 1)
    bundle._parsed.cache_clear()
    write_case_bundle([BundlePart("Forslag", part)], tmp_path / "før.pdf", META)
    write_bytes_atomically(part, make_pdf(tmp_path / "ny.pdf", "Ændret", 2).read_bytes())
    write_case_bundle([BundlePart("Forslag", part)], tmp_path / "efter.pdf", META)

    assert "Forslag side 1" in pdf_text(tmp_path / "før.pdf", 1)
    assert "Ændret side 2" in pdf_text(tmp_path / "efter.pdf", 2)
