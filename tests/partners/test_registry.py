"""The registry finds each adapter by name."""

import pytest

import partners
from partners.base import Adapter
from partners.base import BadRequest


@pytest.mark.parametrize("name", ["upu", "usps", "auspost", "royalmail"])
def test_each_post_is_registered_under_its_name(name):
    adapter_class = partners.get(name)

    assert issubclass(adapter_class, Adapter)
    assert adapter_class.name == name
    assert adapter_class.documentation
    assert adapter_class.credential_names


def test_an_unknown_name_lists_the_known_ones():
    with pytest.raises(partners.UnknownAdapter, match=r"known: .*auspost.*usps"):
        partners.get("carrier-pigeon")


def test_a_partner_setting_overrides_the_request_quota():
    adapter = partners.get("usps")(
        "http://usps.test", settings={"requests_per_minute": 1}
    )

    assert adapter.requests_per_minute == 1.0
    assert partners.get("usps").requests_per_minute == 60.0


def test_a_bad_request_quota_setting_is_named():
    with pytest.raises(
        BadRequest, match="requests_per_minute must be a number; got 'x'"
    ):
        partners.get("usps")("http://usps.test", settings={"requests_per_minute": "x"})
