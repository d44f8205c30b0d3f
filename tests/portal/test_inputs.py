"""The look-up form reads what people type, and says exactly what is wrong."""

import datetime as dt

import pytest
from flask_babel import force_locale

from ovs.portal import inputs
from tests.conftest import make_test_app
from tests.factories import s10_number

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def plain_app():
    """An app for translated messages; these tests touch no database."""
    return make_test_app("sqlite://")


@pytest.fixture(autouse=True)
def _context(plain_app):
    with plain_app.test_request_context(), force_locale("en"):
        yield


@pytest.mark.parametrize(
    "typed",
    [
        "31-12-1990",
        "31/12/1990",
        "1990-12-31",
        "31.12.1990",
        "31 Dec 1990",
        "31 December 1990",
        "31 Des 1990",
        "31 desember 1990",
        " 31-12-1990 ",
        "31 dec. 1990",
    ],
)
def test_dates_of_birth_in_common_forms_are_read(typed):
    assert inputs.date_of_birth(typed, TODAY) == dt.date(1990, 12, 31)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your date of birth."),
        ("   ", "Enter your date of birth."),
        ("31-02-1990", "That date does not exist. Check the day and the month."),
        ("30/13/1990", "That date does not exist. Check the day and the month."),
        ("1990-02-30", "That date does not exist. Check the day and the month."),
        (
            "yesterday",
            "Enter your date of birth as day, month and year, like 31-12-1990.",
        ),
        (
            "31 Smarch 1990",
            "Enter your date of birth as day, month and year, like 31-12-1990.",
        ),
        (
            "12-31-90",
            "Enter your date of birth as day, month and year, like 31-12-1990.",
        ),
        ("01-01-1899", "Enter a date of birth between 1900 and today."),
        ("01-01-2030", "Enter a date of birth between 1900 and today."),
    ],
)
def test_bad_dates_of_birth_say_what_to_fix(typed, message):
    with pytest.raises(inputs.FieldInvalid) as caught:
        inputs.date_of_birth(typed, TODAY)
    assert caught.value.field == "date_of_birth"
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("3171 0123 4567 8901", "3171012345678901"),
        ("3171-0123-4567-8901", "3171012345678901"),
        ("ab12.cd34", "AB12CD34"),
    ],
)
def test_registry_numbers_lose_spaces_dashes_and_case(typed, clean):
    assert inputs.registry_number(typed) == clean


REGISTRY_FORMAT = (
    "A voter registry number has only digits and letters, 4 to 32 of them."
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your voter registry number."),
        ("1" * 10_240, REGISTRY_FORMAT),
        ("<script>alert(1)</script>", REGISTRY_FORMAT),
        ("1' OR '1'='1", REGISTRY_FORMAT),
        ("12", REGISTRY_FORMAT),
    ],
)
def test_bad_registry_numbers_say_what_to_fix(typed, message):
    with pytest.raises(inputs.FieldInvalid) as caught:
        inputs.registry_number(typed)
    assert caught.value.message == message


def test_tracking_numbers_are_normalised_and_checked():
    number = s10_number("RR", 12345678, "MY")
    typed = f" {number[:2].lower()} {number[2:5]}-{number[5:8]} {number[8:11]} my"
    assert inputs.tracking_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the tracking number printed on your envelope."),
        (
            "RR123456780MY",
            "This tracking number does not add up: a character was probably "
            "mistyped. Compare it with your envelope.",
        ),
        (
            "<b>RR</b>",
            "A tracking number looks like RR 123 456 785 MY: check your envelope.",
        ),
        (
            "R" * 10_240,
            "A tracking number looks like RR 123 456 785 MY: check your envelope.",
        ),
    ],
)
def test_bad_tracking_numbers_say_what_to_fix(typed, message):
    with pytest.raises(inputs.FieldInvalid) as caught:
        inputs.tracking_number(typed)
    assert caught.value.message == message


def test_a_partner_number_that_is_not_s10_is_accepted():
    assert inputs.tracking_number("jp-1234 5678 9012") == "JP123456789012"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the postcode your ballot was sent to."),
        ("50450; DROP TABLE voter", "A postcode has only letters, digits and spaces."),
    ],
)
def test_bad_postcodes_say_what_to_fix(typed, message):
    with pytest.raises(inputs.FieldInvalid) as caught:
        inputs.postcode(typed)
    assert caught.value.message == message


def test_postcodes_are_compared_without_spaces_or_case():
    assert inputs.postcode(" sw1a 1aa ") == "SW1A1AA"
