"""Reading what a voter types into the look-up form, forgivingly.

Each reader returns a clean value or raises ``FieldInvalid`` naming the field and
saying, in the voter's language, how to put it right.
"""

import datetime as dt
import re

from flask_babel import lazy_gettext as _l

from ovs.errors import InvalidInput
from ovs.postal import s10

MAX_INPUT = 64
_REGISTRY = re.compile(r"^[A-Z0-9]{4,32}$")
_PARTNER_NUMBER = re.compile(r"^[A-Z0-9]{8,40}$")
_S10_SHAPE = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")
_POSTCODE = re.compile(r"^[A-Z0-9]{2,10}$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/. ](\d{1,2})[-/. ](\d{1,4})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[ -]?([A-Za-z]+)\.?[ -]?(\d{4})$")
_NOISE = re.compile(r"[\s\-./]")

# English and Indonesian month names and their common short forms.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "januari"),
            ("feb", "february", "februari", "peb", "pebruari"),
            ("mar", "march", "maret"),
            ("apr", "april"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "agu", "agt", "agustus", "agus"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november", "nop", "nopember"),
            ("dec", "december", "des", "desember"),
        ),
        start=1,
    )
    for name in names
}

EARLIEST_BIRTH = dt.date(1900, 1, 1)


class FieldInvalid(InvalidInput):
    """One form field that cannot be used; ``field`` names it."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.lazy_message = message


def _present(field: str, raw: str | None, empty_message) -> str:
    text = (raw or "").strip()
    if not text:
        raise FieldInvalid(field, empty_message)
    return text


def registry_number(raw: str | None) -> str:
    """A registry number without spaces, dashes or dots, in upper case."""
    text = _present("registry_number", raw, _l("Enter your voter registry number."))
    value = _NOISE.sub("", text).upper()
    if len(text) > MAX_INPUT or not _REGISTRY.match(value):
        raise FieldInvalid(
            "registry_number",
            _l("A voter registry number has only digits and letters, 4 to 32 of them."),
        )
    return value


def date_of_birth(raw: str | None, today: dt.date | None = None) -> dt.date:
    """A date of birth typed as 31-12-1990, 1990-12-31, 31 Dec 1990 and the like."""
    text = _present("date_of_birth", raw, _l("Enter your date of birth."))
    parts = _date_parts(text[:MAX_INPUT])
    if parts is None:
        raise FieldInvalid(
            "date_of_birth",
            _l("Enter your date of birth as day, month and year, like 31-12-1990."),
        )
    try:
        born = dt.date(*parts)
    except ValueError:
        raise FieldInvalid(
            "date_of_birth",
            _l("That date does not exist. Check the day and the month."),
        ) from None
    today = today or dt.date.today()
    if not EARLIEST_BIRTH <= born <= today:
        raise FieldInvalid(
            "date_of_birth",
            _l("Enter a date of birth between 1900 and today."),
        )
    return born


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from the forms people write, or None."""
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        first, month, last = numeric.groups()
        if len(first) == 4:
            return int(first), int(month), int(last)
        if len(last) == 4:
            return int(last), int(month), int(first)
        return None
    named = _NAMED_DATE.match(text)
    if named:
        day, name, year = named.groups()
        month = MONTHS.get(name.lower())
        if month:
            return int(year), month, int(day)
    return None


def tracking_number(raw: str | None) -> str:
    """A tracking number as stored: an S10 number checked, or a partner's own."""
    text = _present(
        "tracking_number",
        raw,
        _l("Enter the tracking number printed on your envelope."),
    )
    value = s10.normalise(text[: MAX_INPUT * 2])
    if len(text) > MAX_INPUT:
        value = ""
    if _S10_SHAPE.match(value):
        try:
            return str(s10.parse(value))
        except s10.S10Error:
            raise FieldInvalid(
                "tracking_number",
                _l(
                    "This tracking number does not add up: a character was "
                    "probably mistyped. Compare it with your envelope."
                ),
            ) from None
    if not _PARTNER_NUMBER.match(value):
        raise FieldInvalid(
            "tracking_number",
            _l("A tracking number looks like RR 123 456 785 MY: check your envelope."),
        )
    return value


def postcode(raw: str | None) -> str:
    """A postcode in upper case without spaces or dashes, as voters are stored."""
    text = _present("postcode", raw, _l("Enter the postcode your ballot was sent to."))
    value = normalise_postcode(text)
    if len(text) > MAX_INPUT or not _POSTCODE.match(value):
        raise FieldInvalid(
            "postcode",
            _l("A postcode has only letters, digits and spaces."),
        )
    return value


def normalise_postcode(text: str) -> str:
    """A postcode without spaces, dashes or dots, in upper case."""
    return _NOISE.sub("", text).upper()
