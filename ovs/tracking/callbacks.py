"""Partner callbacks: verify the signature, parse, ingest, answer with counts.

A callback is judged whole before anything is stored: a bad signature, a body
of the wrong shape or one too large stores nothing. Events that pass go through
the one ingest path and are committed before the partner is answered.
"""

from dataclasses import dataclass
from dataclasses import field

from flask import current_app
from sqlalchemy import select
from sqlalchemy import update

from ovs import logs
from ovs.errors import NotFound
from ovs.errors import OvsError
from ovs.models import Item
from ovs.models import PartnerPost
from ovs.models.base import utcnow
from ovs.postal.status import EventSource
from ovs.tracking import ingest as ingest_module
from ovs.tracking.adapters import adapter_for
from partners.base import MalformedResponse
from partners.base import SignatureInvalid
from partners.callbacks import CallbackBatch
from partners.callbacks import CallbackRejection
from partners.callbacks import TooManyEvents

log = logs.get(__name__)


class CallbackUnauthorised(OvsError):
    """A callback whose signature is missing, wrong or too old."""

    http_status = 401
    code = "unauthorised"


class CallbackMalformed(OvsError):
    """A callback body that is not the partner's documented shape."""

    http_status = 400
    code = "malformed"


class CallbackTooLarge(OvsError):
    """A callback over the event count or byte size limit."""

    http_status = 413
    code = "too_large"


@dataclass
class CallbackAnswer:
    """What a partner is told about its callback."""

    accepted: int = 0
    duplicates: int = 0
    rejected: list[CallbackRejection] = field(default_factory=list)

    def as_json(self) -> dict:
        """The answer body."""
        return {
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "rejected": len(self.rejected),
            "rejections": [
                {"index": r.index, "reason": r.reason}
                for r in sorted(self.rejected, key=lambda r: r.index)
            ],
        }


def too_large_message(limit: int) -> str:
    """The message for a body over the byte limit."""
    return f"A callback body may be at most {limit} bytes."


def check_size(partner: PartnerPost, size: int | None) -> None:
    """Refuse a body over the configured byte limit."""
    limit = current_app.config["CALLBACK_MAX_BYTES"]
    if size is not None and size > limit:
        log.info("callback.refused", partner_id=partner.id, why="too large")
        raise CallbackTooLarge(too_large_message(limit))


def find_partner(session, code: str) -> PartnerPost:
    """The active partner post with this code."""
    partner = session.scalar(
        select(PartnerPost).where(PartnerPost.code == code, PartnerPost.active)
    )
    if partner is None:
        log.info("callback.refused", partner_code=code[:32], why="unknown partner")
        raise NotFound(f"No active partner post has the code {code!r}.")
    return partner


def receive(session, partner: PartnerPost, headers, body: bytes) -> CallbackAnswer:
    """Verify, parse and ingest one callback; commit before answering."""
    check_size(partner, len(body))
    adapter = adapter_for(partner)
    batch = _verified_batch(adapter, partner, headers, body)
    answer = CallbackAnswer(rejected=list(batch.rejected))
    indexes = [index for index, _ in batch.events]
    result = ingest_module.ingest(
        session,
        [event for _, event in batch.events],
        source=EventSource.CALLBACK,
        partner_id=partner.id,
    )
    for rejection in result.rejected:
        answer.rejected.append(
            CallbackRejection(indexes[rejection.index], _public(rejection.reason))
        )
    answer.accepted, answer.duplicates = result.accepted, result.duplicates
    _stop_polling(session, result.moved_items)
    partner.unmapped_events_total = (partner.unmapped_events_total or 0) + (
        result.unmapped
    )
    session.commit()
    log.info(
        "callback.accepted",
        partner_id=partner.id,
        accepted=answer.accepted,
        duplicates=answer.duplicates,
        rejected=len(answer.rejected),
    )
    return answer


def _verified_batch(adapter, partner, headers, body: bytes) -> CallbackBatch:
    try:
        adapter.verify_callback(headers, body, partner.callback_secret, utcnow())
    except SignatureInvalid as exc:
        log.info("callback.refused", partner_id=partner.id, why=exc.message)
        raise CallbackUnauthorised(exc.message) from None
    limit = current_app.config["CALLBACK_MAX_EVENTS"]
    try:
        return _parse(adapter, body, limit)
    except TooManyEvents as exc:
        log.info("callback.refused", partner_id=partner.id, why="too many events")
        raise CallbackTooLarge(exc.message) from None
    except MalformedResponse as exc:
        log.info("callback.refused", partner_id=partner.id, why="malformed")
        raise CallbackMalformed(exc.message) from None


def _parse(adapter, body: bytes, limit: int) -> CallbackBatch:
    detailed = getattr(adapter, "parse_callback_batch", None)
    if detailed is not None:
        return detailed(body, limit)
    events = adapter.parse_callback(body)
    if len(events) > limit:
        raise TooManyEvents(limit, len(events))
    return CallbackBatch(events=list(enumerate(events)))


def _public(reason: str) -> str:
    # A partner learns nothing about numbers that belong to another post.
    if reason == ingest_module.OTHER_PARTNER:
        return ingest_module.UNKNOWN_NUMBER
    return reason


def _stop_polling(session, item_ids) -> None:
    # A partner that reports an item by callback need not be asked about it.
    if not item_ids:
        return
    session.execute(
        update(Item)
        .where(Item.id.in_(item_ids))
        .values(reported_by_callback=True, next_poll_at=None)
        .execution_options(synchronize_session=False)
    )
