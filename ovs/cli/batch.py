"""``flask --app ovs batch|ranges|ballot ...``: issue, label, hand over and replace."""

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.dispatch.batches import create_batch
from ovs.dispatch.batches import list_batches
from ovs.dispatch.errors import NothingToIssue
from ovs.dispatch.handover import hand_over
from ovs.dispatch.labels import STOCKS
from ovs.dispatch.labels import write_labels
from ovs.dispatch.manifest import write_manifest
from ovs.dispatch.numbers import add_range
from ovs.dispatch.numbers import list_ranges
from ovs.dispatch.replacement import replace_ballot
from ovs.dispatch.replacement import void_ballot
from ovs.extensions import db
from ovs.models import Mission
from ovs.postal.status import Leg

batch = AppGroup(
    "batch", help="Dispatch batches: issue, labels, special list, handover."
)
ranges = AppGroup("ranges", help="Tracking-number ranges partner posts allocate.")
ballot = AppGroup("ballot", help="Void or replace one voter's ballot.")


@batch.command("create")
@click.option("--mission", "mission_code", required=True, help="Mission code.")
@click.option("--partner", "partner_code", help="Partner post code.")
@click.option("--limit", type=click.IntRange(1), help="Issue to at most N voters.")
@click.option("--country", "countries", multiple=True, help="Only voters in XX.")
@domain_errors
def create(mission_code, partner_code, limit, countries):
    """Issue a ballot to each pending voter of a mission, in one batch."""
    require_schema()
    try:
        result = create_batch(
            db.session,
            mission_code=mission_code,
            partner_code=partner_code,
            limit=limit,
            countries=countries or None,
            actor=cli_actor(),
        )
    except NothingToIssue as exc:
        _echo_unroutable(exc.unroutable)
        raise
    db.session.commit()
    classes = ", ".join(f"{k} {v}" for k, v in sorted(result.by_class.items()))
    click.echo(
        f"Batch {result.batch.id}: {result.ballots} ballots issued "
        f"({classes}), {2 * result.ballots} items."
    )
    _echo_unroutable(result.unroutable)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}")
    click.echo(
        f"Next: flask --app ovs batch labels {result.batch.id} --out labels.pdf, "
        f"batch manifest {result.batch.id} --out list.pdf, "
        f"batch handover {result.batch.id}"
    )


def _echo_unroutable(unroutable) -> None:
    if not unroutable:
        return
    click.echo(f"Not routed, no ballot issued ({len(unroutable)}):")
    echo_table(
        [(u.registry_number, u.country, u.reason) for u in unroutable],
        ("registry number", "country", "reason"),
    )


@batch.command("list")
@click.option("--mission", "mission_code", help="Only this mission's batches.")
@domain_errors
def list_(mission_code):
    """List dispatch batches, newest first."""
    require_schema()
    batches = list_batches(db.session, mission_code)
    if not batches:
        click.echo("No batches yet. Issue one with: flask --app ovs batch create")
        return
    missions = dict(db.session.execute(select(Mission.id, Mission.code)).all())
    echo_table(
        [
            (
                b.id,
                missions[b.mission_id],
                b.item_count,
                b.service_class,
                b.state,
                f"{b.created_at:%Y-%m-%d %H:%M}",
            )
            for b in batches
        ],
        ("id", "mission", "ballots", "class", "state", "issued (UTC)"),
    )


@batch.command("labels")
@click.argument("batch_id", type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--stock", type=click.Choice(sorted(STOCKS)), default="a4")
@click.option(
    "--leg", type=click.Choice([leg.value for leg in Leg]), default="outbound"
)
@domain_errors
def labels(batch_id, out, stock, leg):
    """Write a batch's address labels to a PDF file."""
    require_schema()
    count = write_labels(db.session, batch_id, out, stock=stock, leg=leg)
    click.echo(f"Wrote {count} {leg} labels ({stock}) to {out}.")


@batch.command("manifest")
@click.argument("batch_id", type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@domain_errors
def manifest(batch_id, out):
    """Write a batch's special list (CN 33 style) to a PDF file."""
    require_schema()
    count = write_manifest(db.session, batch_id, out)
    click.echo(f"Wrote the special list of {count} items to {out}.")


@batch.command("handover")
@click.argument("batch_id", type=int)
@domain_errors
def handover(batch_id):
    """Record that the batch's envelopes were handed to the post now."""
    require_schema()
    result = hand_over(db.session, batch_id, actor=cli_actor())
    db.session.commit()
    click.echo(
        f"Batch {result.batch_id} handed over at "
        f"{result.handed_over_at:%Y-%m-%d %H:%M} UTC: {result.items} items posted."
    )


@ranges.command("add")
@click.option("--partner", "partner_code", required=True, help="Partner post code.")
@click.option("--mission", "mission_code", required=True, help="Mission code.")
@click.option("--indicator", required=True, help="S10 service indicator: RR, LX, EE.")
@click.option("--first", type=int, required=True, help="First serial (8 digits).")
@click.option("--count", type=int, required=True, help="How many numbers.")
@domain_errors
def ranges_add(partner_code, mission_code, indicator, first, count):
    """Record a range of tracking numbers a partner post allocated to a mission."""
    require_schema()
    rng = add_range(
        db.session,
        partner_code=partner_code,
        mission_code=mission_code,
        indicator=indicator,
        first=first,
        count=count,
        actor=cli_actor(),
    )
    db.session.commit()
    click.echo(
        f"Range {rng.id}: {rng.service_indicator} {rng.first_serial:08d}-"
        f"{rng.last_serial:08d} {rng.country} ({count:,} numbers) for {mission_code}."
    )


@ranges.command("list")
@click.option("--mission", "mission_code", help="Only this mission's ranges.")
@domain_errors
def ranges_list(mission_code):
    """List ranges with how many numbers are used and left."""
    require_schema()
    views = list_ranges(db.session, mission_code)
    if not views:
        click.echo("No ranges yet. Add one with: flask --app ovs ranges add ...")
        return
    echo_table(
        [
            (
                v.range.id,
                v.range.mission.code,
                v.range.partner.code,
                v.range.service_indicator,
                f"{v.range.first_serial:08d}-{v.range.last_serial:08d}",
                v.used,
                v.remaining,
                "LOW" if v.low else "",
            )
            for v in views
        ],
        ("id", "mission", "partner", "ind", "serials", "used", "left", ""),
    )


@ballot.command("void")
@click.argument("registry_number")
@click.option("--reason", required=True, help="Why, e.g. 'lost in the post'.")
@click.option("--election", "election_code", help="Election code, when several.")
@domain_errors
def void(registry_number, reason, election_code):
    """Void a voter's live ballot without issuing another."""
    require_schema()
    voided = void_ballot(
        db.session,
        registry_number,
        reason=reason,
        election_code=election_code,
        actor=cli_actor(),
    )
    db.session.commit()
    click.echo(f"Ballot {voided.sequence} of voter {registry_number} voided.")


@ballot.command("replace")
@click.argument("registry_number")
@click.option("--reason", required=True, help="Why, e.g. 'returned undeliverable'.")
@click.option("--partner", "partner_code", help="Partner post for the new ballot.")
@click.option("--election", "election_code", help="Election code, when several.")
@domain_errors
def replace(registry_number, reason, partner_code, election_code):
    """Void a voter's live ballot and issue the next one in a batch of its own."""
    require_schema()
    result = replace_ballot(
        db.session,
        registry_number,
        reason=reason,
        partner_code=partner_code,
        election_code=election_code,
        actor=cli_actor(),
    )
    db.session.commit()
    click.echo(
        f"Ballot {result.voided.sequence} of voter {registry_number} voided; "
        f"ballot {result.voided.sequence + 1} issued in batch "
        f"{result.reissued.batch.id}."
    )


def register(app: Flask) -> None:
    """Add the dispatch commands."""
    for group in (batch, ranges, ballot):
        app.cli.add_command(group)
