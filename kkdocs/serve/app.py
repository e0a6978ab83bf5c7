"""The editor's web application: each route reads the request, makes one call into serve's modules, renders a page.

Pages are rendered on the server (Jinja2); htmx (shipped in static/, so no page needs the
network) replaces the parts that change while the user types.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kkdocs.batch.report import KIND_LABELS
from kkdocs.case_types import CASE_TYPES
from kkdocs.checks.reference_data import Reference, load_reference
from kkdocs.danish_format import format_amount, format_date_long
from kkdocs.errors import os_error_text
from kkdocs.serve import case_page, new_case
from kkdocs.serve.build_run import Builds
from kkdocs.serve.form_to_case import Form
from kkdocs.serve.overview import overview
from kkdocs.serve.preview import preview
from kkdocs.serve.security import CSRF_HEADER, Access, Guard, case_file, inside
from kkdocs.source.yaml_source import MAX_BYTES
from kkdocs.workspace import Workspace

HERE = Path(__file__).parent
MAX_FORM_BYTES = 2 * MAX_BYTES  # the form carries the case file's text besides its fields
_TOO_LARGE = (f"Formularen er for stor til at blive sendt (over {MAX_FORM_BYTES // 1_000_000} MB); en sagsfil må højst "
              f"fylde {MAX_BYTES // 1_000_000} MB.")


def create_app(workspace: Workspace, access: Access) -> Starlette:
    pages = _Pages(workspace, access)
    routes = [
        Route("/", pages.overview),
        *(route for kind in ("sag", "pakke") for route in (
            Route(f"/{kind}/{{case_id}}", pages.case),
            Route(f"/{kind}/{{case_id}}/live", pages.live, methods=["POST"]),
            Route(f"/{kind}/{{case_id}}/formular", pages.restructure, methods=["POST"]),
            Route(f"/{kind}/{{case_id}}/gem", pages.save, methods=["POST"]),
            Route(f"/{kind}/{{case_id}}/forhaandsvisning", pages.preview, methods=["POST"]))),
        Route("/ny", pages.new_case),
        Route("/ny/skelet", pages.new_from_skeleton, methods=["POST"]),
        Route("/ny/word", pages.new_from_word, methods=["POST"]),
        Route("/ny/pakke", pages.new_package, methods=["POST"]),
        Route("/byg", pages.start_build, methods=["POST"]),
        Route("/byg/haendelser", pages.build_events),
        Route("/filer/{path:path}", pages.built_file),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={500: pages.internal_error})
    app.add_middleware(Guard, access=access)
    return app


class _Pages:
    def __init__(self, workspace: Workspace, access: Access):
        self.workspace = workspace
        self.access = access
        self.builds = Builds(workspace)
        self._reference: tuple[tuple, Reference] | None = None
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
                                     trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(csrf=access.csrf, csrf_header=CSRF_HEADER, label=_kind_label,
                                      date_long=format_date_long,
                                      amount=format_amount, case_types=CASE_TYPES)

    def render(self, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(name).render(**context), status_code=status_code)

    def reference(self) -> Reference:
        """The reference data, read again whenever a file it is read from has changed (an edit shows at once)."""
        stamp = _stamp(self.workspace)
        if self._reference is None or self._reference[0] != stamp:
            self._reference = (stamp, load_reference(self.workspace))
        return self._reference[1]

    async def overview(self, request: Request) -> Response:
        today = datetime.date.today()
        return self.render("oversigt.html", rows=overview(self.workspace, today), today=today)

    async def case(self, request: Request) -> Response:
        path = self._case_path(request)
        if path is None:
            return self._not_found()
        try:
            page = case_page.opened(self.workspace, self.reference(), path)
        except case_page.CasePageProblem as exc:
            return self.render("problem.html", 422, message=str(exc))
        return self.render("sag.html", page=page)

    async def live(self, request: Request) -> Response:
        return await self._form_call(request, case_page.updated, "_live.html")

    async def restructure(self, request: Request) -> Response:
        return await self._form_call(request, case_page.restructured, "_formular.html")

    async def save(self, request: Request) -> Response:
        asked = await self._case_and_form(request)
        if isinstance(asked, Response):
            return asked
        path, form = asked
        try:
            outcome = case_page.saved(self.workspace, self.reference(), path, form)
        except case_page.CasePageProblem as exc:
            return self.render("_problem.html", message=str(exc))
        except OSError as exc:
            return self.render("_problem.html", message=f"{self.workspace.display(path)} kunne ikke gemmes: "
                                                             f"{os_error_text(exc, with_file=False)}. Intet er ændret "
                                                             "i filen.")
        return self.render("_gemt.html", outcome=outcome, page=outcome.form)

    async def preview(self, request: Request) -> Response:
        """The PDF of the form as it stands (the saved file when the request carries no form)."""
        asked = await self._case_and_form(request)
        if isinstance(asked, Response):
            return asked
        path, form = asked
        if not path.is_file():
            return self._not_found()
        text = None
        if form:
            try:
                text = case_page.updated(self.workspace, self.reference(), path, form).checked.text
            except case_page.CasePageProblem as exc:
                return self.render("_problem.html", message=str(exc))
        made = await run_in_threadpool(preview, self.workspace, path, text)
        return self.render("_forhaandsvisning.html", preview=made, stamp=time.time())

    async def new_case(self, request: Request) -> Response:
        return self.render("ny.html", active="ny", max_forms=new_case.MAX_FORMS,
                           max_mb=new_case.MAX_UPLOAD_BYTES // 1_000_000)

    async def new_from_skeleton(self, request: Request) -> Response:
        form = await self._form(request) or {}
        try:
            case_id = new_case.from_skeleton(self.workspace, _one(form, "type"), _one(form, "titel"))
        except new_case.NewCaseProblem as exc:
            return self.render("_problem.html", message=str(exc))
        return Response(status_code=204, headers={"HX-Redirect": f"/sag/{case_id}"})

    async def new_package(self, request: Request) -> Response:
        form = await self._form(request) or {}
        try:
            package_id = new_case.new_package(self.workspace, _one(form, "titel"))
        except new_case.NewCaseProblem as exc:
            return self.render("_problem.html", message=str(exc))
        return Response(status_code=204, headers={"HX-Redirect": f"/pakke/{package_id}"})

    async def new_from_word(self, request: Request) -> Response:
        if int(request.headers.get("content-length") or 0) > new_case.MAX_FORMS * new_case.MAX_UPLOAD_BYTES:
            return self.render("_problem.html", message="Filerne fylder for meget til at være udfyldte formularer.")
        data = await request.form(max_files=new_case.MAX_FORMS, max_part_size=new_case.MAX_UPLOAD_BYTES)
        uploads = []
        for _, value in data.multi_items():
            if not isinstance(value, str):
                uploads.append(new_case.Upload(value.filename or "", await value.read(new_case.MAX_UPLOAD_BYTES + 1)))
        try:
            case_id = await run_in_threadpool(new_case.from_word, self.workspace, uploads)
        except new_case.NewCaseProblem as exc:
            return self.render("_problem.html", message=str(exc))
        return Response(status_code=204, headers={"HX-Redirect": f"/sag/{case_id}"})

    async def start_build(self, request: Request) -> Response:
        self.builds.start()
        return self.render("_byg.html")

    async def build_events(self, request: Request) -> Response:
        run = self.builds.current
        if run is None:
            return self._not_found()

        async def stream():
            sent = 0
            while not await request.is_disconnected():
                finished = run.finished
                for step in run.steps[sent:]:
                    yield _event("trin", json.dumps(step.__dict__, ensure_ascii=False))
                sent = len(run.steps)
                if finished:
                    yield _event("faerdig", self.templates.get_template("_byg_resultat.html").render(
                        summary=run.summary))
                    return
                await asyncio.sleep(0.2)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    async def built_file(self, request: Request) -> Response:
        target = inside(self.workspace.build, request.path_params["path"])
        if target is None or not target.is_file():
            return self._not_found()
        return FileResponse(target, headers={"Cache-Control": "no-store"})

    async def _form_call(self, request: Request, call, template: str) -> Response:
        asked = await self._case_and_form(request)
        if isinstance(asked, Response):
            return asked
        path, form = asked
        try:
            page = call(self.workspace, self.reference(), path, form)
        except case_page.CasePageProblem as exc:
            return self.render("_problem.html", message=str(exc))
        return self.render(template, page=page)

    async def _case_and_form(self, request: Request) -> tuple[Path, Form] | Response:
        """The case (or package) file the request names and the form it sends, or the answer why there are none."""
        path = self._case_path(request)
        form = await self._form(request)
        if path is None:
            return self._not_found()
        if form is None:
            return self.render("_problem.html", message=_TOO_LARGE)
        return path, form

    def _case_path(self, request: Request) -> Path | None:
        """The case file, or the package file on a /pakke/ address, that the request names."""
        folder = self.workspace.packages if request.url.path.startswith("/pakke/") else self.workspace.cases
        return case_file(folder, request.path_params["case_id"])

    async def _form(self, request: Request) -> Form | None:
        if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
            return None
        data = await request.form(max_part_size=MAX_FORM_BYTES)
        form: Form = {}
        for key, value in data.multi_items():
            if isinstance(value, str):
                form.setdefault(key, []).append(value)
        return form

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        """A fault in kkdocs itself: said in Danish, with what to report; the server goes on."""
        return self.render("problem.html", 500, message=(
            f"Intern fejl i kkdocs ({type(exc).__name__}); intet er gemt ved denne handling. Prøv igen, og fortsætter "
            "det, så send beskeden fra terminalen, hvor kkdocs serve kører, til den, der vedligeholder kkdocs."))

    def _not_found(self) -> Response:
        """A page that is not there (as a fragment too: htmx shows only what answers 200)."""
        return self.render("problem.html", 404, message="Siden findes ikke: der er ingen sag eller fil med det navn "
                                                         "i arbejdsområdet.")


def _stamp(workspace: Workspace) -> tuple:
    """What the reference data is read from, as it stands: data/reference/, and the case files (the loan
    applications of each pool are found among them)."""
    found = []
    for folder in (workspace.reference, workspace.cases):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            found.append((entry.name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _kind_label(kind: str) -> str:
    """A case type's, a package's or the reference data's Danish name, as kkdocs status writes it."""
    return KIND_LABELS.get(kind, kind)


def _one(form: Form, key: str) -> str:
    return (form.get(key) or [""])[-1]


def _event(name: str, data: str) -> str:
    """One server-sent event; each line of the data on a data: line of its own."""
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in data.splitlines() or [""]) + "\n"
