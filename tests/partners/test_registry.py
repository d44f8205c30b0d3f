"""The registry finds each adapter by name."""

import pytest

import partners
from partners.base import Adapter


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
