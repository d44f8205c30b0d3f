"""The language of each page: an explicit switch, the voter's record, the browser."""

from flask import current_app
from flask import g
from flask import request
from flask import session


def select_locale() -> str:
    """Pick the page language from the switch, the voter record or the browser."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    voter_language = getattr(g, "voter_language", None)
    if voter_language in languages:
        return voter_language
    return request.accept_languages.best_match(languages) or languages[0]
