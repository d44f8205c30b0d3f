"""Address labels for a batch, outbound or return, on A4 sheets or thermal stock.

Each label carries the election-mail marking, the sender and the addressee,
the service class, and the tracking number as a Code 128 barcode and in the
UPU's grouped form. What is the same on every label of a batch (the marking and
the mission's address) is drawn once as a PDF form and placed on each label;
rows are streamed from the database, so memory grows only with the PDF itself.
"""

from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from ovs import logs
from ovs.dispatch import fonts
from ovs.dispatch.lookups import batch_by_id
from ovs.errors import InvalidInput
from ovs.models import Ballot
from ovs.models import Election
from ovs.models import Item
from ovs.models import Mission
from ovs.models import Voter
from ovs.postal import s10
from ovs.postal.addresses import label_lines
from ovs.postal.status import BallotState
from ovs.postal.status import Leg
from ovs.postal.status import ServiceClass

log = logs.get(__name__)

BADGES = {
    ServiceClass.REGISTERED: "R",
    ServiceClass.TRACKED: "TRACKED",
    ServiceClass.EMS: "EMS",
}


@dataclass(frozen=True)
class Stock:
    """A label stock: page size, labels across and down, and how large to draw."""

    name: str
    page_size: tuple[float, float]
    columns: int
    rows: int
    scale: float
    bar_width: float

    @property
    def label_size(self) -> tuple[float, float]:
        """Width and height of one label."""
        return self.page_size[0] / self.columns, self.page_size[1] / self.rows

    @property
    def per_page(self) -> int:
        """Labels on one page."""
        return self.columns * self.rows


STOCKS = {
    # Eight 105 x 74 mm labels on an A4 sheet.
    "a4": Stock("a4", A4, 2, 4, 1.0, 0.33 * mm),
    # One 100 x 150 mm label per page, as thermal label printers take them.
    "thermal": Stock("thermal", (100 * mm, 150 * mm), 1, 1, 1.4, 0.45 * mm),
}


@dataclass(frozen=True)
class Label:
    """What changes from one label to the next."""

    tracking_number: str
    service_class: str
    party_lines: list[str]


@dataclass(frozen=True)
class Fixed:
    """What every label of a batch and leg shares."""

    marking: str
    leg: str
    mission_lines: list[str]


class _PathCode128(Code128):
    """Code 128 whose bars are filled as one path instead of one rectangle each."""

    def draw(self):
        self._bars = self.canv.beginPath()
        super().draw()
        self.canv.drawPath(self._bars, stroke=0, fill=1)

    def rect(self, x, y, w, h):
        self._bars.rect(x, y, w, h)


class LabelSheet:
    """Draws labels one after another onto a canvas, page by page."""

    def __init__(self, canvas: Canvas, stock: Stock, fixed: Fixed):
        fonts.register()
        self.canvas = canvas
        self.stock = stock
        self.fixed = fixed
        self.count = 0
        self.width, self.height = stock.label_size
        s = stock.scale
        self.pad = 4 * mm * s
        self.small = (6.5 * s, 7.5 * s)
        self.big = (9 * s, 11 * s)
        self.number_size = 10 * s
        self.barcode = _PathCode128(
            "", barWidth=stock.bar_width, barHeight=12 * mm * s, humanReadable=0
        )
        self.small_top = self.height - self.pad - 14 * s
        self.big_top = self.small_top - 7 * self.small[1] - 2 * s
        self._form = f"fixed-{fixed.leg}"
        self._draw_fixed()

    def add(self, label: Label) -> None:
        """Draw the next label, starting a new page when this one is full."""
        slot = self.count % self.stock.per_page
        if slot == 0 and self.count:
            self.canvas.showPage()
        column, row = slot % self.stock.columns, slot // self.stock.columns
        x = column * self.width
        y = self.stock.page_size[1] - (row + 1) * self.height
        c = self.canvas
        c.saveState()
        c.translate(x, y)
        c.doForm(self._form)
        self._draw_label(label)
        c.restoreState()
        self.count += 1

    def finish(self) -> None:
        """Close the last page."""
        if self.count:
            self.canvas.showPage()

    def _draw_fixed(self) -> None:
        c = self.canvas
        c.beginForm(self._form)
        c.setFont(fonts.BOLD, 8 * self.stock.scale)
        c.drawString(
            self.pad, self.height - self.pad - 8 * self.stock.scale, self.fixed.marking
        )
        if self.fixed.leg == Leg.OUTBOUND:
            self._lines(
                "From:", self.fixed.mission_lines, self.pad, self.small_top, self.small
            )
        else:
            self._lines(
                "To:",
                self.fixed.mission_lines,
                self.pad + 8 * mm,
                self.big_top,
                self.big,
                bold_first=True,
            )
        c.endForm()

    def _draw_label(self, label: Label) -> None:
        c = self.canvas
        if self.fixed.leg == Leg.OUTBOUND:
            self._lines(
                "To:",
                label.party_lines,
                self.pad + 8 * mm,
                self.big_top,
                self.big,
                bold_first=True,
            )
        else:
            self._lines(
                "From:", label.party_lines, self.pad, self.small_top, self.small
            )
        self._badge(BADGES.get(label.service_class, label.service_class.upper()))
        base = self.pad + self.number_size + 2 * self.stock.scale
        # One barcode object serves every label; its quiet zone falls in the
        # label's own white margin, so the bars line up with the text.
        self.barcode.value = label.tracking_number
        self.barcode.drawOn(c, self.pad - self.barcode.lquiet + 2, base)
        c.setFont(fonts.BOLD, self.number_size)
        c.drawString(self.pad, self.pad, s10.parse(label.tracking_number).grouped)

    def _lines(self, title, lines, x, top, size, bold_first=False) -> None:
        c = self.canvas
        font_size, leading = size
        c.setFont(fonts.REGULAR, font_size * 0.8)
        c.drawString(x, top, title)
        text = c.beginText(x, top - leading)
        text.setFont(fonts.BOLD if bold_first else fonts.REGULAR, font_size, leading)
        for index, line in enumerate(lines[:7]):
            if index == 1 and bold_first:
                text.setFont(fonts.REGULAR, font_size, leading)
            text.textLine(line)
        c.drawText(text)

    def _badge(self, badge: str) -> None:
        c = self.canvas
        size = 11 * self.stock.scale
        width = c.stringWidth(badge, fonts.BOLD, size) + 6
        x = self.width - self.pad - width
        y = self.height - self.pad - size - 2
        c.rect(x, y, width, size + 4, stroke=1, fill=0)
        c.setFont(fonts.BOLD, size)
        c.drawString(x + 3, y + 3, badge)


def write_labels(
    session, batch_id: int, out, *, stock: str = "a4", leg: str = Leg.OUTBOUND
) -> int:
    """Write a batch's labels for one leg to ``out`` (a path or binary file)."""
    if stock not in STOCKS:
        raise InvalidInput(f"Label stock is a4 or thermal; got {stock!r}.")
    if leg not in (Leg.OUTBOUND, Leg.RETURN):
        raise InvalidInput(f"The leg is outbound or return; got {leg!r}.")
    batch = batch_by_id(session, batch_id)
    mission = session.get(Mission, batch.mission_id)
    election = session.get(Election, mission.election_id)
    fixed = Fixed(
        election.mail_marking,
        leg,
        label_lines(mission.return_address, mission.country, mission.name),
    )
    paper = STOCKS[stock]
    canvas = Canvas(out, pagesize=paper.page_size, invariant=1)
    canvas.setTitle(f"Batch {batch.id} {leg} labels")
    count = draw_labels(canvas, paper, fixed, batch_labels(session, batch.id, leg))
    canvas.save()
    log.info("batch.labels", batch_id=batch.id, leg=leg, stock=stock, labels=count)
    return count


def batch_labels(session, batch_id: int, leg: str) -> Iterator[Label]:
    """The labels of a batch's live ballots for one leg, in issue order, streamed."""
    rows = session.execute(
        select(
            Item.tracking_number,
            Item.service_class,
            Voter.full_name,
            Voter.address,
            Voter.country,
        )
        .join(Ballot, Ballot.id == Item.ballot_id)
        .join(Voter, Voter.id == Ballot.voter_id)
        .where(
            Ballot.batch_id == batch_id,
            Ballot.state == BallotState.LIVE,
            Item.leg == leg,
        )
        .order_by(Item.id)
        .execution_options(yield_per=1000)
    )
    for number, service, name, address, country in rows:
        yield Label(number, service, label_lines(address, country, name))


def draw_labels(canvas: Canvas, stock: Stock, fixed: Fixed, labels: Iterable[Label]):
    """Draw labels onto a canvas; return how many."""
    sheet = LabelSheet(canvas, stock, fixed)
    for label in labels:
        sheet.add(label)
    sheet.finish()
    return sheet.count
