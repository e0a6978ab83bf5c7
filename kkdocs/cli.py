"""The command line: each command parses its arguments, makes one call into the library and prints.

Only this module prints or picks an exit code. No traceback and no English reaches the user:
every exception kkdocs raises is a KkdocsError, printed as its Danish message with its exit
code; an OSError becomes the file and the fault in Danish; anything else is an internal error,
one Danish line, with the details written to a file for a bug report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kkdocs import __version__, cli_texts
from kkdocs.errors import KkdocsError, os_error_text
from kkdocs.findings import Finding, Level, count
from kkdocs.workspace import Workspace, WorkspaceNotFound, find_workspace, quoted


cli_texts.install()

PATHS = click.Path(exists=True, path_type=Path)
OUTDIR_OPTION = click.option("-o", "--output", "outdir", metavar="MAPPE", type=click.Path(file_okay=False, path_type=Path),
                             help="Byggemappen. Standard: build/ i arbejdsområdet.")


class KindChoice(click.Choice):
    """A case type from the registry (kkdocs/case_types/), or pakke.

    The names are read from the registry when an argument is checked, not at start-up:
    importing the registry loads every stage, which a command such as `status` never needs.
    """

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        from kkdocs.case_types import NAMES

        return (*NAMES, "pakke")


class UserError(click.ClickException, KkdocsError):
    """A problem the user can fix, printed as one Danish line (exit 1, or the KkdocsError's own code)."""

    @classmethod
    def of(cls, exc: KkdocsError) -> UserError:
        """A KkdocsError as the line to print: its finding (file:line:column) when it carries one, else its message."""
        finding = getattr(exc, "finding", None)
        error = cls(finding.as_text() if isinstance(finding, Finding) else str(exc))
        error.exit_code = exc.exit_code
        return error

    def show(self, file=None) -> None:
        click.echo(f"kkdocs: {self.format_message()}", err=True)


class KkdocsCommand(click.Command):
    """A command whose usage line names its options in Danish."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TILVALG]")
        super().__init__(*args, **kwargs)


class KkdocsGroup(click.Group):
    """Turns any unexpected exception into one Danish line (exit 1) instead of a traceback."""

    command_class = KkdocsCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[TILVALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KkdocsError as exc:
            raise UserError.of(exc) from None
        except OSError as exc:  # the machine's fault, not kkdocs': a full disk, a read-only folder
            raise UserError(f"{os_error_text(exc)}.") from None
        except KeyboardInterrupt:
            click.echo("Afbrudt.", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: never show a traceback
            click.echo(f"kkdocs: intern fejl: kommandoen kunne ikke gøres færdig på grund af en fejl i kkdocs, ikke i "
                       f"dine filer.{_internal_details(exc)} Meld den gerne med kommandoen, du kørte, og filen, det "
                       "drejede sig om.", err=True)
            sys.exit(1)


def _internal_details(exc: Exception) -> str:
    """" Detaljerne står i /tmp/kkdocs-intern-fejl-….txt." after writing the traceback there; '' if that fails."""
    import tempfile
    import traceback

    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix="kkdocs-intern-fejl-", suffix=".txt",
                                         delete=False) as details:
            details.write(f"kkdocs {__version__}: {' '.join(sys.argv)}\n\n{''.join(traceback.format_exception(exc))}")
    except OSError:
        return ""
    return f" Detaljerne står i {details.name}."


KkdocsGroup.group_class = KkdocsGroup  # `kkdocs templates` is a group of the same kind


@click.group("kkdocs", cls=KkdocsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kkdocs")
@click.option("--workspace", "workspace_dir", metavar="MAPPE", type=click.Path(file_okay=False, path_type=Path),
              help="Arbejdsområdet (mappen med data/reference/). Standard: KKDOCS_WORKSPACE, ellers den nærmeste "
                   "sådanne mappe fra den aktuelle mappe og opad.")
@click.pass_context
def main(ctx: click.Context, workspace_dir: Path | None) -> None:
    """kkdocs: sagsfiler i YAML bliver til kontrollerede Word-, Excel- og PDF-dokumenter.

    Kom i gang i en tom mappe med: kkdocs init. Hver kommando har sin egen hjælp, fx kkdocs build --help.
    """
    ctx.obj = workspace_dir


def _workspace(ctx: click.Context) -> Workspace:
    return find_workspace(explicit=ctx.obj)


@main.command("init")
@click.argument("folder", metavar="[MAPPE]", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_command(folder: Path) -> None:
    """Lav et nyt arbejdsområde (standard: den aktuelle mappe) med data/sager/, data/pakker/,
    referencedata, editorens skemaer, LÆSMIG.md og .gitignore."""
    from kkdocs.workspace_init import init_workspace

    try:
        written = init_workspace(folder)
    except OSError as exc:
        raise UserError(f"Kunne ikke skrive i {quoted(folder)}: {os_error_text(exc, with_file=False)}.") from None
    click.echo(f"Lavede et arbejdsområde i {folder.resolve()}:")
    for path in written:
        click.echo(f"  {path.as_posix()}{'/' if (folder / path).is_dir() else ''}")
    go = "" if folder.resolve() == Path.cwd().resolve() else f"cd {quoted(folder)}\n  "
    click.echo(f"Næste skridt (læs også LÆSMIG.md):\n  {go}kkdocs new investeringsforslag data/sager/mit-forslag.yaml")


@main.command("validate")
@click.argument("paths", nargs=-1, metavar="[STI]...", type=PATHS)
@click.option("--format", "output_format", metavar="[text|json]", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="'text': én linje pr. fund med fil:linje:kolonne; 'json': en liste til andre programmer.")
@click.option("--strict", is_flag=True, help="Advarsler giver også exitkode 1.")
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Kontrollér sager og pakker (filer eller mapper; standard: alt under data/)."""
    from kkdocs.batch.validate import validate

    validation = validate(list(paths), _workspace(ctx))
    findings = validation.findings
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(findings, files=len(validation.cases) + len(validation.packages), left_out=validation.left_out)
    errors, warnings = count(findings, Level.FEJL), count(findings, Level.ADVARSEL)
    sys.exit(1 if errors or (strict and warnings) else 0)


def _print_findings(findings: list[Finding], files: int, left_out: int = 0) -> None:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, group in by_file.items():
        for finding in sorted(group, key=lambda f: (f.line, f.column, f.code)):
            click.echo(finding.as_text())
    errors, warnings = count(findings, Level.FEJL), count(findings, Level.ADVARSEL)
    following = (f" {left_out} fund, der kun følger af en værdi med fejl, er udeladt; de kontrolleres igen, når "
                 "værdien er rettet." if left_out else "")
    click.echo(f"{files} {'fil' if files == 1 else 'filer'} kontrolleret: {errors} fejl, "
               f"{warnings} {'advarsel' if warnings == 1 else 'advarsler'}.{following}")


@main.command("new")
@click.argument("kind", metavar="TYPE", type=KindChoice())
@click.argument("path", metavar="STI", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def new_command(ctx: click.Context, kind: str, path: Path) -> None:
    """Skriv et kommenteret skelet til en ny sag eller pakke (TYPE: en sagstype eller pakke).

    Sager skrives i data/sager/, pakker i data/pakker/; filnavnet før .yaml er id'et.
    """
    from kkdocs.case.skeletons import path_problem, write_skeleton
    from kkdocs.case_types import case_type

    workspace, path = _new_file_place(ctx, kind, path)
    problem = path_problem(kind, path)
    if problem:
        raise UserError(problem)
    write_skeleton(case_type(kind), path, case_ids=_case_ids(workspace) if kind == "pakke" else [])
    shown = workspace.display(path)
    click.echo(f"Skrev {shown}. Udfyld felterne, og kør: kkdocs validate {quoted(shown)}")


def _new_file_place(ctx: click.Context, kind: str, path: Path) -> tuple[Workspace, Path]:
    """The workspace `kkdocs new` writes in, and where: a place validate and build read.

    The workspace is --workspace (or KKDOCS_WORKSPACE), else the nearest one above the file. A bare
    file name goes to the kind's folder (data/sager/ or data/pakker/); any other path that validate
    and build would not read is refused with the path to use, as is a case id another file has.
    """
    start = next(folder for folder in (path.resolve().parent, *path.resolve().parents) if folder.is_dir())
    try:
        workspace = find_workspace(start=start, explicit=ctx.obj)
    except WorkspaceNotFound as exc:
        raise UserError(f"{exc} En ny fil skal ligge i et arbejdsområdes data/"
                        f"{'pakker' if kind == 'pakke' else 'sager'}/, ellers læser validate og build den ikke.") from None
    folder = workspace.folder_of(kind)
    if not workspace.reads_as(path, kind):
        if path.name != str(path):
            where = "direkte i data/pakker/" if kind == "pakke" else "i data/sager/ eller en mappe under den"
            raise UserError(f"{quoted(path)} ligger ikke, hvor validate og build læser {'pakker' if kind == 'pakke' else 'sager'}: "
                            f"de skal ligge {where}. Brug fx: kkdocs new {kind} {quoted(workspace.display(folder / path.name))}")
        path = folder / path.name
    same_id = [other for other in folder.rglob(f"{path.stem}.y*ml") if other.resolve() != path.resolve()
               and other.suffix in (".yaml", ".yml") and workspace.reads_as(other, kind)] if folder.is_dir() else []
    if same_id and not path.exists():
        raise UserError(f"Id'et '{path.stem}' bruges allerede af {workspace.display(same_id[0])}: filnavnet før .yaml er "
                        f"id'et og skal være entydigt. Vælg et andet navn, fx {quoted(workspace.display(path.with_stem(path.stem + '-2')))}")
    return workspace, path


def _case_ids(workspace: Workspace) -> list[str]:
    """The ids of the workspace's cases, for a new package to list."""
    cases = workspace.cases
    return sorted(p.stem for p in cases.glob("*.yaml")) if cases.is_dir() else []


@main.command("schema")
@click.argument("case_type", metavar="TYPE", type=KindChoice())
def schema_command(case_type: str) -> None:
    """Skriv JSON Schema for en sagstype eller pakke (til editorens YAML-sprogserver; kkdocs init gemmer dem i schema/)."""
    from kkdocs.schema import json_schema

    click.echo(json.dumps(json_schema(case_type), ensure_ascii=False, indent=2))


@main.command("build")
@click.argument("paths", nargs=-1, metavar="[STI]...", type=PATHS)
@OUTDIR_OPTION
@click.option("-j", "--jobs", metavar="ANTAL", type=click.IntRange(1, 64),
              help="Antal parallelle processer (1-64). Standard: antal kerner.")
@click.option("--no-pdf", is_flag=True, help="Kun Word- og Excel-filer, ingen PDF og ingen pakker.")
@click.option("--force", is_flag=True, help="Byg alt igen, også det uændrede.")
@click.option("--pdfa", is_flag=True, help="Uden virkning: alle PDF-filer er nu tagget PDF/UA-1 og PDF/A-2b (beholdes, så gamle kommandoer virker).")
@click.option("--converter", metavar="KONVERTER", envvar="KKDOCS_CONVERTER", show_envvar=True,
              help="'local' (standard) eller unoserver://vært:port,vært:port.")
@click.pass_context
def build_command(ctx: click.Context, paths: tuple[Path, ...], outdir: Path | None, jobs: int | None, no_pdf: bool,
                  force: bool, pdfa: bool, converter: str | None) -> None:
    """Byg sager og pakker: kontrol, beregning, Word/Excel, PDF og samlede pakker (standard: alt under data/)."""
    from kkdocs.batch.build import BuildOptions, build

    options = BuildOptions(outdir=outdir, jobs=jobs, pdf=not no_pdf, force=force, pdfa=pdfa, converter=converter)
    show = ProgressDisplay(sys.stderr.isatty())
    try:
        report = build(list(paths), _workspace(ctx), options, progress=show.update,
                       on_wait=lambda message: click.echo(message, err=True))
    finally:
        show.finish()
    _print_build_summary(report)
    sys.exit(1 if report.failed else 0)


class ProgressDisplay:
    """A progress bar on a terminal; plain lines (one per finished stage) in a log."""

    STAGES = {"kontrol": "Kontrol", "dokumenter": "Word og Excel", "pdf": "PDF", "samling": "Samling",
              "pakker": "Pakker"}

    def __init__(self, terminal: bool):
        self.terminal = terminal
        self.stage = None
        self.line_open = False  # a bar is drawn and its line not ended

    def update(self, progress) -> None:
        name = self.STAGES.get(progress.stage, progress.stage)
        if self.terminal:
            width = 30
            filled = int(width * progress.done / progress.total) if progress.total else width
            click.echo(f"\r{name:<14} [{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} "
                       f"{progress.label[:30]:<30}", nl=False, err=True)
            self.line_open = progress.done != progress.total
            if not self.line_open:
                click.echo("", err=True)
        elif progress.done == progress.total:
            click.echo(f"{name}: {progress.done}/{progress.total}", err=True)
        self.stage = progress.stage

    def finish(self) -> None:
        """End a bar's line that a stopped build left open, so what follows starts on a line of its own."""
        if self.line_open:
            click.echo("", err=True)
            self.line_open = False


def _print_build_summary(report) -> None:
    from kkdocs.batch.build_report import BUILT, FAILED, UNCHANGED

    for outcome in report.outcomes:
        if outcome.status == FAILED:
            click.echo(f"Fejlet: {outcome.file}" + (f": {outcome.error}" if outcome.error else ""))
        elif outcome.outdated_since:
            click.echo(f"Bygget med forældede sager: {outcome.file}: {outcome.error}")
        for finding in outcome.findings:
            click.echo(f"  {finding.as_text()}")
    rows = [("Bygget", report.count(BUILT)), ("Uændret", report.count(UNCHANGED)),
            ("Fejlet", report.count(FAILED)), ("Forældet", sum(1 for o in report.outcomes if o.outdated_since)),
            ("Advarsler", report.advarsler)]
    click.echo("")
    for label, number in rows:
        click.echo(f"  {label:<10} {number:>5}")
    click.echo(f"  {'Tid':<10} {report.seconds:>5.1f} s".replace(".", ","))
    if report.converted_by:
        click.echo("\nKonverteret til PDF:")
        for converter, number in report.converted_by.items():
            click.echo(f"  {number:>5}  {converter}")


@main.command("status")
@click.argument("paths", nargs=-1, metavar="[STI]...", type=PATHS)
@OUTDIR_OPTION
@click.pass_context
def status_command(ctx: click.Context, paths: tuple[Path, ...], outdir: Path | None) -> None:
    """Sager efter frist: dage tilbage, status, fejl og advarsler, og om de er bygget."""
    import datetime

    from kkdocs.batch.status import case_status, format_status_table

    click.echo(format_status_table(case_status(list(paths), _workspace(ctx), datetime.date.today(), build_dir=outdir)))


@main.command("import")
@click.argument("documents", nargs=-1, required=True, metavar="FIL.docx...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", metavar="MAPPE", type=click.Path(file_okay=False, path_type=Path),
              help="Mappen, den nye sag skrives i. Standard: data/sager/ i arbejdsområdet.")
@click.option("--into", "case_file", metavar="SAG.yaml", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Opdatér en eksisterende sag med ændringerne fra Word; resten af filen, dens kommentarer og "
                   "rækkefølge bevares, og hver ændring vises.")
@click.option("--check", "check_only", is_flag=True, help="Skriv ingen sag; vis kun, hvad formularen fejler "
                                                          "(huller og tal, der ikke stemmer).")
@click.option("--frist", metavar="ÅÅÅÅ-MM-DD", callback=lambda ctx, param, value: _iso_date(value),
              help="Den nye sags frist, som formularen ikke angiver. Standard: en pladsholder.")
@click.option("--status", type=click.Choice(["udkast", "hørt", "godkendt"]),
              help="Den nye sags status, når formularen ikke har et UDKAST-mærke. Standard: en pladsholder.")
@click.pass_context
def import_command(ctx: click.Context, documents: tuple[Path, ...], outdir: Path | None, case_file: Path | None,
                   check_only: bool, frist, status: str | None) -> None:
    """Læs en udfyldt Word-formular ind i en sag: et forslag (forslag.docx, evt. administrativt-bilag.docx og
    bilag-N.docx), en ansøgning om lånedispensation eller et fordelingsbilag.

    Formularens totaler kontrolleres mod kkdocs' egne beregninger, så regnefejl vises som SUM-AFVIGER.
    Kommentarer og sporede ændringer i Word vises, men overføres ikke.
    """
    from kkdocs.form_import import check_forms, import_forms, update_case

    if sum(bool(x) for x in (outdir, case_file, check_only)) > 1:
        raise click.UsageError("Vælg højst én af -o, --into og --check.")
    workspace = _workspace(ctx)
    if check_only:
        report = check_forms(list(documents), workspace)
    elif case_file is not None:
        report = update_case(list(documents), case_file, workspace)
    else:
        report = import_forms(list(documents), workspace, outdir, frist=frist, status=status)
    _print_import_report(report, check_only, workspace)
    errors = [f for f in report.form_findings if f.level is Level.FEJL]
    sys.exit(1 if check_only and errors else 0)


def _iso_date(value: str | None):
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' er ikke en dato skrevet ÅÅÅÅ-MM-DD, fx 2024-05-15.") from None


def _print_import_report(report, check_only: bool, workspace: Workspace) -> None:
    imported = report.imported
    click.echo(f"Læste {', '.join(imported.documents)} som {imported.case_type}.")
    if check_only:
        for finding in report.form_findings:
            click.echo(finding.as_text())
        errors, warnings = (sum(1 for f in report.form_findings if f.level is level)
                            for level in (Level.FEJL, Level.ADVARSEL))
        click.echo(f"{errors} fejl, {warnings} {'advarsel' if warnings == 1 else 'advarsler'} i formularen.")
    else:
        shown = workspace.display(report.written)
        if report.carried:
            click.echo(f"Skrev {shown} med sagens egne værdier fra {', '.join(report.carried)} for det, formularen "
                       "ikke viser.")
            if report.changes:
                click.echo(f"Formularen viser {len(report.changes)} "
                           f"{'felt' if len(report.changes) == 1 else 'felter'} anderledes end de gemte værdier; "
                           "formularens er brugt:")
                for change in report.changes:
                    click.echo(f"  {change.as_text()}")
        elif report.changes:
            click.echo(f"Opdaterede {shown}: {len(report.changes)} "
                       f"{'ændring' if len(report.changes) == 1 else 'ændringer'}:")
            for change in report.changes:
                click.echo(f"  {change.as_text()}")
        elif report.updated:
            click.echo(f"Ingen ændringer i {shown}: sagen siger allerede det, formularen siger.")
        else:
            click.echo(f"Skrev {shown}.")
        for notice in report.notices:
            click.echo(f"  Ikke overført: {notice}")
        gaps = [g for g in imported.gaps if not report.updated or not imported.is_not_in_form(g.path)]
        if gaps:
            click.echo("Kunne ikke læses (står som kommentarer i filen):" if not report.updated else
                       "Kunne ikke læses (står i sagen, som det stod):")
            for gap in gaps:
                click.echo(f"  {gap.where}: {gap.message}")
        findings = [f for f in report.findings if f.code != "PLADSHOLDER"]  # the gaps above, once
        if findings:
            click.echo(f"Kontrol af {shown}:")
            for finding in sorted(findings, key=lambda f: (f.line, f.column, f.code)):
                click.echo(f"  {finding.as_text()}")
    if imported.comments:
        click.echo("Kommentarer i Word (ikke overført):")
        for document, comment in imported.comments:
            anchor = f" (ved '{_short(comment.anchor)}')" if comment.anchor else ""
            click.echo(f"  {document}: {comment.author}: {_short(comment.text, 120)}{anchor}")
    if imported.changes:
        click.echo("Sporede ændringer (ikke overført; godkend eller afvis dem i Word, og importér igen):")
        for document, change in imported.changes:
            click.echo(f"  {document}: {change.kind} af {change.author}: '{_short(change.text)}' i "
                       f"'{_short(change.paragraph)}'")


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1] + "…"


@main.command("tags")
@click.argument("pdf", metavar="PDF", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def tags_command(pdf: Path) -> None:
    """Vis en PDF's tags (strukturtræet) med tekst, i den rækkefølge en skærmlæser læser dem."""
    from kkdocs.pdf.tag_tree import dump

    click.echo(dump(pdf))


@main.group("templates")
def templates_group() -> None:
    """Skabelonerne: arbejdsområdets egne i templates/<type>/, ellers dem, kkdocs leveres med."""


@templates_group.command("check")
@click.pass_context
def templates_check_command(ctx: click.Context) -> None:
    """Kontrollér de skabeloner, en build bruger: hver variabel findes i sagstypens data."""
    from kkdocs.template_check import PACKAGE_FOLDER, check_overview_template, check_template_folders
    from kkdocs.workspace import SHIPPED_TEMPLATES

    try:
        workspace = _workspace(ctx.find_root())
        folders, package_folder = workspace.template_folders(), workspace.templates(PACKAGE_FOLDER)
    except WorkspaceNotFound:
        folders = sorted(f for f in SHIPPED_TEMPLATES.iterdir() if (f / "manifest.yaml").is_file())
        package_folder = SHIPPED_TEMPLATES / PACKAGE_FOLDER
    problems = check_template_folders(folders) + check_overview_template(package_folder)
    folders.append(package_folder)
    for folder in folders:
        click.echo(f"{folder.name}: {folder}")
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(folders)} skabelonmapper kontrolleret: {len(problems)} "
               f"{'problem' if len(problems) == 1 else 'problemer'}.")
    sys.exit(1 if problems else 0)
