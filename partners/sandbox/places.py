"""Where simulated items travel: a few cities per country with their regions."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A city with a mail centre; ``region`` picks the time zone where it matters."""

    city: str
    region: str | None = None

    @property
    def label(self) -> str:
        """The place as posts print it: ``Ottawa, ON`` or ``Utrecht``."""
        return f"{self.city}, {self.region}" if self.region else self.city


PLACES: dict[str, tuple[Place, ...]] = {
    "AU": (Place("Canberra", "ACT"), Place("Sydney", "NSW"), Place("Melbourne", "VIC")),
    "CA": (Place("Ottawa", "ON"), Place("Toronto", "ON"), Place("Vancouver", "BC")),
    "DE": (Place("Berlin"), Place("Frankfurt"), Place("Leipzig")),
    "GB": (Place("London"), Place("Manchester"), Place("Birmingham")),
    "HK": (Place("Hong Kong"), Place("Kowloon")),
    "ID": (Place("Jakarta"), Place("Surabaya")),
    "JP": (Place("Tokyo"), Place("Osaka"), Place("Nagoya")),
    "MY": (
        Place("Kuala Lumpur"),
        Place("Shah Alam"),
        Place("Johor Bahru"),
        Place("Kota Kinabalu", "SABAH"),
    ),
    "NL": (Place("Den Haag"), Place("Amsterdam"), Place("Utrecht")),
    "SA": (Place("Jeddah"), Place("Riyadh")),
    "SG": (Place("Singapore"),),
    "TW": (Place("Taipei"), Place("Kaohsiung")),
    "US": (Place("Washington", "DC"), Place("New York", "NY")),
}


def places(country: str) -> tuple[Place, ...]:
    """The cities of a country the sandbox knows, or its capital by code."""
    return PLACES.get(country.upper(), (Place(country.upper()),))


def region_of(label: str | None) -> str | None:
    """The region part of a place label, if it has one."""
    if not label or ", " not in label:
        return None
    return label.rsplit(", ", 1)[1]
