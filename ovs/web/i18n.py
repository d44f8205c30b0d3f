"""The language of each page: an explicit switch, the voter's record, the browser.

The languages on offer are the default one plus every catalog compiled under
``ovs/translations``, in the order ``LANGUAGES`` lists them and then the rest:
adding a language is adding its catalog.
"""

import functools
from pathlib import Path

from babel import Locale
from flask import Flask
from flask import current_app
from flask import g
from flask import has_request_context
from flask import request
from flask import session
from flask_babel import get_locale

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def catalog_languages(
    default: str, preferred=(), directory: Path = TRANSLATIONS
) -> list[str]:
    """The default language and each one with a compiled catalog, preferred first."""
    found = {path.parents[1].name for path in directory.glob("*/LC_MESSAGES/*.mo")}
    available = found | {default}
    ordered = [code for code in preferred if code in available]
    return ordered + sorted(available - set(ordered))


def select_locale() -> str:
    """Pick the page language from the switch, the voter record or the browser."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["DEFAULT_LANGUAGE"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    voter_language = getattr(g, "voter_language", None)
    if voter_language in languages:
        return voter_language
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["DEFAULT_LANGUAGE"]


@functools.cache
def language_name(code: str) -> str:
    """A language's name written in that language: "English", "Indonesia"."""
    return Locale.parse(code).get_display_name(code).capitalize()


def language_choices() -> list[tuple[str, str]]:
    """Each language on offer with its name written in that language."""
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]


def _remember_switch() -> None:
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen


def init_app(app: Flask) -> None:
    """Offer the catalogs present, remember a switch, expose the choices to pages."""
    app.config["LANGUAGES"] = catalog_languages(
        app.config["DEFAULT_LANGUAGE"], app.config["LANGUAGES"]
    )
    app.before_request(_remember_switch)
    app.jinja_env.globals.update(
        language_choices=language_choices, get_locale=get_locale
    )
