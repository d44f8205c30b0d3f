"""The webhook signature: the same scheme partners use for their callbacks.

``OVS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``,
keyed with the subscriber's secret. Receivers recompute it over the raw bytes
they received and refuse a timestamp far from their own clock.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "OVS-Signature"
EVENT_ID_HEADER = "OVS-Event-Id"
TOPIC_HEADER = "OVS-Topic"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value that signs ``body`` at ``timestamp``."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300):
    """Whether a header signs ``body`` with ``secret`` within ``tolerance`` seconds."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (ValueError, KeyError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
