"""How fast OVS draws labels: a 10,000-item batch, next to plain reportlab.

    python bench/labels.py [--items 10000] [--stock a4|thermal]

Builds one batch on a scratch SQLite database, then times, in the same run:

- ovs end to end: ``write_labels`` (read the batch, format each address, draw,
  save the PDF);
- ovs drawing: OVS's label code on content already read and formatted;
- plain reportlab: the same content drawn the usual way (text lines, one
  ``Code128(...).drawOn`` per label, the sender block drawn on every label).

Prints labels per CPU second for each and the ratio to plain reportlab.
"""

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scratch
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ovs.demo.places import MISSIONS
from ovs.demo.seed import add_mission
from ovs.demo.seed import add_partner
from ovs.demo.seed import voter_rows
from ovs.dispatch import fonts
from ovs.dispatch.batches import create_batch
from ovs.dispatch.labels import BADGES
from ovs.dispatch.labels import STOCKS
from ovs.dispatch.labels import Fixed
from ovs.dispatch.labels import batch_labels
from ovs.dispatch.labels import draw_labels
from ovs.dispatch.labels import write_labels
from ovs.extensions import db
from ovs.models import Election
from ovs.models import Lane
from ovs.models import Mission
from ovs.models import TrackingRange
from ovs.models import Voter
from ovs.postal import s10
from ovs.postal.addresses import label_lines
from ovs.postal.status import Leg


def build_batch(session, items: int) -> int:
    """One mission, its post, a range and a lane, ``items`` voters, one batch."""
    spec = MISSIONS[0]
    today = dt.date.today()
    election = Election(
        code="BENCH",
        name="Benchmark",
        home_country="ID",
        voting_day=today + dt.timedelta(days=42),
        return_deadline=dt.datetime.combine(
            today + dt.timedelta(days=42), dt.time(12), dt.UTC
        ),
        mail_marking="SURAT SUARA · ELECTION MAIL",
    )
    session.add(election)
    mission = add_mission(session, election, spec)
    partner = add_partner(session, spec)
    session.add(
        TrackingRange(
            partner=partner,
            mission=mission,
            service_indicator="RR",
            country=spec.country,
            first_serial=1,
            last_serial=4 * items,
            next_serial=1,
        )
    )
    session.add(
        Lane(
            origin_country=spec.country,
            destination_country=spec.country,
            partner=partner,
            service_class="registered",
            default_p50_days=5,
            default_p90_days=10,
        )
    )
    session.flush()
    session.execute(insert(Voter), list(voter_rows(election.id, [mission], items, 7)))
    batch = create_batch(session, mission_code=mission.code, actor="bench").batch
    session.commit()
    return batch.id


def plain_reportlab(labels, fixed: Fixed, stock) -> None:
    """The same labels drawn the straightforward way, with nothing shared."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=stock.page_size, invariant=1)
    width, height = stock.label_size
    s = stock.scale
    pad = 4 * mm * s
    for index, label in enumerate(labels):
        slot = index % stock.per_page
        if slot == 0 and index:
            canvas.showPage()
        x = (slot % stock.columns) * width
        y = stock.page_size[1] - (slot // stock.columns + 1) * height
        canvas.setFont(fonts.BOLD, 8 * s)
        canvas.drawString(x + pad, y + height - pad - 8 * s, fixed.marking)
        top = y + height - pad - 14 * s
        canvas.setFont(fonts.REGULAR, 5.2 * s)
        canvas.drawString(x + pad, top, "From:")
        canvas.setFont(fonts.REGULAR, 6.5 * s)
        for n, line in enumerate(fixed.mission_lines[:7]):
            canvas.drawString(x + pad, top - (n + 1) * 7.5 * s, line)
        big_top = top - 7 * 7.5 * s - 2 * s
        canvas.setFont(fonts.REGULAR, 7.2 * s)
        canvas.drawString(x + pad + 8 * mm, big_top, "To:")
        for n, line in enumerate(label.party_lines[:7]):
            canvas.setFont(fonts.BOLD if n == 0 else fonts.REGULAR, 9 * s)
            canvas.drawString(x + pad + 8 * mm, big_top - (n + 1) * 11 * s, line)
        badge = BADGES[label.service_class]
        size = 11 * s
        badge_width = canvas.stringWidth(badge, fonts.BOLD, size) + 6
        bx, by = x + width - pad - badge_width, y + height - pad - size - 2
        canvas.rect(bx, by, badge_width, size + 4, stroke=1, fill=0)
        canvas.setFont(fonts.BOLD, size)
        canvas.drawString(bx + 3, by + 3, badge)
        Code128(
            label.tracking_number,
            barWidth=stock.bar_width,
            barHeight=12 * mm * s,
            humanReadable=0,
        ).drawOn(canvas, x + 2, y + pad + 12 * s)
        canvas.setFont(fonts.BOLD, 10 * s)
        canvas.drawString(x + pad, y + pad, s10.parse(label.tracking_number).grouped)
    canvas.showPage()
    canvas.save()


def ovs_drawing(labels, fixed: Fixed, stock) -> None:
    """OVS's label code on content already read and formatted."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=stock.page_size, invariant=1)
    draw_labels(canvas, stock, fixed, labels)
    canvas.save()


def timed(function, *args, **kwargs) -> float:
    """CPU seconds one call takes (other users of the machine do not count)."""
    started = time.process_time()
    function(*args, **kwargs)
    return time.process_time() - started


def main() -> None:
    """Build the batch, time the three ways, print labels per second and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--stock", choices=sorted(STOCKS), default="a4")
    args = parser.parse_args()
    stock = STOCKS[args.stock]
    fonts.register()
    with scratch.database("sqlite", None) as url:
        app = scratch.migrated_app(url)
        with app.app_context():
            batch_id = build_batch(db.session, args.items)
            mission = db.session.get(Mission, 1)
            fixed = Fixed(
                "SURAT SUARA · ELECTION MAIL",
                Leg.OUTBOUND,
                label_lines(mission.return_address, mission.country, mission.name),
            )
            labels = list(batch_labels(db.session, batch_id, Leg.OUTBOUND))
            plain = timed(plain_reportlab, labels, fixed, stock)
            drawing = timed(ovs_drawing, labels, fixed, stock)
            whole = timed(
                write_labels, db.session, batch_id, io.BytesIO(), stock=args.stock
            )
            db.engine.dispose()
    n = len(labels)
    print(f"labels={n:,} stock={args.stock}")
    for name, seconds in (
        ("plain reportlab", plain),
        ("ovs drawing", drawing),
        ("ovs end to end", whole),
    ):
        print(
            f"{name:<16} {n / seconds:8,.0f} labels/s (CPU)  "
            f"ratio to plain {plain / seconds:.2f}"
        )


if __name__ == "__main__":
    main()
