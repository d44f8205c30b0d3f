"""The shapes the JSON API reads and answers; the OpenAPI document comes from them."""

import datetime as dt
from typing import Annotated
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import StringConstraints

from ovs.postal.status import ItemStatus
from ovs.postal.status import Leg

MAX_PAGE_SIZE = 500
MAX_LOOKUP = 100
TRACKING_NUMBER_PATTERN = r"^[A-Za-z0-9 -]{1,40}$"

TrackingNumber = Annotated[str, StringConstraints(pattern=TRACKING_NUMBER_PATTERN)]


class Strict(BaseModel):
    """A model that refuses fields it does not name."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Strict):
    """What went wrong, for a developer to act on."""

    code: str = Field(description="A stable machine-readable code.")
    message: str = Field(description="What went wrong and what to do about it.")


class Error(Strict):
    """Every error answer has this shape."""

    error: ErrorDetail


class ExpectedArrival(Strict):
    """When the item should arrive, from its lane's transit times."""

    p50: dt.datetime | None = Field(description="Half of items arrive by then.")
    p90: dt.datetime | None = Field(description="Nine in ten arrive by then.")


class Event(Strict):
    """Something that happened to an item, in UPU terms and as the post said it."""

    code: str | None = Field(
        description="UPU event code (EMA, EMI...); null when the post's code maps "
        "to no UPU event."
    )
    partner_code: str | None
    description: str | None
    occurred_at: dt.datetime = Field(
        description="When it happened, with the UTC offset the post reported."
    )
    offset_inferred: bool = Field(
        description="True when the post gave local time and OVS inferred the offset."
    )
    location: str | None
    country: str | None
    source: str


class ItemSummary(Strict):
    """Where one postal item is."""

    tracking_number: str
    leg: Leg
    status: ItemStatus
    status_changed_at: dt.datetime
    at_risk: bool
    is_final: bool


class ItemDetail(ItemSummary):
    """One postal item with its partner, expected arrival and events."""

    ballot_id: int
    mission: str
    partner: str
    service_class: str
    expected_arrival: ExpectedArrival
    events: list[Event]


class Voter(Strict):
    """Personal data: only with the read:personal scope."""

    registry_number: str
    full_name: str
    country: str
    address: dict[str, str | None]


class Ballot(Strict):
    """A ballot package and its outbound and return items."""

    id: int
    mission: str
    voter_id: int
    sequence: int
    state: Literal["live", "voided"]
    created_at: dt.datetime
    items: list[ItemSummary]
    voter: Voter | None = Field(
        description="Null unless the token has the read:personal scope."
    )


class BallotPage(Strict):
    """One page of ballots."""

    data: list[Ballot]
    next_cursor: str | None = Field(
        description="Pass as cursor to get the next page; null on the last page."
    )


class BallotQuery(Strict):
    """Filters and paging for the ballot list."""

    mission: str | None = Field(None, max_length=16, description="Mission code.")
    status: ItemStatus | None = Field(
        None, description="Only ballots with an item in this status."
    )
    leg: Leg | None = Field(None, description="Apply status to this leg only.")
    cursor: str | None = Field(None, max_length=200)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class FeedEvent(Event):
    """An event in the incremental feed, with the item it belongs to."""

    id: int
    tracking_number: str
    ballot_id: int
    leg: Leg
    mission: str
    received_at: dt.datetime


class EventPage(Strict):
    """Events after a cursor, oldest first."""

    events: list[FeedEvent]
    next_cursor: str = Field(
        description="Always present: store it and pass it next time to read on."
    )
    has_more: bool = Field(description="True when another call would return more now.")


class EventQuery(Strict):
    """Where to read the event feed from, and how much."""

    cursor: str | None = Field(
        None, max_length=200, description="next_cursor from the previous call."
    )
    limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


class CountGroup(Strict):
    """Item totals for one mission, partner, country or status."""

    key: str
    total: int
    at_risk: int
    by_status: dict[str, int]


class Counts(Strict):
    """Item counts grouped by one dimension."""

    by: Literal["mission", "partner", "country", "status"]
    leg: Leg | None
    groups: list[CountGroup]


class CountQuery(Strict):
    """How to group the counts."""

    by: Literal["mission", "partner", "country", "status"] = "mission"
    leg: Leg | None = None


class DailyCount(Strict):
    """What moved for one mission on one local day."""

    date: dt.date
    mission: str
    mission_name: str
    ballots_issued: int
    outbound_posted: int
    outbound_delivered: int
    return_posted: int
    return_received_on_time: int
    return_received_late: int


class DailyCounts(Strict):
    """The daily counts report."""

    data: list[DailyCount]


class ItemLookup(Strict):
    """Several tracking numbers to look up at once."""

    tracking_numbers: list[TrackingNumber] = Field(
        min_length=1, max_length=MAX_LOOKUP, description="S10 or partner numbers."
    )


class LookupResult(Strict):
    """The items found, and the numbers not found or not visible to the token."""

    items: list[ItemSummary]
    not_found: list[str]


class ScanIn(Strict):
    """One envelope scanned at a mission."""

    mission: str = Field(max_length=16, description="The scanning mission's code.")
    tracking_number: TrackingNumber


class ScanOut(Strict):
    """What the scan means for the envelope in hand."""

    outcome: Literal[
        "on_time",
        "late",
        "voided",
        "unknown",
        "already_received",
        "returned_undeliverable",
    ]
    message: str = Field(description="What to tell the person scanning.")
    tracking_number: str
