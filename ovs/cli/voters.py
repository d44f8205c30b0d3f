"""``flask --app ovs voters ...``: import a mission's voter list."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import require_schema
from ovs.dispatch.voter_import import ImportReport
from ovs.dispatch.voter_import import Progress
from ovs.dispatch.voter_import import import_voters
from ovs.errors import NotFound
from ovs.extensions import db
from ovs.models import Mission

voters = AppGroup("voters", help="Manage voter lists.")


@voters.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--mission", "mission_code", required=True, help="Mission code.")
@click.option(
    "--good-rows-only",
    is_flag=True,
    help="Import the rows that pass and report the rest (default: all or nothing).",
)
@domain_errors
def import_command(file, mission_code, good_rows_only):
    """Import a voter list (CSV UTF-8 or XLSX) for a mission."""
    require_schema()
    mission = db.session.scalar(select(Mission).where(Mission.code == mission_code))
    if mission is None:
        raise NotFound(f"There is no mission with code {mission_code}.")
    report = import_voters(
        db.session,
        mission,
        file,
        click.format_filename(file),
        good_rows_only=good_rows_only,
        actor=cli_actor(),
        progress=_show_progress,
    )
    db.session.commit()
    _print_report(report)
    if not report.ok:
        raise SystemExit(1)


def _show_progress(progress: Progress) -> None:
    share = "" if progress.fraction is None else f" ({progress.fraction:.0%})"
    click.echo(f"Rows checked: {progress.rows}{share}", err=True)


def _print_report(report: ImportReport) -> None:
    click.echo(
        f"Rows read: {report.rows}; new: {report.created}; updated: "
        f"{report.updated}; unchanged: {report.unchanged}; refused: "
        f"{report.rejected_rows}."
    )
    for rejection in report.rejections:
        click.echo(f"  {rejection}")
    if report.more_rejections:
        click.echo(f"  ... and {report.more_rejections} more problems.")
    if report.applied and report.ok:
        click.echo("The voter list was imported.")
    elif report.applied:
        click.echo("The rows that passed were imported; the rows above were not.")
    else:
        click.echo(
            "Nothing was imported: correct the rows above and import the file "
            "again, or use --good-rows-only to import the rows that pass."
        )


def register(app: Flask) -> None:
    """Add the voters commands."""
    app.cli.add_command(voters)
