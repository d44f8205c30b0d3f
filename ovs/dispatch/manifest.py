"""The special list of a batch (CN 33 style): every item handed to the post.

One line per outbound item, a count at the foot of each page and a grand total
on the last, then boxes where the mission's officer and the post's clerk sign
for the handover.
"""

import datetime as dt
import math
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func
from sqlalchemy import select

from ovs import logs
from ovs.dispatch import fonts
from ovs.dispatch.lookups import batch_by_id
from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import Voter
from ovs.models.base import utcnow
from ovs.postal import s10
from ovs.postal.status import BallotState
from ovs.postal.status import Leg

log = logs.get(__name__)

ROWS_PER_PAGE = 45
ROW = 14.0
MARGIN = 15 * mm
SIGN_BOX_HEIGHT = 38 * mm
COLUMNS = (
    ("No.", 0),
    ("Item number", 12 * mm),
    ("Addressee", 55 * mm),
    ("Destination", 115 * mm),
    ("Class", 158 * mm),
)


def write_manifest(session, batch_id: int, out, *, now: dt.datetime | None = None):
    """Write a batch's special list to ``out``; return the number of items on it."""
    fonts.register()
    batch = batch_by_id(session, batch_id)
    mission = session.get(Mission, batch.mission_id)
    partner = session.get(PartnerPost, batch.partner_id)
    total = session.scalar(select(func.count()).select_from(_rows(batch.id).subquery()))
    pages = max(1, math.ceil(total / ROWS_PER_PAGE))
    local = (now or utcnow()).astimezone(ZoneInfo(mission.timezone))
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setTitle(f"Special list, batch {batch.id}")
    header = (
        f"Batch {batch.id}  ·  {mission.name} ({mission.code}), {mission.city}  ·  "
        f"to {partner.name}  ·  {local:%Y-%m-%d %H:%M} {local.tzname()}"
    )
    page, on_page = 1, 0
    _page_head(canvas, header, page, pages)
    rows = session.execute(_rows(batch.id).execution_options(yield_per=1000))
    for number, (tracking, service, name, city, country) in enumerate(rows, 1):
        if on_page == ROWS_PER_PAGE:
            _page_foot(canvas, on_page, None)
            canvas.showPage()
            page += 1
            on_page = 0
            _page_head(canvas, header, page, pages)
        _row(canvas, on_page, number, tracking, service, name, city, country)
        on_page += 1
    _page_foot(canvas, on_page, total)
    if _rows_bottom(on_page) - 20 * mm < MARGIN + SIGN_BOX_HEIGHT:
        canvas.showPage()
        _page_head(canvas, header, page, pages, continued=True)
    _sign_boxes(canvas, mission, partner)
    canvas.showPage()
    canvas.save()
    log.info("batch.manifest", batch_id=batch.id, items=total, pages=pages)
    return total


def _rows(batch_id: int):
    return (
        select(
            Item.tracking_number,
            Item.service_class,
            Voter.full_name,
            Voter.address["city"].as_string(),
            Voter.country,
        )
        .join(Ballot, Ballot.id == Item.ballot_id)
        .join(Voter, Voter.id == Ballot.voter_id)
        .where(
            Ballot.batch_id == batch_id,
            Ballot.state == BallotState.LIVE,
            Item.leg == Leg.OUTBOUND,
        )
        .order_by(Item.id)
    )


def _top() -> float:
    return A4[1] - MARGIN


def _rows_bottom(on_page: int) -> float:
    return _top() - 34 * mm - on_page * ROW


def _page_head(canvas, header, page, pages, continued=False) -> None:
    top = _top()
    canvas.setFont(fonts.BOLD, 13)
    canvas.drawString(MARGIN, top - 12, "SPECIAL LIST (CN 33) · registered items")
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawString(MARGIN, top - 28, header)
    label = "signatures" if continued else f"page {page} of {pages}"
    canvas.drawRightString(A4[0] - MARGIN, top - 12, label)
    if continued:
        return
    canvas.setFont(fonts.BOLD, 8.5)
    y = top - 34 * mm + ROW
    for title, x in COLUMNS:
        canvas.drawString(MARGIN + x, y, title)
    canvas.line(MARGIN, y - 3, A4[0] - MARGIN, y - 3)


def _row(canvas, on_page, number, tracking, service, name, city, country) -> None:
    y = _rows_bottom(on_page)
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawString(MARGIN + COLUMNS[0][1], y, str(number))
    canvas.drawString(MARGIN + COLUMNS[1][1], y, s10.parse(tracking).grouped)
    canvas.drawString(MARGIN + COLUMNS[2][1], y, name[:38])
    canvas.drawString(MARGIN + COLUMNS[3][1], y, f"{(city or '')[:22]}, {country}")
    canvas.drawString(MARGIN + COLUMNS[4][1], y, service)


def _page_foot(canvas, on_page: int, total: int | None) -> None:
    y = _rows_bottom(on_page) + ROW - 6
    canvas.line(MARGIN, y, A4[0] - MARGIN, y)
    canvas.setFont(fonts.BOLD, 9)
    canvas.drawString(MARGIN, y - 12, f"Items on this page: {on_page}")
    if total is not None:
        canvas.drawRightString(A4[0] - MARGIN, y - 12, f"Total items: {total}")


def _sign_boxes(canvas, mission, partner) -> None:
    width = (A4[0] - 2 * MARGIN - 6 * mm) / 2
    for index, (title, who) in enumerate(
        (
            ("Handed over by the mission", mission.name),
            ("Received by the post", partner.name),
        )
    ):
        x = MARGIN + index * (width + 6 * mm)
        canvas.rect(x, MARGIN, width, SIGN_BOX_HEIGHT)
        canvas.setFont(fonts.BOLD, 9)
        canvas.drawString(x + 3 * mm, MARGIN + SIGN_BOX_HEIGHT - 5 * mm, title)
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawString(x + 3 * mm, MARGIN + SIGN_BOX_HEIGHT - 10 * mm, who)
        for offset, field in (
            (18, "Name"),
            (26, "Signature"),
            (34, "Date, time, stamp"),
        ):
            y = MARGIN + SIGN_BOX_HEIGHT - offset * mm
            canvas.drawString(x + 3 * mm, y, f"{field}:")
            canvas.line(x + 33 * mm, y - 1, x + width - 3 * mm, y - 1)
