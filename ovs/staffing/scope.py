"""What each staff user may see: missions first, then each child inside its mission.

Every look-up takes the parent it must belong to, so another mission's voter,
ballot, item or batch is simply not found, the same as an id that never existed.
"""

from sqlalchemy import select

from ovs import logs
from ovs.errors import NotFound
from ovs.models import Ballot
from ovs.models import DispatchBatch
from ovs.models import Item
from ovs.models import Mission
from ovs.models import StaffUser
from ovs.models import Voter

log = logs.get(__name__)


def visible_mission_ids(user: StaffUser) -> tuple[int, ...] | None:
    """The missions a user may read, or None for all of them."""
    if user.sees_all_missions:
        return None
    return (user.mission_id,) if user.mission_id else ()


def missions(session, user: StaffUser) -> list[Mission]:
    """The missions a user may read, by name."""
    statement = select(Mission).order_by(Mission.name)
    ids = visible_mission_ids(user)
    if ids is not None:
        statement = statement.where(Mission.id.in_(ids))
    return list(session.scalars(statement))


def mission(session, user: StaffUser, mission_id) -> Mission:
    """The mission with this id if the user may see it; NotFound otherwise."""
    found = _by_int(session, Mission, mission_id)
    if found is None or not user.may_see_mission(found.id):
        log.warning("staff.scope_refused", staff_id=user.id, mission_id=str(mission_id))
        raise NotFound(f"No mission with id {mission_id} is open to you.")
    return found


def voter(session, mission_: Mission, voter_id: int) -> Voter:
    """A voter of this mission."""
    return _child(session, Voter, voter_id, mission_, "voter")


def ballot(session, mission_: Mission, ballot_id: int) -> Ballot:
    """A ballot of this mission."""
    return _child(session, Ballot, ballot_id, mission_, "ballot")


def item(session, mission_: Mission, item_id: int) -> Item:
    """A postal item of this mission."""
    return _child(session, Item, item_id, mission_, "item")


def batch(session, mission_: Mission, batch_id: int) -> DispatchBatch:
    """A dispatch batch of this mission."""
    return _child(session, DispatchBatch, batch_id, mission_, "dispatch batch")


def _child(session, model, child_id: int, mission_: Mission, noun: str):
    found = session.scalar(
        select(model).where(model.id == child_id, model.mission_id == mission_.id)
    )
    if found is None:
        raise NotFound(f"This mission has no {noun} with id {child_id}.")
    return found


def _by_int(session, model, raw):
    try:
        return session.get(model, int(raw))
    except (TypeError, ValueError):
        return None
