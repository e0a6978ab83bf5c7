"""The command line: each command parses its arguments, makes one call into the library and prints.

Only this module prints or picks an exit code. No traceback reaches the user: an unexpected
error becomes one Danish line and exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kkdocs import __version__
from kkdocs.findings import Finding, Level, count
from kkdocs.workspace import Workspace, WorkspaceNotFound, find_workspace

CASE_TYPE_CHOICE = click.Choice(["effektiviseringsforslag", "investeringsforslag", "laaneansoegning", "fordelingsbilag"])


class UserError(click.ClickException):
    """A problem the user can fix, printed as one Danish line (exit 1)."""

    def show(self, file=None) -> None:
        click.echo(f"kkdocs: {self.format_message()}", err=True)


class KkdocsGroup(click.Group):
    """Turns any unexpected exception into one Danish line (exit 1) instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except WorkspaceNotFound as exc:
            raise UserError(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Afbrudt.", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: never show a traceback
            click.echo(f"kkdocs: intern fejl ({type(exc).__name__}: {exc}). Meld den gerne med kommandoen, "
                       "du kørte, og filen, det drejede sig om.", err=True)
            sys.exit(1)


@click.group(cls=KkdocsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kkdocs")
@click.option("--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Arbejdsområdet (mappen med data/reference/). Standard: nærmeste over den aktuelle mappe.")
@click.pass_context
def main(ctx: click.Context, workspace_dir: Path | None) -> None:
    """kkdocs: sagsfiler i YAML bliver til kontrollerede Word-, Excel- og PDF-dokumenter."""
    ctx.obj = workspace_dir


def _workspace(ctx: click.Context) -> Workspace:
    return find_workspace(explicit=ctx.obj)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Tekst som en oversætters meddelelser, eller JSON.")
@click.option("--strict", is_flag=True, help="Advarsler giver også exitkode 1.")
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Kontrollér sager og pakker (filer eller mapper; standard: data/)."""
    from kkdocs.validate import validate

    validation = validate(list(paths), _workspace(ctx))
    findings = validation.findings
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(findings, files=len(validation.cases) + len(validation.packages))
    errors, warnings = count(findings, Level.FEJL), count(findings, Level.ADVARSEL)
    sys.exit(1 if errors or (strict and warnings) else 0)


def _print_findings(findings: list[Finding], files: int) -> None:
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, group in by_file.items():
        for finding in sorted(group, key=lambda f: (f.line, f.column, f.code)):
            click.echo(finding.as_text())
    errors, warnings = count(findings, Level.FEJL), count(findings, Level.ADVARSEL)
    click.echo(f"{files} {'fil' if files == 1 else 'filer'} kontrolleret: {errors} fejl, "
               f"{warnings} {'advarsel' if warnings == 1 else 'advarsler'}.")


@main.command("new")
@click.argument("case_type", metavar="TYPE", type=CASE_TYPE_CHOICE)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def new_command(case_type: str, path: Path) -> None:
    """Skriv et kommenteret skelet til en ny sag."""
    from kkdocs.skeletons import write_skeleton

    if path.exists():
        raise UserError(f"{path} findes allerede; vælg et andet navn eller slet filen først.")
    write_skeleton(case_type, path)
    click.echo(f"Skrev {path}. Udfyld felterne, og kør: kkdocs validate {path}")


@main.command("schema")
@click.argument("case_type", metavar="TYPE", type=click.Choice([*CASE_TYPE_CHOICE.choices, "pakke"]))
def schema_command(case_type: str) -> None:
    """Skriv JSON Schema for en sagstype (til editorens YAML-sprogserver)."""
    from kkdocs.schema import json_schema

    click.echo(json.dumps(json_schema(case_type), ensure_ascii=False, indent=2))


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Byggemappen. Standard: build/ i arbejdsområdet.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Antal parallelle processer. Standard: antal kerner.")
@click.option("--no-pdf", is_flag=True, help="Kun Word- og Excel-filer, ingen PDF og ingen pakker.")
@click.option("--force", is_flag=True, help="Byg alt igen, også det uændrede.")
@click.option("--pdfa", is_flag=True, help="Uden virkning: alle PDF-filer er nu tagget PDF/UA-1 og PDF/A-2b (beholdes, så gamle kommandoer virker).")
@click.option("--converter", metavar="SPEC", help="'local' (standard) eller unoserver://vært:port,vært:port.")
@click.pass_context
def build_command(ctx: click.Context, paths: tuple[Path, ...], outdir: Path | None, jobs: int | None, no_pdf: bool,
                  force: bool, pdfa: bool, converter: str | None) -> None:
    """Byg sager og pakker: kontrol, beregning, Word/Excel, PDF og samlede pakker."""
    from kkdocs.build import BuildOptions, build
    from kkdocs.converter import ConverterUnavailable

    options = BuildOptions(outdir=outdir, jobs=jobs, pdf=not no_pdf, force=force, pdfa=pdfa, converter=converter)
    show = ProgressDisplay(sys.stderr.isatty())
    try:
        report = build(list(paths), _workspace(ctx), options, progress=show.update,
                       on_wait=lambda message: click.echo(message, err=True))
    except ConverterUnavailable as exc:
        show.finish()
        raise UserError(str(exc)) from None
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

    def update(self, progress) -> None:
        name = self.STAGES.get(progress.stage, progress.stage)
        if self.terminal:
            width = 30
            filled = int(width * progress.done / progress.total) if progress.total else width
            click.echo(f"\r{name:<14} [{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} "
                       f"{progress.label[:30]:<30}", nl=False, err=True)
            if progress.done == progress.total:
                click.echo("", err=True)
        elif progress.done == progress.total:
            click.echo(f"{name}: {progress.done}/{progress.total}", err=True)
        self.stage = progress.stage

    def finish(self) -> None:
        pass


def _print_build_summary(report) -> None:
    from kkdocs.build_report import BUILT, FAILED, UNCHANGED

    for outcome in report.outcomes:
        if outcome.status == FAILED:
            click.echo(f"Fejlet: {outcome.file}" + (f": {outcome.error}" if outcome.error else ""))
        for finding in outcome.findings:
            click.echo(f"  {finding.as_text()}")
    rows = [("Bygget", report.count(BUILT)), ("Uændret", report.count(UNCHANGED)),
            ("Fejlet", report.count(FAILED)), ("Advarsler", report.advarsler)]
    click.echo("")
    for label, number in rows:
        click.echo(f"  {label:<10} {number:>5}")
    click.echo(f"  {'Tid':<10} {report.seconds:>5.1f} s".replace(".", ","))


@main.command("status")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Byggemappen. Standard: build/ i arbejdsområdet.")
@click.pass_context
def status_command(ctx: click.Context, paths: tuple[Path, ...], outdir: Path | None) -> None:
    """Sager efter frist: dage tilbage, status, fejl og advarsler, og om de er bygget."""
    import datetime

    from kkdocs.status import case_status, format_status_table

    click.echo(format_status_table(case_status(list(paths), _workspace(ctx), datetime.date.today(), build_dir=outdir)))


@main.command("tags")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def tags_command(pdf: Path) -> None:
    """Vis en PDF's tags (strukturtræet) med tekst, i den rækkefølge en skærmlæser læser dem."""
    from kkdocs.tag_tree import dump

    click.echo(dump(pdf))


@main.group("templates")
def templates_group() -> None:
    """Skabelonerne i templates/<type>/."""


@templates_group.command("check")
@click.pass_context
def templates_check_command(ctx: click.Context) -> None:
    """Kontrollér, at hver variabel i hver skabelon findes i sagstypens model."""
    from kkdocs.template_check import check_templates

    try:
        folder = _workspace(ctx.find_root()).templates
    except WorkspaceNotFound:
        from kkdocs.workspace import PACKAGE_ROOT

        folder = PACKAGE_ROOT / "templates"
    problems = check_templates(folder)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{folder}: {len(problems)} {'problem' if len(problems) == 1 else 'problemer'}.")
    sys.exit(1 if problems else 0)
