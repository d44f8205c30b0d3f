"""Finding missions, partner posts and batches by what staff type."""

from sqlalchemy import select

from ovs.dispatch.errors import UnknownBatch
from ovs.dispatch.errors import UnknownMission
from ovs.dispatch.errors import UnknownPartner
from ovs.models import DispatchBatch
from ovs.models import Mission
from ovs.models import PartnerPost


def mission_by_code(session, code: str) -> Mission:
    """The mission with this code; UnknownMission names the command listing them."""
    mission = session.scalar(select(Mission).where(Mission.code == code))
    if mission is None:
        raise UnknownMission(
            f"No mission has the code {code!r}. "
            "List them with: flask --app ovs missions"
        )
    return mission


def partner_by_code(session, code: str) -> PartnerPost:
    """The partner post with this code."""
    partner = session.scalar(select(PartnerPost).where(PartnerPost.code == code))
    if partner is None:
        known = ", ".join(
            session.scalars(select(PartnerPost.code).order_by(PartnerPost.code))
        )
        raise UnknownPartner(
            f"No partner post has the code {code!r}. Known: {known or 'none'}."
        )
    return partner


def batch_by_id(session, batch_id: int, *, lock: bool = False) -> DispatchBatch:
    """The dispatch batch with this id, locked for update when asked."""
    query = select(DispatchBatch).where(DispatchBatch.id == batch_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    batch = session.scalar(query)
    if batch is None:
        raise UnknownBatch(f"No dispatch batch has the id {batch_id}.")
    return batch
