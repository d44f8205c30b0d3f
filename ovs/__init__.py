"""OVS: postal ballots for voters abroad, out through partner posts and back in time."""

from flask import Flask

from config import DEFAULT_SECRET_KEY
from config import Config
from config import ConfigError
from ovs import logs
from ovs.database import MIGRATIONS
from ovs.database import normalise_url
from ovs.extensions import babel
from ovs.extensions import csrf
from ovs.extensions import db
from ovs.extensions import login_manager
from ovs.extensions import migrate

__all__ = ["create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the OVS application: settings, extensions, blueprints and commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
    )
    app.config.update(Config.from_env())
    app.config.from_pyfile("ovs.cfg", silent=True)
    if test_config:
        app.config.update(test_config)
    _finish_config(app)
    logs.configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])

    _init_extensions(app)
    _register_web(app)
    _register_cli(app)
    return app


def _finish_config(app: Flask) -> None:
    config = app.config
    if config["ENV"] == "production" and config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise ConfigError(
            "OVS_SECRET_KEY is the development default; production needs its own. "
            "Generate one with: "
            'python -c "import secrets; print(secrets.token_hex(32))"'
        )
    config["SQLALCHEMY_DATABASE_URI"] = normalise_url(config["DATABASE_URL"])
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    config["MAX_CONTENT_LENGTH"] = config["MAX_UPLOAD_MB"] * 1024 * 1024
    config["PERMANENT_SESSION_LIFETIME"] = config["SESSION_LIFETIME_MINUTES"] * 60
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = config["ENV"] == "production"
    config["BABEL_TRANSLATION_DIRECTORIES"] = "translations"
    config["BABEL_DEFAULT_LOCALE"] = config["DEFAULT_LANGUAGE"]
    config["WTF_CSRF_TIME_LIMIT"] = None


def _init_extensions(app: Flask) -> None:
    from ovs.web.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)


def _register_web(app: Flask) -> None:
    from ovs import web

    web.register(app)


def _register_cli(app: Flask) -> None:
    from ovs import cli

    cli.register(app)
