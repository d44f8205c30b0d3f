"""Telling a running sandbox about handed-over items (the demo's handover uses it)."""

import datetime as dt
from dataclasses import dataclass

from partners import http
from partners.base import BadRequest


@dataclass(frozen=True)
class HandedOver:
    """One item OVS handed to a post, as the sandbox needs to know it."""

    tracking_number: str
    partner: str  # the adapter name, which picks the fake post
    partner_code: str  # OVS's code of the partner post, where callbacks go
    leg: str  # outbound | return
    origin: str
    destination: str
    posted_at: dt.datetime
    # For a return envelope: the outbound item; the voter posts it after that
    # item is delivered (and never, if it is not).
    outbound: str | None = None


def register_items(sandbox_url: str, items: list[HandedOver], timeout: float = 10.0):
    """Register items with the sandbox; raise an adapter error when it refuses."""
    if not items:
        return 0
    body = {
        "items": [
            {
                "tracking_number": item.tracking_number,
                "partner": item.partner,
                "partner_code": item.partner_code,
                "leg": item.leg,
                "origin": item.origin,
                "destination": item.destination,
                "posted_at": item.posted_at.isoformat(),
                "outbound": item.outbound,
            }
            for item in items
        ]
    }
    answer = http.send(
        "POST",
        sandbox_url.rstrip("/") + "/_sandbox/items",
        partner="The partner sandbox",
        timeout=timeout,
        json=body,
    )
    http.check(answer, "The partner sandbox")
    if answer.status_code != 201:
        try:
            reason = answer.json().get("error")
        except ValueError:
            reason = None
        reason = reason or f"HTTP {answer.status_code}."
        raise BadRequest(f"The partner sandbox refused the items: {reason}")
    return answer.json()["registered"]
