"""The jobs a build gives its worker processes (or runs itself, with one job): check and render a
case, write a case's bundle, write a package's files.

Each takes and returns only what pickles, and fails with JobFailed, a Danish message that names
the file: one case's or one package's failure is reported and the others go on.
"""

from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kkdocs.batch.scheduling import JobFailed, release_freed_memory
from kkdocs.documents.rendered_part import RenderedPart
from kkdocs.findings import has_errors
from kkdocs.workspace import Workspace

if TYPE_CHECKING:
    from kkdocs.assembly.bundle import BundleMeta, BundlePart
    from kkdocs.assembly.package_pdf import PackageCase
    from kkdocs.batch.validate import CaseResult, Reference
    from kkdocs.figures.package_overview import PackageInfo, PackageOverview


@dataclass
class CheckedCase:
    """A case validated and calculated, with its Word and Excel files when it is valid."""

    result: CaseResult
    parts: list[RenderedPart] = field(default_factory=list)  # in bundle order
    failure: JobFailed | None = None  # why its files could not be written


def check_and_render_case(path: Path, workspace: Workspace, reference: Reference, staging: Path,
                          text: str | None = None) -> CheckedCase:
    """Validate and calculate one case (`text` as the file's content, when given), and write its Word and Excel
    files into `staging` if it is valid."""
    from kkdocs.batch.validate import check_case
    from kkdocs.documents.render_docx import render_documents
    from kkdocs.documents.render_xlsx import write_workbooks
    from kkdocs.documents.template_problem import TemplateProblem

    result = check_case(path, workspace, reference, text)
    if not result.ok or has_errors(reference.findings):
        return CheckedCase(result)
    try:
        staging.mkdir(parents=True, exist_ok=True)
        parts = render_documents(result, reference, workspace, staging)
        parts += write_workbooks(result, reference, workspace, staging, first=len(parts))
    except TemplateProblem as exc:
        return CheckedCase(result, failure=JobFailed(str(exc)))
    except OSError as exc:
        return CheckedCase(result, failure=disk_failure(exc))
    except Exception as exc:  # a broken template or file must fail this case only
        return CheckedCase(result, failure=JobFailed(f"Dokumenterne kunne ikke dannes ({type(exc).__name__}: {exc})."))
    finally:
        release_freed_memory()  # a worker lives on to bundle: it keeps no more than it uses
    return CheckedCase(result, sorted(parts, key=lambda p: p.order))


def write_bundle(parts: tuple[BundlePart, ...], target: Path, meta: BundleMeta) -> None:
    """Write a case's bundle `target` from its parts; the copies of attached PDFs lose their active content first."""
    from kkdocs.assembly.bundle import BundleError, write_case_bundle

    try:
        _clean_attached_copies(parts)
        write_case_bundle(parts, target, meta)
    except BundleError as exc:
        raise JobFailed(str(exc)) from None
    except OSError as exc:
        raise disk_failure(exc) from None
    finally:
        release_freed_memory()


def _clean_attached_copies(parts: tuple[BundlePart, ...]) -> None:
    from kkdocs.checks.pdf_actions import without_active_content

    for part in parts:
        if part.source is not None and part.pdf is not None:
            try:
                without_active_content(part.pdf)
            except Exception:  # qpdf's many errors on a damaged file: the bundle's reading of it says so, in Danish
                pass
        _clean_attached_copies(part.children)


def write_package_files(info: PackageInfo, overview: PackageOverview, cases: list[PackageCase] | None, folder: Path,
                        template: Path) -> list[Path]:
    """A package's overview workbook and, given its `cases`, its PDF; the files written."""
    from kkdocs.assembly.overview_xlsx import write_overview_xlsx
    from kkdocs.assembly.package_pdf import write_committee_package

    written = [folder / f"{info.id}-oversigt.xlsx"]
    try:
        write_overview_xlsx(info, overview, written[0], template)
        if cases is not None:
            written.append(folder / f"{info.id}.pdf")
            write_committee_package(info, cases, overview, written[1])
    except Exception as exc:  # one package's failure is reported; the others go on
        raise JobFailed(str(exc)) from None
    finally:
        release_freed_memory()
    return written


def bundle_tree(rendered: list[RenderedPart], staging: Path, draft: bool) -> tuple[BundlePart, ...]:
    """The bundle's bookmarks and PDFs, from the parts that go into it.

    Parts with a `group` (the bilag) are nested under one bookmark of that name. An attached
    PDF is copied into the case folder, so build/<id>/ holds everything its bundle was made of;
    its part remembers where the user keeps it, for messages.
    """
    from kkdocs.assembly.bundle import BundlePart

    top: list[BundlePart | str] = []  # a group's place is held by its name until its children are known
    groups: dict[str, list[BundlePart]] = {}
    attached = 0
    for part in rendered:
        if not part.in_bundle:
            continue
        if part.converted:
            node = BundlePart(part.bookmark, part.pdf)
        else:
            attached += 1
            copy = staging / f"vedlagt-{attached}.pdf"
            shutil.copyfile(part.path, copy)
            node = BundlePart(part.bookmark, copy, draft=draft, source=part.path)
        if part.group:
            if part.group not in groups:
                groups[part.group] = []
                top.append(part.group)
            groups[part.group].append(node)
        else:
            top.append(node)
    return tuple(BundlePart(node, None, tuple(groups[node])) if isinstance(node, str) else node for node in top)


def parts_record(parts: tuple[BundlePart, ...], root: Path) -> list[dict]:
    """A bundle's parts as manifest.json keeps them: {title, pdf (relative to the build folder), children, draft}."""
    return [{"title": p.title, "pdf": p.pdf.relative_to(root).as_posix() if p.pdf else None,
             "children": parts_record(p.children, root), "draft": p.draft} for p in parts]


def parts_from_record(record: list[dict], root: Path) -> tuple[BundlePart, ...]:
    """The parts manifest.json keeps for a case, as a package bundles them from the build folder `root`."""
    from kkdocs.assembly.bundle import BundlePart

    return tuple(BundlePart(node["title"], root / node["pdf"] if node["pdf"] else None,
                            parts_from_record(node["children"], root), node.get("draft", False)) for node in record)


def disk_failure(exc: OSError) -> JobFailed:
    return JobFailed(write_problem_text(exc))


def write_problem_text(exc: OSError) -> str:
    """Why a file under the build folder could not be written, and what to do, in Danish."""
    where = exc.filename or "byggemappen"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"Der er ikke plads på disken til byggemappen ({where}). Frigør plads, eller byg et andet sted "
                "med -o MAPPE, og byg igen.")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"{where} kan ikke skrives: mappen er skrivebeskyttet eller låst. Giv skriveadgang til byggemappen, "
                "eller byg et andet sted med -o MAPPE.")
    return f"{where} kunne ikke læses eller skrives: {exc.strerror or exc}."
