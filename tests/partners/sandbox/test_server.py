"""End to end over HTTP: every adapter against its fake post in a live sandbox."""

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

import partners
from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners.base import AuthenticationFailed
from partners.base import BadRequest
from partners.base import Credentials
from partners.base import MalformedResponse
from partners.base import PartnerUnavailable
from partners.sandbox.client import HandedOver
from partners.sandbox.client import register_items
from partners.sandbox.faults import Faults
from partners.sandbox.lives import COLLECTED
from partners.sandbox.lives import DELIVERED
from partners.sandbox.lives import LOST
from partners.sandbox.lives import RETURNED
from partners.sandbox.lives import ItemSpec
from partners.sandbox.lives import life
from partners.sandbox.pusher import CallbackTarget
from partners.sandbox.server import discover_posts
from tests.partners.sandbox.conftest import START
from tests.partners.sandbox.conftest import adapter_for
from tests.partners.sandbox.conftest import s10_number

POSTS = sorted(discover_posts())
LONG_AGO = START - dt.timedelta(days=60)
# Posts whose adapter's code list has no return-to-sender event: a returned
# item shows as undelivered there, nothing more.
NO_RETURN_CODE = {"royalmail"}


def home(name: str) -> str:
    return partners.get(name).country or "MY"


def serial(name: str, base: int) -> int:
    """A serial no other post's test uses: one number belongs to one post."""
    return base + 1000 * POSTS.index(name)


def items_with_every_ending(sandbox, name: str, base: int) -> dict[str, str]:
    """Register one item per ending for a partner; return number -> ending."""
    wanted, found = {DELIVERED, COLLECTED, RETURNED, LOST}, {}
    next_serial = serial(name, base)
    while wanted:
        number = s10_number(next_serial, home(name))
        spec = ItemSpec(number, name, LONG_AGO, home(name), home(name))
        ending = life(spec, sandbox.world.seed).ending
        if ending in wanted:
            wanted.discard(ending)
            sandbox.world.register(spec)
            found[number] = ending
        next_serial += 1
    return found


def track_all(adapter, numbers):
    events, not_found = [], []
    for start in range(0, len(numbers), adapter.batch_size):
        result = adapter.track(numbers[start : start + adapter.batch_size])
        events.extend(result.events)
        not_found.extend(result.not_found)
    return events, not_found


def test_every_registered_adapter_has_a_fake_post():
    assert set(partners.names()) <= set(POSTS)


@pytest.mark.parametrize("name", POSTS)
def test_each_adapter_tracks_items_to_the_end_of_their_lives(sandbox, name):
    endings = items_with_every_ending(sandbox, name, base=10_000)
    adapter = adapter_for(sandbox, name)

    events, not_found = track_all(adapter, list(endings))

    assert not_found == []
    for number, ending in endings.items():
        mine = [e for e in events if e.tracking_number == number]
        codes = {e.code for e in mine}
        assert EventCode.POSTED in codes or ending == LOST
        if ending in (DELIVERED, COLLECTED):
            assert EventCode.DELIVERED in codes
        if ending == RETURNED:
            assert EventCode.DELIVERED not in codes
            if name not in NO_RETURN_CODE:
                assert Measure.RETURN_TO_SENDER in {e.measure for e in mine}
        if ending == LOST:
            assert EventCode.DELIVERED not in codes


@pytest.mark.parametrize("name", POSTS)
def test_each_reported_time_is_the_instant_the_event_happened(sandbox, name):
    endings = items_with_every_ending(sandbox, name, base=20_000)
    adapter = adapter_for(sandbox, name)

    events, _ = track_all(adapter, list(endings))

    for event in events:
        carried = sandbox.world.carried(event.tracking_number, name)
        happened = {e.occurred_at for e in carried.life.events}
        assert event.occurred_at.tzinfo is not None
        assert event.occurred_at.astimezone(dt.UTC) in happened


@pytest.mark.parametrize("name", POSTS)
def test_only_what_has_happened_by_the_sandbox_clock_is_reported(sandbox, name):
    number = s10_number(serial(name, 30_000), home(name))
    sandbox.world.register(ItemSpec(number, name, START, home(name), home(name)))
    adapter = adapter_for(sandbox, name)

    early, _ = track_all(adapter, [number])
    sandbox.clock.set(START + dt.timedelta(days=30))
    late, _ = track_all(adapter, [number])

    assert len(early) <= 1
    assert len(late) > len(early)
    assert all(e.occurred_at <= START + dt.timedelta(days=30) for e in late)


@pytest.mark.parametrize("name", POSTS)
def test_an_unregistered_valid_number_lives_the_same_life_every_time(sandbox, name):
    number = s10_number(serial(name, 40_000), home(name), indicator="EE")
    adapter = adapter_for(sandbox, name)
    sandbox.clock.set(START + dt.timedelta(days=20))

    first, missing = track_all(adapter, [number])
    again, _ = track_all(adapter, [number])

    assert missing == []
    assert first and first == again


@pytest.mark.parametrize("name", POSTS)
def test_an_invalid_number_is_not_found(sandbox, name):
    adapter = adapter_for(sandbox, name)

    events, missing = track_all(adapter, ["RR123456789" + home(name)])

    assert (events, missing) == ([], ["RR123456789" + home(name)])


@pytest.mark.parametrize("name", POSTS)
def test_missing_credentials_are_our_mistake(sandbox, name):
    adapter = adapter_for(sandbox, name, credentials=Credentials())

    with pytest.raises(BadRequest):
        adapter.track([s10_number(1, home(name))])


@pytest.mark.parametrize("name", POSTS)
def test_rate_limit_gives_partner_unavailable_with_retry_after(sandbox, name):
    sandbox.faults.set(name, Faults(rate_limit=7))

    with pytest.raises(PartnerUnavailable) as caught:
        adapter_for(sandbox, name).track([s10_number(1, home(name))])

    assert caught.value.retry_after == 7.0
    assert "(HTTP 429)" in caught.value.message


@pytest.mark.parametrize("name", POSTS)
def test_server_errors_give_partner_unavailable(sandbox, name):
    sandbox.faults.set(name, Faults(error=503))

    with pytest.raises(PartnerUnavailable) as caught:
        adapter_for(sandbox, name).track([s10_number(1, home(name))])

    assert "(HTTP 503)" in caught.value.message


@pytest.mark.parametrize("name", POSTS)
def test_a_hanging_partner_times_out_as_unavailable(sandbox, name):
    sandbox.faults.set(name, Faults(timeout=1.0))
    adapter = adapter_for(sandbox, name, timeout=0.2)

    with pytest.raises(PartnerUnavailable) as caught:
        adapter.track([s10_number(1, home(name))])

    assert caught.value.message.endswith("did not answer within 0.2 seconds.")


@pytest.mark.parametrize("kind", ["truncated", "html", "empty"])
@pytest.mark.parametrize("name", POSTS)
def test_garbled_bodies_give_malformed_response(sandbox, name, kind):
    number = s10_number(serial(name, 50_000), home(name))
    sandbox.world.register(ItemSpec(number, name, LONG_AGO, home(name), home(name)))
    sandbox.faults.set(name, Faults(malformed=kind))

    with pytest.raises(MalformedResponse):
        adapter_for(sandbox, name).track([number])


@pytest.mark.parametrize("switch", ["duplicates", "out_of_order", "delay"])
@pytest.mark.parametrize("name", POSTS)
def test_repeated_reordered_or_slow_answers_give_the_same_events(sandbox, name, switch):
    number = s10_number(serial(name, 60_000), home(name))
    sandbox.world.register(ItemSpec(number, name, LONG_AGO, home(name), home(name)))
    adapter = adapter_for(sandbox, name)
    clean, _ = track_all(adapter, [number])
    value = 0.05 if switch == "delay" else True
    sandbox.faults.set(name, Faults(**{switch: value}))

    faulty, _ = track_all(adapter, [number])

    assert set(faulty) == set(clean)
    assert len(faulty) >= len(clean)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "The body must be a JSON object."),
        ({}, 'The body needs an "items" list of objects.'),
        ({"items": ["x"]}, "Item 0 is not an object."),
        ({"items": [{"partner": "dhl"}]}, "Item 0: tracking_number is required."),
        (
            {"items": [{"tracking_number": "RR123456785DE", "partner": "nope"}]},
            "Item 0: partner must be one of {posts}; got 'nope'.",
        ),
        (
            {"items": [{"tracking_number": "RR1", "partner": "dhl", "leg": "up"}]},
            "Item 0: leg must be outbound or return; got 'up'.",
        ),
        (
            {"items": [{"tracking_number": "RR1", "partner": "dhl", "origin": "XXX"}]},
            "Item 0: origin must be a two-letter country code; got 'XXX'.",
        ),
        (
            {
                "items": [
                    {
                        "tracking_number": "RR1",
                        "partner": "dhl",
                        "posted_at": "2026-12-01T10:00:00",
                    }
                ]
            },
            "Item 0: posted_at needs a UTC offset; got '2026-12-01T10:00:00'.",
        ),
        (
            {"items": [{"tracking_number": "RR1", "partner": "dhl", "colour": "red"}]},
            "Item 0: unknown field 'colour'.",
        ),
    ],
)
def test_item_registration_refuses_bad_bodies_with_the_reason(sandbox, body, message):
    answer = requests.post(f"{sandbox.url}/_sandbox/items", json=body, timeout=5)

    assert answer.status_code == 400
    assert answer.json() == {"error": message.format(posts=", ".join(POSTS))}


def test_items_registered_over_http_are_tracked(sandbox):
    number = s10_number(70_000, "MY")
    body = {
        "items": [
            {
                "tracking_number": number,
                "partner": "posmalaysia",
                "leg": "return",
                "origin": "MY",
                "destination": "MY",
                "posted_at": LONG_AGO.isoformat(),
            }
        ]
    }

    answer = requests.post(f"{sandbox.url}/_sandbox/items", json=body, timeout=5)
    events, _ = track_all(adapter_for(sandbox, "posmalaysia"), [number])

    assert answer.status_code == 201
    assert events[0].occurred_at == LONG_AGO


def test_faults_are_set_and_cleared_over_http(sandbox):
    url = f"{sandbox.url}/_sandbox/faults"

    set_ = requests.post(url, json={"partner": "dhl", "rate_limit": 30}, timeout=5)
    refused = requests.post(url, json={"partner": "dhl", "error": 404}, timeout=5)
    cleared = requests.delete(url, timeout=5)

    assert set_.json()["faults"]["dhl"]["rate_limit"] == 30.0
    assert refused.json() == {"error": "error must be a 5xx status, got 404."}
    assert cleared.json() == {"faults": {}}


def test_the_clock_is_moved_over_http(sandbox):
    answer = requests.post(
        f"{sandbox.url}/_sandbox/clock", json={"advance_minutes": 90}, timeout=5
    )

    assert answer.json()["now"] == (START + dt.timedelta(minutes=90)).isoformat()


class Receiver:
    """A tiny OVS stand-in that records raw callback bodies and their headers."""

    def __init__(self, status: int = 200):
        self.status = status
        self.calls: list[tuple[dict, bytes]] = []
        self.server = make_server("127.0.0.1", 0, self.app)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/api/v1/partners/kul/events"

    @Request.application
    def app(self, request):
        self.calls.append((dict(request.headers), request.get_data()))
        return Response("{}", status=self.status, content_type="application/json")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


def verify(headers: dict, body: bytes, secret: str) -> bool:
    parts = dict(p.split("=", 1) for p in headers["Ovs-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    fresh = abs(time.time() - int(parts["t"])) < 300
    return fresh and hmac.compare_digest(expected, parts["v1"])


def register_for_push(sandbox, code: str, base: int) -> str:
    number = s10_number(base, "MY")
    spec = ItemSpec(number, "posmalaysia", LONG_AGO, "MY", "MY", partner_code=code)
    sandbox.world.register(spec)
    return number


def test_callbacks_arrive_signed_over_the_raw_body(sandbox, receiver):
    number = register_for_push(sandbox, "kul-post", 80_000)
    requests.post(
        f"{sandbox.url}/_sandbox/callbacks",
        json={"partner": "kul-post", "url": receiver.url, "secret": "s3cret"},
        timeout=5,
    )

    pushed = sandbox.pusher.push_due()
    again = sandbox.pusher.push_due()
    sandbox.pusher.set_target("kul-post", None)

    ((headers, body),) = receiver.calls
    events = json.loads(body)["events"]
    life_events = sandbox.world.carried(number, "posmalaysia").life.events
    assert verify(headers, body, "s3cret")
    assert not verify(headers, body, "another secret")
    assert (pushed, again) == (len(life_events), 0)
    assert [e["code"] for e in events] == [e.code.value for e in life_events]
    assert {e["tracking_number"] for e in events} == {number}
    first = dt.datetime.fromisoformat(events[0]["time"])
    assert first == LONG_AGO and first.utcoffset() == dt.timedelta(hours=8)


def test_refused_callbacks_are_sent_again(sandbox, receiver):
    register_for_push(sandbox, "kul-retry", 81_000)
    receiver.status = 503
    sandbox.pusher.set_target("kul-retry", _target(receiver))

    refused = sandbox.pusher.push_due()
    receiver.status = 200
    accepted = sandbox.pusher.push_due()
    sandbox.pusher.set_target("kul-retry", None)

    assert refused == 0
    assert accepted > 0
    assert len(receiver.calls) == 2
    assert receiver.calls[0][1] == receiver.calls[1][1]


def test_duplicate_fault_repeats_pushed_events(sandbox, receiver):
    register_for_push(sandbox, "kul-dup", 82_000)
    sandbox.faults.set("posmalaysia", Faults(duplicates=True))
    sandbox.pusher.set_target("kul-dup", _target(receiver))

    pushed = sandbox.pusher.push_due()
    sandbox.pusher.set_target("kul-dup", None)

    events = json.loads(receiver.calls[0][1])["events"]
    assert len(events) == 2 * pushed


def _target(receiver):
    return CallbackTarget(receiver.url, "s3cret")


def test_the_handover_client_registers_items_and_reports_refusals(sandbox):
    number = s10_number(90_000, "MY")
    item = HandedOver(number, "posmalaysia", "kul-post", "outbound", "MY", "MY", START)

    registered = register_items(sandbox.url, [item])
    with pytest.raises(BadRequest) as caught:
        register_items(sandbox.url, [dataclasses.replace(item, leg="sideways")])

    assert registered == 1
    assert sandbox.world.carried(number, "posmalaysia").spec.partner_code == "kul-post"
    assert caught.value.message == (
        "The partner sandbox refused the items: "
        "Item 0: leg must be outbound or return; got 'sideways'."
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "postnl",
            "PostNL refused our API key: Invalid ApiKey. "
            "Check the postnl api_key credential.",
        ),
        (
            "canadapost",
            "Canada Post refused our API key: E002 AAA Authentication Failure. "
            "Check the canadapost username and password credentials.",
        ),
        (
            "dhl",
            "DHL refused our API key: Unauthorized: Unauthorized for given resource. "
            "Check the dhl api_key credential.",
        ),
        (
            "posmalaysia",
            "Pos Malaysia refused our token: The provided token is invalid or "
            "expired. Check the posmalaysia token credential.",
        ),
    ],
)
def test_wrong_credentials_are_an_authentication_failure(sandbox, name, message):
    wrong = Credentials(
        dict.fromkeys(("api_key", "username", "password", "token"), "wrong")
    )
    adapter = adapter_for(sandbox, name, credentials=wrong)

    with pytest.raises(AuthenticationFailed) as caught:
        adapter.track([s10_number(1, home(name))])

    assert caught.value.message == message


def outbound_with_ending(sandbox, wanted: str, base: int) -> str:
    """Register an outbound item whose life ends as wanted; return its number."""
    for n in range(base, base + 2000):
        number = s10_number(n, "MY")
        spec = ItemSpec(number, "posmalaysia", LONG_AGO, "MY", "MY")
        if life(spec, sandbox.world.seed).ending == wanted:
            sandbox.world.register(spec)
            return number
    raise AssertionError(f"no {wanted} item in range")


def test_a_return_envelope_is_posted_after_its_ballot_arrived(sandbox):
    ballot = outbound_with_ending(sandbox, DELIVERED, 100_000)
    envelope = s10_number(110_000, "MY", indicator="RE")
    sandbox.world.register(
        ItemSpec(envelope, "posmalaysia", LONG_AGO, "MY", "MY", "return", None, ballot)
    )
    adapter = adapter_for(sandbox, "posmalaysia")

    events, _ = track_all(adapter, [ballot, envelope])

    arrived = max(e.occurred_at for e in events if e.tracking_number == ballot)
    posted = min(e.occurred_at for e in events if e.tracking_number == envelope)
    assert arrived + dt.timedelta(days=1) <= posted <= arrived + dt.timedelta(days=10)
    ending = sandbox.world.carried(envelope, "posmalaysia").life.ending
    last = [e.code for e in events if e.tracking_number == envelope][-1]
    assert (ending, last == EventCode.DELIVERED) in {(DELIVERED, True), (LOST, False)}


def test_a_return_envelope_whose_ballot_was_lost_is_never_posted(sandbox):
    ballot = outbound_with_ending(sandbox, LOST, 120_000)
    envelope = s10_number(130_000, "MY", indicator="RE")
    sandbox.world.register(
        ItemSpec(envelope, "posmalaysia", LONG_AGO, "MY", "MY", "return", None, ballot)
    )

    events, missing = track_all(adapter_for(sandbox, "posmalaysia"), [envelope])

    assert (events, missing) == ([], [envelope])
