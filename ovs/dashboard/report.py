"""The daily PDF report: headline figures, each mission, and the reconciliation."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from ovs.dashboard.figures import LABELS
from ovs.models.base import utcnow

_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f3")),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


def daily_report(headline: dict, missions: list, names: dict, lines: list) -> bytes:
    """The report as PDF bytes."""
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), title="OVS daily report")
    story = [
        Paragraph("OVS daily report", styles["Title"]),
        Paragraph(f"Figures at {utcnow():%Y-%m-%d %H:%M} UTC", styles["Normal"]),
        Spacer(0, 12),
        _table(
            [["Figure", "Items"]]
            + [[LABELS[name], f"{value:,}"] for name, value in headline.items()]
        ),
        Spacer(0, 12),
        Paragraph("Missions", styles["Heading2"]),
        _table(
            [["Mission", *LABELS.values()]]
            + [
                [names["missions"].get(mid, str(mid)), *map(str, figs.values())]
                for mid, figs in missions
            ]
        ),
        Spacer(0, 12),
        Paragraph("Reconciliation differences", styles["Heading2"]),
    ]
    differences = [
        [names["missions"].get(line.mission_id, str(line.mission_id)), text]
        for line in lines
        for text in line.differences
    ]
    if differences:
        story.append(_table([["Mission", "Difference"], *differences]))
    else:
        story.append(
            Paragraph("Every issued ballot is accounted for.", styles["Normal"])
        )
    doc.build(story)
    return out.getvalue()


def _table(rows: list[list]) -> Table:
    table = Table(rows, repeatRows=1)
    table.setStyle(_GRID)
    return table
