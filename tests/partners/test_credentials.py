"""Partner credentials come from the environment or the instance config."""

import pytest

from partners import credentials


def test_environment_variables_become_lower_case_keys():
    environ = {
        "OVS_PARTNER_USPS_CLIENT_ID": "id",
        "OVS_PARTNER_USPS_CLIENT_SECRET": "secret",
        "OVS_PARTNER_AUSPOST_API_KEY": "other partner",
        "OVS_DATABASE_URL": "not a credential",
    }

    loaded = credentials.load("usps", environ)

    assert loaded.values == {"client_id": "id", "client_secret": "secret"}


def test_environment_wins_over_instance_config():
    config = {"royalmail": {"client_id": "from-config", "client_secret": "s"}}
    environ = {"OVS_PARTNER_ROYALMAIL_CLIENT_ID": "from-env"}

    loaded = credentials.load("royalmail", environ, config)

    assert loaded.values == {"client_id": "from-env", "client_secret": "s"}


def test_empty_values_are_ignored():
    loaded = credentials.load(
        "upu", {"OVS_PARTNER_UPU_API_KEY": ""}, {"upu": {"api_key": None}}
    )

    assert loaded.values == {}


def test_a_partner_code_overrides_its_adapter():
    environ = {
        "OVS_PARTNER_UPU_API_KEY": "shared",
        "OVS_PARTNER_SAUDIPOST_API_KEY": "saudi",
        "OVS_PARTNER_UPU_REGION": "west",
    }

    loaded = credentials.for_partner("saudipost", "upu", environ)

    assert loaded.values == {"api_key": "saudi", "region": "west"}


def test_dashes_in_names_become_underscores():
    assert credentials.env_prefix("pos-laju") == "OVS_PARTNER_POS_LAJU_"


@pytest.mark.parametrize("name", ["upu", "usps", "auspost", "royalmail"])
def test_sandbox_credentials_cover_what_each_adapter_reads(name):
    import partners

    needed = set(partners.get(name).credential_names)

    assert needed <= set(credentials.sandbox(name).values)


def test_sandbox_environ_names_each_fake_posts_credentials():
    variables = credentials.sandbox_environ()

    assert variables["OVS_PARTNER_USPS_CLIENT_ID"] == "sandbox-usps-client"
    assert variables["OVS_PARTNER_AUSPOST_ACCOUNT_NUMBER"] == "0001234567"
    assert variables["OVS_PARTNER_UPU_API_KEY"] == "sandbox-upu-key"
    loaded = credentials.for_partner("saudipost", "upu", variables)
    assert loaded.get("api_key") == "sandbox-upu-key"
