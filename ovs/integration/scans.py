"""Scans sent by devices over the API, limited to the token's mission."""

from sqlalchemy import select

from ovs.errors import NotFound
from ovs.integration.reads import Viewer
from ovs.models import Mission
from ovs.tracking import scan as scanning


def scan_at(
    session, viewer: Viewer, *, mission_code: str, tracking_number: str, actor: str
) -> dict:
    """Record a scan at a mission the viewer may act for; say what it means."""
    mission = session.scalar(select(Mission).where(Mission.code == mission_code))
    if mission is None or not viewer.sees(mission.id):
        raise NotFound(f"No mission with the code {mission_code!r}.")
    result = scanning.scan(session, tracking_number, mission, actor)
    return {
        "outcome": result.outcome.value,
        "message": result.message,
        "tracking_number": result.tracking_number,
    }
