"""Finding a mission's voters: search, filters and pages, all in the database."""

from dataclasses import dataclass

from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ovs.models import Ballot
from ovs.models import Item
from ovs.models import Mission
from ovs.models import Voter
from ovs.postal.status import BallotState
from ovs.postal.status import Leg

PER_PAGE = 50


@dataclass(frozen=True)
class Filters:
    """What the voter list is narrowed to."""

    q: str = ""
    country: str = ""
    outbound_status: str = ""
    return_status: str = ""
    page: int = 1


@dataclass
class Page:
    """One page of rows and where it sits in the whole list."""

    rows: list
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages the list has."""
        return max(1, -(-self.total // self.per_page))


def search(session, mission: Mission, filters: Filters) -> Page:
    """The mission's voters matching the filters, with their live ballot's items."""
    outbound, back = aliased(Item), aliased(Item)
    statement = (
        select(
            Voter.id,
            Voter.registry_number,
            Voter.full_name,
            Voter.country,
            Voter.postal_code,
            Ballot.id.label("ballot_id"),
            outbound.id.label("outbound_id"),
            outbound.status.label("outbound_status"),
            back.id.label("return_id"),
            back.status.label("return_status"),
        )
        .where(Voter.mission_id == mission.id)
        .outerjoin(
            Ballot, and_(Ballot.voter_id == Voter.id, Ballot.state == BallotState.LIVE)
        )
        .outerjoin(
            outbound,
            and_(outbound.ballot_id == Ballot.id, outbound.leg == Leg.OUTBOUND),
        )
        .outerjoin(back, and_(back.ballot_id == Ballot.id, back.leg == Leg.RETURN))
    )
    statement = _narrow(statement, filters, outbound, back)
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    page = max(1, filters.page)
    rows = session.execute(
        statement.order_by(Voter.registry_number)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return Page(rows=rows, total=total, page=page)


def _narrow(statement, filters: Filters, outbound, back):
    q = filters.q.strip()
    if q:
        statement = statement.where(
            or_(
                Voter.registry_number.startswith(q),
                Voter.full_name.ilike(f"%{q}%"),
                Voter.postal_code == q.replace(" ", "").upper(),
                outbound.tracking_number == q.upper(),
                back.tracking_number == q.upper(),
            )
        )
    if filters.country:
        statement = statement.where(Voter.country == filters.country.upper())
    if filters.outbound_status:
        statement = statement.where(outbound.status == filters.outbound_status)
    if filters.return_status:
        statement = statement.where(back.status == filters.return_status)
    return statement
