"""UPU S10 item identifiers: two letters, eight digits, a check digit, a country.

The check digit weights the eight serial digits by 8 6 4 2 3 5 9 7, takes the sum
modulo 11 and subtracts it from 11; 10 becomes 0 and 11 becomes 5.

The two letters in front (the service indicator) say what kind of item it is. The
S10 standard gives some ranges a meaning everywhere: RA-RZ registered letters,
EA-EZ EMS, LA-LZ express letters, and others for parcels, M bags, reply mail or
domestic use, while some are reserved. A ballot goes abroad as a letter, so only
the first three kinds may carry one (``international_use``).
"""

import re
from dataclasses import dataclass

import pycountry

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_SHAPE = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")
_NOISE = re.compile(r"[\s\-.]")


class S10Error(ValueError):
    """A text that is not a valid S10 number; the message says what is wrong."""


@dataclass(frozen=True)
class S10:
    """A parsed S10 number."""

    service_indicator: str
    serial: str
    check: int
    country: str

    def __str__(self) -> str:
        return f"{self.service_indicator}{self.serial}{self.check}{self.country}"

    @property
    def grouped(self) -> str:
        """The UPU human-readable form: ``RR 123 456 785 MY``."""
        digits = f"{self.serial}{self.check}"
        return (
            f"{self.service_indicator} {digits[0:3]} {digits[3:6]} {digits[6:9]} "
            f"{self.country}"
        )


def check_digit(serial: str) -> int:
    """The UPU check digit for an eight-digit serial number."""
    if len(serial) != 8 or not serial.isdigit():
        raise S10Error(f"A serial number has eight digits; got {serial!r}.")
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def normalise(text: str) -> str:
    """Upper case, without the spaces, dashes and dots people and scanners add."""
    return _NOISE.sub("", text or "").upper()


def parse(text: str) -> S10:
    """Parse an S10 number as typed or scanned; raise S10Error saying what is wrong."""
    value = normalise(text)
    if len(value) != 13:
        raise S10Error(
            f"A tracking number has 13 characters (like RR123456785MY); "
            f"this one has {len(value)}."
        )
    if not value[:2].isalpha():
        raise S10Error("A tracking number starts with two letters.")
    if not value[2:11].isdigit():
        raise S10Error("A tracking number has nine digits after its two letters.")
    if not value[11:].isalpha() or not _SHAPE.match(value):
        raise S10Error("A tracking number ends with a two-letter country code.")
    if pycountry.countries.get(alpha_2=value[11:]) is None:
        raise S10Error(f"{value[11:]} is not an ISO 3166-1 country code.")
    serial, check = value[2:10], int(value[10])
    if check_digit(serial) != check:
        raise S10Error(
            "The check digit does not match: the number was probably mistyped."
        )
    return S10(value[:2], serial, check, value[11:])


def is_valid(text: str) -> bool:
    """Whether a text is a valid S10 number."""
    try:
        parse(text)
    except S10Error:
        return False
    return True


def make(service_indicator: str, serial: int, country: str) -> S10:
    """Build the S10 number for a serial within a range."""
    digits = f"{serial:08d}"
    return S10(service_indicator.upper(), digits, check_digit(digits), country.upper())


class ServiceIndicatorError(S10Error):
    """A service indicator that cannot be used on an international ballot item."""


# Each S10 range as (first, last, what it is for, usable for an international
# ballot letter). Letters not listed are unassigned by the standard.
_RANGES = (
    ("RA", "RZ", "registered letter", True),
    ("EA", "EZ", "EMS", True),
    ("LA", "LZ", "express letter", True),
    ("AV", "AZ", "domestic, bilateral or multilateral use only", False),
    ("BA", "BZ", "domestic, bilateral or multilateral use only", False),
    ("DA", "DZ", "domestic, bilateral or multilateral use only", False),
    ("GA", "GA", "domestic, bilateral or multilateral use only", False),
    ("GD", "GD", "domestic, bilateral or multilateral use only", False),
    ("NA", "NZ", "domestic, bilateral or multilateral use only", False),
    ("PA", "PZ", "domestic, bilateral or multilateral use only", False),
    ("ZA", "ZZ", "domestic, bilateral or multilateral use only", False),
    ("JA", "JZ", "reserved by the UPU", False),
    ("KA", "KZ", "reserved by the UPU", False),
    ("QN", "QZ", "reserved by the UPU", False),
    ("SA", "SZ", "reserved by the UPU", False),
    ("TA", "TZ", "reserved by the UPU", False),
    ("WA", "WZ", "reserved by the UPU", False),
    ("XA", "XZ", "reserved by the UPU", False),
    ("YA", "YZ", "reserved by the UPU", False),
    ("CA", "CZ", "parcel post", False),
    ("HA", "HZ", "e-commerce parcels", False),
    ("MA", "MZ", "M bags of printed papers", False),
    ("QA", "QM", "international business reply mail", False),
    ("UA", "UZ", "letters under customs control", False),
    ("VA", "VZ", "insured letters", False),
)
_BALLOT_KINDS = "registered letters (RA-RZ), EMS (EA-EZ) or express letters (LA-LZ)"


def international_use(indicator: str) -> str:
    """The kind of international letter an indicator stands for ("EMS").

    Raises ServiceIndicatorError saying why when the S10 standard keeps the
    indicator for something else, for domestic use, or reserves it.
    """
    code = normalise(indicator)
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        raise ServiceIndicatorError(
            f"A service indicator is two letters (like RR); got {indicator!r}."
        )
    for first, last, use, allowed in _RANGES:
        if first <= code <= last:
            if allowed:
                return use
            return _refuse(code, use)
    return _refuse(code, "not assigned by the S10 standard")


def _refuse(code: str, use: str):
    if use.startswith(("reserved", "not assigned")):
        reason = f"{code} is {use}"
    else:
        reason = f"{code} is for {use}"
    raise ServiceIndicatorError(f"{reason}; ballots abroad go as {_BALLOT_KINDS}.")
