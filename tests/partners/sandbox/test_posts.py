"""Each adapter, over real HTTP, against its fake post in the sandbox."""

import datetime as dt
import importlib

import pytest

import partners
from ovs.postal.events import EventCode
from ovs.postal.events import Measure
from partners import credentials
from partners.base import AuthenticationFailed
from partners.base import BadRequest
from partners.base import Credentials
from tests.partners.conftest import TinyWorld
from tests.partners.conftest import life

# Each post: a delivered item, a returned item, a number the world does not know.
CASES = {
    "upu": ("RR123456785SA", "RR876543216SA", "CP111111115SA", "Jeddah", "SA"),
    "usps": ("RR123456785US", "RR876543216US", "CP111111115US", "Chicago, IL", "US"),
    "auspost": ("RR123456785AU", "RR876543216AU", "CP111111115AU", "KEW VIC", "AU"),
    "royalmail": ("RR123456785GB", "RR876543216GB", "CP111111115GB", "Leeds", "GB"),
}


def world_for(name: str) -> TinyWorld:
    delivered, returned, _, city, country = CASES[name]
    return TinyWorld(
        {
            delivered: life(country, city),
            returned: life(country, city, returned=True),
        }
    )


def start(serve, name: str, world: TinyWorld, creds: Credentials | None = None):
    post = importlib.import_module(f"partners.sandbox.posts.{name}")
    base_url = serve(post.blueprint(world), prefix=f"/{name}")
    adapter_class = partners.get(name)
    chosen = creds if creds is not None else credentials.sandbox(name)
    return adapter_class(base_url, chosen, {"country": CASES[name][4]}, timeout=5)


@pytest.mark.parametrize("name", sorted(CASES))
def test_delivered_item_arrives_as_upu_events_at_the_right_instants(serve, name):
    world = world_for(name)
    delivered = CASES[name][0]
    adapter = start(serve, name, world)

    result = adapter.track([delivered])

    by_instant = {e.occurred_at: e for e in result.events}
    expected = world.events(delivered)
    assert sorted(by_instant) == sorted(e.occurred_at for e in expected)
    for simulated in expected:
        parsed = by_instant[simulated.occurred_at]
        assert parsed.tracking_number == delivered
        assert parsed.code in (simulated.code, None)
    assert EventCode.DELIVERED in {e.code for e in result.events}
    assert result.not_found == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_unknown_number_is_not_found(serve, name):
    unknown = CASES[name][2]
    adapter = start(serve, name, world_for(name))

    result = adapter.track([unknown])

    assert result.events == []
    assert result.not_found == [unknown]


@pytest.mark.parametrize("name", ["upu", "usps", "auspost"])
def test_return_to_sender_keeps_its_measure(serve, name):
    returned = CASES[name][1]
    adapter = start(serve, name, world_for(name))

    result = adapter.track([returned])

    attempts = [e for e in result.events if e.code == EventCode.DELIVERY_ATTEMPTED]
    assert [e.measure for e in attempts] == [Measure.RETURN_TO_SENDER]


def test_royal_mail_return_is_kept_unmapped_with_its_words(serve):
    returned = CASES["royalmail"][1]
    adapter = start(serve, "royalmail", world_for("royalmail"))

    result = adapter.track([returned])

    last = max(result.events, key=lambda e: e.occurred_at)
    assert (last.code, last.partner_code, last.description) == (
        None,
        "EMH",
        "Delivery attempted",
    )


@pytest.mark.parametrize("name", ["upu", "auspost"])
def test_batches_mix_found_and_unknown_numbers(serve, name):
    delivered, returned, unknown, _, _ = CASES[name]
    adapter = start(serve, name, world_for(name))

    result = adapter.track([delivered, unknown, returned])

    assert {e.tracking_number for e in result.events} == {delivered, returned}
    assert result.not_found == [unknown]


@pytest.mark.parametrize("name", sorted(CASES))
def test_missing_credentials_are_refused_like_the_real_api(serve, name):
    adapter = start(serve, name, world_for(name), creds=Credentials())

    with pytest.raises(BadRequest) as caught:
        adapter.track([CASES[name][0]])

    assert "OVS_PARTNER_" in caught.value.message


@pytest.mark.parametrize("name", ["upu", "auspost", "royalmail"])
def test_wrong_credentials_are_an_authentication_failure(serve, name):
    wrong = dict.fromkeys(credentials.sandbox(name).values, "wrong")
    adapter = start(serve, name, world_for(name), creds=Credentials(wrong))

    with pytest.raises(AuthenticationFailed, match=r"refused our credentials"):
        adapter.track([CASES[name][0]])


def test_usps_token_is_fetched_once_and_reused(serve):
    adapter = start(serve, "usps", world_for("usps"))

    adapter.track([CASES["usps"][0]])
    token = adapter._token
    adapter.track([CASES["usps"][1]])

    assert token and adapter._token == token


def test_usps_wrong_client_secret_is_refused(serve):
    creds = Credentials({"client_id": "sandbox-usps-client", "client_secret": "no"})
    adapter = start(serve, "usps", world_for("usps"), creds=creds)

    with pytest.raises(AuthenticationFailed, match=r"USPS refused our credentials"):
        adapter.track([CASES["usps"][0]])


def test_usps_times_are_local_with_the_reported_offset(serve):
    adapter = start(serve, "usps", world_for("usps"))

    result = adapter.track([CASES["usps"][0]])

    chicago = [e for e in result.events if e.country == "US"]
    assert chicago
    assert {e.occurred_at.utcoffset() for e in chicago} == {dt.timedelta(hours=-6)}
    assert not any(e.offset_inferred for e in result.events)
