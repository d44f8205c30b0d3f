"""Transport trouble becomes adapter errors, over real HTTP on 127.0.0.1."""

import datetime as dt
import socket
import threading

import pytest
from flask import Blueprint
from flask import Response

import partners
from partners import credentials
from partners.base import MalformedResponse
from partners.base import PartnerUnavailable
from partners.http import retry_after

NUMBERS = {
    "upu": "RR123456785SA",
    "usps": "RR123456785US",
    "auspost": "RR123456785AU",
    "royalmail": "RR123456785GB",
}


def misbehaving(status: int, body: bytes, headers: dict | None = None, wait=None):
    """A post that answers every path (and the USPS token) the same bad way."""
    bp = Blueprint("misbehaving", __name__)

    @bp.post("/oauth2/v3/token")
    def token():
        return {"access_token": "t", "token_type": "Bearer", "expires_in": 3600}

    @bp.route("/<path:anything>", methods=["GET", "POST"])
    def anything(anything):
        if wait is not None:
            wait.wait(5)
        return Response(body, status=status, headers=headers or {})

    return bp


def adapter(name: str, base_url: str, timeout: float = 5):
    return partners.get(name)(
        base_url, credentials.sandbox(name), {"country": "SA"}, timeout=timeout
    )


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_rate_limit_carries_retry_after(serve, name):
    base = serve(misbehaving(429, b"{}", {"Retry-After": "120"}))

    with pytest.raises(PartnerUnavailable) as caught:
        adapter(name, base).track([NUMBERS[name]])

    assert caught.value.retry_after == 120.0
    assert "(HTTP 429)" in caught.value.message


@pytest.mark.parametrize("name", sorted(NUMBERS))
@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_partner_unavailable(serve, name, status):
    base = serve(misbehaving(status, b"<html>Bad gateway</html>"))

    with pytest.raises(PartnerUnavailable, match=rf"is failing \(HTTP {status}\)"):
        adapter(name, base).track([NUMBERS[name]])


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_html_page_with_200_is_malformed(serve, name):
    base = serve(misbehaving(200, b"<!DOCTYPE html><html>Login</html>"))

    with pytest.raises(MalformedResponse, match="HTML or XML instead of JSON"):
        adapter(name, base).track([NUMBERS[name]])


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_slow_partner_is_unavailable(serve, name):
    release = threading.Event()
    base = serve(misbehaving(200, b"{}", wait=release))

    try:
        with pytest.raises(
            PartnerUnavailable, match=r"did not answer within 0\.2 seconds"
        ):
            adapter(name, base, timeout=0.2).track([NUMBERS[name]])
    finally:
        release.set()


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_unreachable_partner_is_unavailable(name):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(PartnerUnavailable, match="could not be reached"):
        adapter(name, f"http://127.0.0.1:{port}").track([NUMBERS[name]])


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("30", 30.0),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_reads_seconds_or_a_date(header, seconds):
    now = dt.datetime(2026, 10, 21, 7, 28, tzinfo=dt.UTC)

    assert retry_after(header, now) == seconds
