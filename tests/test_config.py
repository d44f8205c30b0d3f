"""Settings: defaults, environment overrides and refusals."""

import pytest

from config import Config
from config import ConfigError
from ovs import create_app


def test_environment_overrides_defaults_by_type():
    settings = Config.from_env(
        {
            "OVS_POLL_TICK_SECONDS": "5",
            "OVS_WEBHOOK_ALLOW_PRIVATE": "yes",
            "OVS_LANGUAGES": "id, en, ms",
            "OVS_SECRET_KEY": "abc",
        }
    )
    assert settings["POLL_TICK_SECONDS"] == 5
    assert settings["WEBHOOK_ALLOW_PRIVATE"] is True
    assert settings["LANGUAGES"] == ["id", "en", "ms"]
    assert settings["SECRET_KEY"] == "abc"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "OVS_POLL_TICK_SECONDS",
            "often",
            "OVS_POLL_TICK_SECONDS must be a whole number",
        ),
        ("OVS_SCHEDULER_IN_WEB", "maybe", "OVS_SCHEDULER_IN_WEB must be true or false"),
    ],
)
def test_unparseable_setting_names_the_variable(name, value, message):
    with pytest.raises(ConfigError, match=message):
        Config.from_env({name: value})


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigError, match="OVS_SECRET_KEY is the development default"):
        create_app({"ENV": "production", "DATABASE_URL": "sqlite://"})


def test_production_starts_with_its_own_secret_key():
    app = create_app(
        {"ENV": "production", "SECRET_KEY": "x" * 64, "DATABASE_URL": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "OVS_DATABASE_URL is not a database URL"),
        ("mysql://root@localhost/ovs", "OVS runs on sqlite or postgresql"),
    ],
)
def test_bad_database_url_is_refused_in_one_line(url, message):
    with pytest.raises(ConfigError, match=message) as caught:
        create_app({"DATABASE_URL": url})
    assert "\n" not in caught.value.message


def test_postgres_url_gets_the_psycopg_driver():
    app = create_app({"DATABASE_URL": "postgresql://ovs@db.internal:5432/ovs"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
