"""Fixtures for the tracking engine: the fake post registered and serving."""

import pytest

import partners
from ovs.tracking import poller
from tests.tracking import fake_post


@pytest.fixture(autouse=True)
def fake_registered(monkeypatch):
    """The fake post's adapter, registered; token buckets start full."""
    monkeypatch.setitem(partners.REGISTRY, fake_post.NAME, fake_post.MODULE)
    poller._BUCKETS.clear()


@pytest.fixture
def fake_server():
    """The fake post's HTTP server on an ephemeral port."""
    with fake_post.FakePostServer() as server:
        yield server
