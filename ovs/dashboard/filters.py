"""Turning a user and the page's filters into the counters they may read."""

from dataclasses import dataclass

from sqlalchemy import select

from ovs.dashboard.figures import Scope
from ovs.errors import NotFound
from ovs.models import Election
from ovs.models import Mission
from ovs.models import PartnerPost
from ovs.models import StaffUser
from ovs.staffing import scope as staff_scope


@dataclass(frozen=True)
class Choice:
    """The filters as chosen, checked against what the user may see."""

    election_id: int | None = None
    mission_id: int | None = None
    country: str | None = None
    partner_id: int | None = None

    def as_args(self) -> dict:
        """The filters as URL query arguments."""
        return {
            key: value
            for key, value in (
                ("election", self.election_id),
                ("mission", self.mission_id),
                ("country", self.country),
                ("partner", self.partner_id),
            )
            if value
        }


def choose(session, user: StaffUser, args) -> tuple[Choice, Scope]:
    """Check the filters in ``args``; another mission's id is simply not found."""
    mission_id = _int(args.get("mission"), "mission")
    if mission_id is not None:
        staff_scope.mission(session, user, mission_id)
    election_id = _int(args.get("election"), "election")
    if election_id is not None and session.get(Election, election_id) is None:
        raise NotFound(f"No election with id {election_id}.")
    partner_id = _int(args.get("partner"), "partner")
    if partner_id is not None and session.get(PartnerPost, partner_id) is None:
        raise NotFound(f"No partner post with id {partner_id}.")
    country = (args.get("country") or "").strip().upper()[:2] or None
    choice = Choice(election_id, mission_id, country, partner_id)
    return choice, Scope(
        mission_ids=_mission_ids(session, user, choice),
        country=country,
        partner_id=partner_id,
    )


def _mission_ids(session, user: StaffUser, choice: Choice):
    if choice.mission_id is not None:
        return (choice.mission_id,)
    visible = staff_scope.visible_mission_ids(user)
    if choice.election_id is None:
        return visible
    in_election = session.scalars(
        select(Mission.id).where(Mission.election_id == choice.election_id)
    )
    ids = tuple(i for i in in_election if visible is None or i in visible)
    return ids


def _int(raw, name: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise NotFound(f"No {name} with id {raw!r}.") from None
