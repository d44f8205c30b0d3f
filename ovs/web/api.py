"""The JSON API under /api/v1 for other systems: items, ballots, counts, events."""

import datetime as dt

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import g
from flask import jsonify
from flask import render_template

from ovs.extensions import csrf
from ovs.extensions import db
from ovs.integration import exports
from ovs.integration import reads
from ovs.integration import scans
from ovs.integration.counts import counts_by
from ovs.integration.tokens import Scope
from ovs.models.base import utcnow
from ovs.web import api_schemas as schemas
from ovs.web.access import public
from ovs.web.api_auth import current_viewer
from ovs.web.api_docs import type_words
from ovs.web.openapi import ApiRoutes
from ovs.web.openapi import build_spec

PREFIX = "/api/v1"
API_VERSION = "1.0.0"

bp = Blueprint("api", __name__)
csrf.exempt(bp)
api = ApiRoutes(bp, PREFIX)


@bp.after_request
def _challenge(response):
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ovs"'
    return response


@api.route(
    "/items/<tracking_number>",
    scope=Scope.READ_ITEMS,
    response=schemas.ItemDetail,
    errors=(400, 401, 403, 404),
    tag="items",
)
def get_item(tracking_number):
    """One postal item: status, leg, partner, expected arrival and every event.

    Event times carry the UTC offset the post reported.
    """
    body = reads.item_detail(db.session, current_viewer(), tracking_number)
    return schemas.ItemDetail.model_validate(body)


@api.route(
    "/item-lookup",
    method="POST",
    scope=Scope.READ_ITEMS,
    body=schemas.ItemLookup,
    response=schemas.LookupResult,
    tag="items",
)
def lookup_items(body):
    """Where several items are, by tracking number, in one call."""
    found = reads.lookup(db.session, current_viewer(), body.tracking_numbers)
    return schemas.LookupResult.model_validate(found)


@api.route(
    "/ballots/<int:ballot_id>",
    scope=Scope.READ_ITEMS,
    response=schemas.Ballot,
    errors=(400, 401, 403, 404),
    tag="ballots",
)
def get_ballot(ballot_id):
    """One ballot with its outbound and return items.

    The voter's name, registry number and address appear only with the
    read:personal scope.
    """
    body = reads.ballot_detail(db.session, current_viewer(), ballot_id)
    return schemas.Ballot.model_validate(body)


@api.route(
    "/ballots",
    scope=Scope.READ_ITEMS,
    query=schemas.BallotQuery,
    response=schemas.BallotPage,
    errors=(400, 401, 403, 404),
    tag="ballots",
)
def list_ballots(query):
    """Ballots in id order, filtered by mission and item status, a page at a time."""
    page = reads.ballot_page(
        db.session,
        current_viewer(),
        mission_code=query.mission,
        status=query.status,
        leg=query.leg,
        cursor=query.cursor,
        page_size=query.page_size,
    )
    return schemas.BallotPage.model_validate(page)


@api.route(
    "/events",
    scope=Scope.READ_ITEMS,
    query=schemas.EventQuery,
    response=schemas.EventPage,
    tag="events",
)
def list_events(query):
    """Tracking events after a cursor, for incremental sync.

    Start without a cursor, then pass next_cursor each time. The order is
    stable and no event is skipped, even one committed after a later one; an
    event can appear up to a minute after it was received for that reason.
    """
    settle = dt.timedelta(seconds=current_app.config["FEED_SETTLE_SECONDS"])
    page = reads.event_feed(
        db.session,
        current_viewer(),
        cursor=query.cursor,
        limit=query.limit,
        now=utcnow(),
        settle=settle,
    )
    return schemas.EventPage.model_validate(page)


@api.route(
    "/counts",
    scope=Scope.READ_COUNTS,
    query=schemas.CountQuery,
    response=schemas.Counts,
    tag="counts",
)
def get_counts(query):
    """Item counts by mission, partner, country or status, with at-risk totals."""
    body = counts_by(
        db.session, query.by, mission_id=current_viewer().mission_id, leg=query.leg
    )
    return schemas.Counts.model_validate(body)


@api.route(
    "/exports/daily-counts.json",
    scope=Scope.READ_COUNTS,
    response=schemas.DailyCounts,
    tag="exports",
)
def daily_counts_json():
    """Per mission and local day: ballots issued, posted, delivered and returned."""
    rows = exports.daily_counts(db.session, mission_id=current_viewer().mission_id)
    return schemas.DailyCounts(data=rows)


@api.route(
    "/exports/daily-counts.csv",
    scope=Scope.READ_COUNTS,
    response=None,
    tag="exports",
    extra_responses={
        "200": {
            "description": "The daily counts report as CSV, one header row.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def daily_counts_csv():
    """The daily counts report as CSV, for spreadsheets."""
    rows = exports.daily_counts(db.session, mission_id=current_viewer().mission_id)
    return Response(
        exports.to_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=daily-counts.csv"},
    )


@api.route(
    "/scans",
    method="POST",
    scope=Scope.SCAN,
    body=schemas.ScanIn,
    response=schemas.ScanOut,
    errors=(400, 401, 403, 404),
    tag="scans",
)
def post_scan(body):
    """Record an envelope scanned at a mission, as a scanning device does.

    A returned ballot envelope is received (on time, late or voided); an
    outbound envelope scanned at the mission came back undeliverable.
    """
    result = scans.scan_at(
        db.session,
        current_viewer(),
        mission_code=body.mission,
        tracking_number=body.tracking_number,
        actor=f"token:{g.api_token.id}",
    )
    return schemas.ScanOut.model_validate(result)


@bp.get("/openapi.json")
@public
def openapi_document():
    """The OpenAPI 3.1 document of this API, built from the code."""
    return jsonify(spec())


@bp.get("/docs")
@public
def reference():
    """A readable reference of this API, on one self-contained page."""
    return render_template("api/docs.html", spec=spec(), type_words=type_words)


def spec() -> dict:
    """The OpenAPI document, built from the declared routes."""
    return build_spec(api, title="OVS API", version=API_VERSION)
