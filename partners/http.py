"""HTTP for adapters: one place that turns transport trouble into adapter errors.

Adapters build requests and parse bodies with pure functions; only ``send``,
``check`` and ``refuse`` touch the network's answers. Timeouts, refused
connections, 5xx and 429 become ``PartnerUnavailable`` (with ``retry_after``
from ``Retry-After``), refused credentials become ``AuthenticationFailed``
(``refuse`` also quotes the post's own reason, and turns other 4xx into
``BadRequest``), and a body that is not the JSON a post documents becomes
``MalformedResponse``.
"""

import contextlib
import datetime as dt
import email.utils
import json

import requests

from partners.base import AuthenticationFailed
from partners.base import BadRequest
from partners.base import MalformedResponse
from partners.base import PartnerUnavailable

NO_REASON = "no readable reason"


def send(
    method: str, url: str, *, partner: str, timeout: float, **kwargs
) -> requests.Response:
    """One HTTP request; transport failures raise PartnerUnavailable."""
    try:
        return requests.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout:
        raise PartnerUnavailable(
            f"{partner} did not answer within {timeout:g} seconds."
        ) from None
    except requests.ConnectionError:
        raise PartnerUnavailable(f"{partner} could not be reached.") from None
    except requests.RequestException as error:
        raise PartnerUnavailable(
            f"{partner} request failed: {type(error).__name__}."
        ) from None


def check(response: requests.Response, partner: str) -> None:
    """Raise for answers no tracking body can come from: 401/403, 429, 5xx."""
    status = response.status_code
    if status in (401, 403):
        raise AuthenticationFailed(
            f"{partner} refused our credentials (HTTP {status}); check the "
            f"partner's OVS_PARTNER_* settings."
        )
    if status == 429:
        raise PartnerUnavailable(
            f"{partner} is limiting our requests (HTTP 429).",
            retry_after=retry_after(response.headers.get("Retry-After")),
        )
    if status >= 500:
        raise PartnerUnavailable(
            f"{partner} is failing (HTTP {status}).",
            retry_after=retry_after(response.headers.get("Retry-After")),
        )


def refuse(
    response: requests.Response, partner: str, reason, *, refused: str, fix: str
) -> None:
    """Raise for an error answer, quoting the reason the partner's body gives.

    ``reason`` reads that reason from the raw body; ``refused`` names what a
    401/403 turned down and ``fix`` the credential a person should check.
    """
    status = response.status_code
    if status in (401, 403):
        raise AuthenticationFailed(
            f"{partner} refused our {refused}: {reason(response.content)}. Check {fix}."
        )
    check(response, partner)
    if status >= 400:
        raise BadRequest(
            f"{partner} refused the request (HTTP {status}): "
            f"{reason(response.content)}."
        )


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


def load_json(body: bytes, partner: str):
    """The JSON value of a body; MalformedResponse saying what is wrong otherwise."""
    if not body or not body.strip():
        raise MalformedResponse(f"{partner} answered with an empty body.")
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise MalformedResponse(
            f"{partner} answered with a body that is not UTF-8."
        ) from None
    except ValueError:
        head = body.lstrip()[:15].lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
            raise MalformedResponse(
                f"{partner} answered with HTML or XML instead of JSON."
            ) from None
        raise MalformedResponse(
            f"{partner} answered with JSON that cannot be read (truncated or invalid)."
        ) from None


def load_object(body: bytes, partner: str) -> dict:
    """The JSON object of a body; a short MalformedResponse naming ``partner``."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedResponse(f"{partner}'s answer is not JSON.") from None
    if not isinstance(document, dict):
        raise MalformedResponse(f"{partner}'s answer is not a JSON object.")
    return document


def json_object(body: bytes) -> dict | None:
    """The JSON object of a body, or None: for error bodies, read at best effort."""
    try:
        return load_object(body, "")
    except MalformedResponse:
        return None


@contextlib.contextmanager
def event_time(partner: str, number: str, word: str = "time"):
    """Turn a time that cannot be read into MalformedResponse naming the item."""
    try:
        yield
    except (ValueError, OverflowError) as error:
        raise MalformedResponse(
            f"{partner} sent an event for {number} with a bad {word}: {error}."
        ) from None


def expect(value, kind: type, what: str, partner: str):
    """``value`` when it is of ``kind``; MalformedResponse naming ``what`` otherwise."""
    if not isinstance(value, kind):
        raise MalformedResponse(
            f"{partner} answered without the documented {what} "
            f"(expected {kind.__name__}, got {type(value).__name__})."
        )
    return value


def text(value) -> str | None:
    """A partner's string field, stripped; numbers as text; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None
