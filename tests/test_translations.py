"""The Indonesian and English catalogs are complete, compiled and current."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ovs.web.i18n import TRANSLATIONS
from ovs.web.i18n import catalog_languages

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["id", "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def entries(language):
    return [message for message in catalog(language) if message.id]


def strings(message) -> list[str]:
    text = message.string
    return list(text) if isinstance(text, tuple | list) else [text]


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation(language):
    empty = [ids(m)[0] for m in entries(language) if not all(strings(m))]
    assert empty == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = [
        ids(m)[0]
        for m in entries(language)
        if any(
            set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(ids(m)[0]))
            for text in strings(m)
        )
    ]
    assert wrong == []


def test_every_message_in_the_code_is_in_the_catalogs():
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
    keywords["lazy_gettext"] = None
    method_map = [
        ("ovs/portal/**.py", "python"),
        ("ovs/notify/**.py", "python"),
        ("ovs/web/portal.py", "python"),
        ("templates/base.html", "jinja2"),
        ("templates/portal/**.html", "jinja2"),
    ]
    found = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(str(ROOT), method_map, keywords=keywords)
    }
    known = {ids(m)[0] for m in entries("id")}
    assert sorted(found - known) == []


def test_the_extraction_config_names_the_same_files():
    config = (ROOT / "ovs" / "babel.cfg").read_text()
    for pattern in ("ovs/portal/**.py", "ovs/notify/**.py", "templates/portal/**.html"):
        assert pattern in config


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_compiled_catalog_matches_its_source(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.mo", "rb") as mo:
        compiled = {tuple(ids(m)): tuple(strings(m)) for m in read_mo(mo) if m.id}
    source = {tuple(ids(m)): tuple(strings(m)) for m in entries(language)}
    assert compiled == source


def test_a_new_catalog_is_a_new_language(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog("en"))
    assert catalog_languages("en", (), tmp_path) == ["en", "fr"]
    assert catalog_languages("en", ["id", "en"]) == ["id", "en"]
    assert catalog_languages("en", ["de", "en"]) == ["en", "id"]
