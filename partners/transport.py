"""HTTP for adapters: one call, with a partner's failures turned into adapter errors.

Adapters build requests and parse bodies with pure functions; this module is the
only place that touches the network, so timeouts, refused connections, 429 and
5xx answers mean the same thing for every partner.
"""

import datetime as dt
import email.utils

import requests

from partners.base import PartnerUnavailable

USER_AGENT = "OVS-tracking/1.0"


def send(method: str, url: str, *, partner: str, timeout: float, **kwargs):
    """Make one request; raise PartnerUnavailable when the partner cannot answer."""
    headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
    try:
        response = requests.request(
            method, url, headers=headers, timeout=timeout, **kwargs
        )
    except requests.Timeout:
        raise PartnerUnavailable(
            f"{partner} did not answer within {timeout:g} seconds."
        ) from None
    except requests.RequestException as exc:
        raise PartnerUnavailable(
            f"{partner} could not be reached ({type(exc).__name__})."
        ) from None
    if response.status_code == 429:
        raise PartnerUnavailable(
            f"{partner} is limiting our requests (HTTP 429).",
            retry_after=retry_after(response.headers.get("Retry-After")),
        )
    if response.status_code >= 500:
        raise PartnerUnavailable(
            f"{partner} answered with a server error (HTTP {response.status_code}).",
            retry_after=retry_after(response.headers.get("Retry-After")),
        )
    return response


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())
