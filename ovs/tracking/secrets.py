"""Partner callback secrets: shown to staff who set up a partner, rotated on demand."""

import secrets as random_secrets

from sqlalchemy import select

from ovs import audit
from ovs.errors import NotFound
from ovs.models import PartnerPost
from ovs.models.base import utcnow


def find(session, code: str) -> PartnerPost:
    """The partner post with this code."""
    partner = session.scalar(select(PartnerPost).where(PartnerPost.code == code))
    if partner is None:
        known = ", ".join(session.scalars(select(PartnerPost.code).order_by("code")))
        raise NotFound(
            f"No partner post has the code {code!r}; known: {known or 'none'}."
        )
    return partner


def show(session, code: str, actor: str) -> str:
    """A partner's callback secret; reading it is audited."""
    partner = find(session, code)
    audit.record(
        session,
        actor=actor,
        action="partner.secret_shown",
        object_type="partner_post",
        object_id=partner.id,
    )
    session.commit()
    return partner.callback_secret


def rotate(session, code: str, actor: str) -> str:
    """Give a partner a new callback secret; the old one stops working at once."""
    partner = find(session, code)
    partner.callback_secret = random_secrets.token_hex(32)
    partner.callback_secret_rotated_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="partner.secret_rotated",
        object_type="partner_post",
        object_id=partner.id,
    )
    session.commit()
    return partner.callback_secret
