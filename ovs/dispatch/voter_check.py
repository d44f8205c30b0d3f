"""Checking one row of a voter list: each field in turn, every problem in plain words.

A row either becomes the values of a voter, ready to store, or a list of
(field, reason) problems. Nothing here touches the database.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
import pycountry
from email_validator import EmailNotValidError
from email_validator import validate_email

from ovs.postal import addresses
from ovs.postal.addresses import AddressError

REGISTRY_DIGITS = 16
MINIMUM_AGE = 17
EARLIEST_BIRTH = dt.date(1900, 1, 1)
NAME_MAX = 200
_REGISTRY = re.compile(rf"^\d{{{REGISTRY_DIGITS}}}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ADDRESS_COLUMNS = (
    "street_address",
    "city",
    "city_area",
    "postal_code",
    "country_area",
    "subdivision",
)


@dataclass(frozen=True)
class RowRules:
    """What every row of one import is checked against."""

    mission_code: str
    countries: frozenset[str]
    voting_day: dt.date
    today: dt.date
    languages: tuple[str, ...]
    default_language: str


def check_row(cells: dict[str, str], rules: RowRules):
    """The voter values of a row, or the list of (field, reason) problems in it."""
    problems: list[tuple[str, str]] = []
    values: dict = {}
    if cells.get("_extra"):
        problems.append(("row", "the row has more cells than the header has columns"))
    for check in _CHECKS:
        try:
            values.update(check(cells, rules))
        except _Problems as exc:
            problems.extend(exc.problems)
    return problems or values


class _Problems(Exception):
    def __init__(self, *problems: tuple[str, str]):
        self.problems = list(problems)


def _registry_number(cells, rules) -> dict:
    raw = cells.get("registry_number", "")
    if raw.startswith("\x00"):
        raise _Problems(
            (
                "registry_number",
                "registry number is stored as a number in the spreadsheet and has "
                "lost digits; format the column as text",
            )
        )
    value = raw.replace(" ", "")
    if not value:
        raise _Problems(("registry_number", "registry number is missing"))
    if not _REGISTRY.match(value):
        raise _Problems(
            (
                "registry_number",
                f"registry number {raw} is not {REGISTRY_DIGITS} digits",
            )
        )
    return {"registry_number": value}


def _full_name(cells, rules) -> dict:
    name = " ".join(cells.get("full_name", "").split())
    if not name:
        raise _Problems(("full_name", "full name is missing"))
    if len(name) > NAME_MAX:
        raise _Problems(
            ("full_name", f"full name is longer than {NAME_MAX} characters")
        )
    if any(ch.isdigit() for ch in name):
        raise _Problems(("full_name", "full name has digits in it"))
    if not any(ch.isalpha() for ch in name) or any(
        unicodedata.category(ch).startswith("C") for ch in name
    ):
        raise _Problems(("full_name", "full name is not a name"))
    return {"full_name": name}


def _date_of_birth(cells, rules) -> dict:
    raw = cells.get("date_of_birth", "")
    if not raw:
        raise _Problems(("date_of_birth", "date of birth is missing"))
    try:
        if not _DATE.match(raw):
            raise ValueError
        born = dt.date.fromisoformat(raw)
    except ValueError:
        raise _Problems(
            (
                "date_of_birth",
                f"date of birth {raw} is not a date written YYYY-MM-DD",
            )
        ) from None
    if born > rules.today:
        raise _Problems(("date_of_birth", f"date of birth {raw} is in the future"))
    if born < EARLIEST_BIRTH:
        raise _Problems(("date_of_birth", f"date of birth {raw} is before 1900"))
    if _age_on(born, rules.voting_day) < MINIMUM_AGE:
        raise _Problems(
            (
                "date_of_birth",
                f"born {raw}, the voter is under {MINIMUM_AGE} on voting day "
                f"{rules.voting_day.isoformat()}",
            )
        )
    return {"date_of_birth": born}


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _address(cells, rules) -> dict:
    raw_country = cells.get("country", "")
    try:
        country = addresses.country_code(raw_country)
    except AddressError as exc:
        raise _Problems(*exc.problems) from None
    if country not in rules.countries:
        served = ", ".join(sorted(rules.countries)) or "no country"
        raise _Problems(
            (
                "country",
                f"country {country} is not served by mission {rules.mission_code} "
                f"(it serves {served})",
            )
        )
    fields = {name: cells.get(name, "") for name in _ADDRESS_COLUMNS}
    try:
        address = addresses.validate(country, fields)
    except AddressError as exc:
        raise _Problems(*exc.problems) from None
    subdivision = address.pop("subdivision", None)
    postcode = address.get("postal_code")
    return {
        "country": country,
        "subdivision": subdivision,
        "address": address,
        "postal_code": _compact(postcode) if postcode else None,
    }


def _compact(postcode: str) -> str:
    return postcode.replace(" ", "").replace("-", "").upper()


def _email(cells, rules) -> dict:
    raw = cells.get("email", "")
    if not raw:
        return {"email": None}
    try:
        found = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise _Problems(
            ("email", f"email {raw} is not a valid email address")
        ) from None
    return {"email": found.normalized}


def _phone(cells, rules) -> dict:
    raw = cells.get("phone", "")
    if not raw:
        return {"phone": None}
    if not raw.lstrip().startswith(("+", "00")):
        raise _Problems(
            (
                "phone",
                f"phone {raw} is not in international form; start it with + and "
                "the country code (like +60 12 345 6789)",
            )
        )
    try:
        number = phonenumbers.parse(
            "+" + raw.strip()[2:] if raw.strip().startswith("00") else raw, None
        )
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise _Problems(("phone", f"phone {raw} is not a valid phone number"))
    return {
        "phone": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    }


def _language(cells, rules) -> dict:
    raw = cells.get("language", "")
    code = raw.strip().lower()
    if not code:
        return {"language": rules.default_language}
    if code in rules.languages or (
        len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None
    ):
        return {"language": code}
    raise _Problems(
        (
            "language",
            f"language {raw} is not an ISO 639-1 language code (like "
            f"{' or '.join(sorted(rules.languages))})",
        )
    )


_CHECKS = (
    _registry_number,
    _full_name,
    _date_of_birth,
    _address,
    _email,
    _phone,
    _language,
)
