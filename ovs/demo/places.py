"""Missions, partner posts and plausible voter localities for the demo election.

Every value here is synthetic: street names are common ones in each city and
house numbers are drawn at random; no real person's address is used.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Locality:
    """A city a voter may live in, with a postcode pattern that fits it."""

    city: str
    area: str | None
    postcodes: tuple[str, ...]
    streets: tuple[str, ...]
    city_area: str | None = None


@dataclass(frozen=True)
class MissionSpec:
    """One mission of the demo election and the post that serves its country."""

    code: str
    name: str
    country: str
    city: str
    timezone: str
    return_address: dict
    partner_code: str
    partner_name: str
    adapter: str
    weight: int
    localities: tuple[Locality, ...]


MISSIONS: tuple[MissionSpec, ...] = (
    MissionSpec(
        "KUL",
        "KBRI Kuala Lumpur",
        "MY",
        "Kuala Lumpur",
        "Asia/Kuala_Lumpur",
        {
            "street_address": "233 Jalan Tun Razak",
            "city": "Kuala Lumpur",
            "country_area": "Kuala Lumpur",
            "postal_code": "50400",
        },
        "posmalaysia",
        "Pos Malaysia",
        "posmalaysia",
        40,
        (
            Locality(
                "Kuala Lumpur",
                "Kuala Lumpur",
                ("50###", "51###", "52###"),
                (
                    "Jalan Ampang",
                    "Jalan Tun Razak",
                    "Jalan Pudu",
                    "Jalan Raja Laut",
                    "Jalan Ipoh",
                    "Jalan Klang Lama",
                ),
            ),
            Locality(
                "Shah Alam",
                "Selangor",
                ("40###",),
                ("Persiaran Kayangan", "Jalan Plumbum", "Jalan Kristal"),
            ),
            Locality(
                "Petaling Jaya",
                "Selangor",
                ("46###", "47###"),
                ("Jalan SS2", "Jalan Gasing", "Jalan Templer"),
            ),
            Locality(
                "Johor Bahru",
                "Johor",
                ("80###", "81###"),
                ("Jalan Wong Ah Fook", "Jalan Tebrau", "Jalan Skudai"),
            ),
        ),
    ),
    MissionSpec(
        "JED",
        "KJRI Jeddah",
        "SA",
        "Jeddah",
        "Asia/Riyadh",
        {
            "street_address": "Prince Sultan Road, Al Rawdah",
            "city": "Jeddah",
            "postal_code": "23435",
        },
        "saudipost",
        "Saudi Post (SPL)",
        "upu",
        12,
        (
            Locality(
                "Jeddah",
                None,
                ("21###", "23###"),
                (
                    "Prince Sultan Road",
                    "Tahlia Street",
                    "Madinah Road",
                    "King Abdulaziz Road",
                    "Palestine Street",
                ),
            ),
            Locality(
                "Makkah",
                None,
                ("24###",),
                ("Ibrahim Al Khalil Street", "Ajyad Street", "Al Haram Road"),
            ),
        ),
    ),
    MissionSpec(
        "HKG",
        "KJRI Hong Kong",
        "HK",
        "Hong Kong",
        "Asia/Hong_Kong",
        {
            "street_address": "127-129 Leighton Road",
            "city": "Causeway Bay",
            "country_area": "Hong Kong Island",
        },
        "hongkongpost",
        "Hongkong Post",
        "upu",
        14,
        (
            Locality(
                "Causeway Bay",
                "Hong Kong Island",
                (),
                ("Leighton Road", "Hennessy Road", "Percival Street"),
            ),
            Locality(
                "Mong Kok",
                "Kowloon",
                (),
                ("Nathan Road", "Argyle Street", "Sai Yeung Choi Street"),
            ),
            Locality(
                "Tsuen Wan",
                "New Territories",
                (),
                ("Castle Peak Road", "Sha Tsui Road", "Tai Ho Road"),
            ),
        ),
    ),
    MissionSpec(
        "TPE",
        "KDEI Taipei",
        "TW",
        "Taipei",
        "Asia/Taipei",
        {
            "street_address": "6F, No. 550 Ruiguang Rd",
            "city": "Neihu District",
            "country_area": "Taipei City",
            "postal_code": "114",
        },
        "chunghwapost",
        "Chunghwa Post",
        "upu",
        10,
        (
            Locality(
                "Zhongzheng District",
                "Taipei City",
                ("100",),
                ("Zhongshan S. Rd", "Roosevelt Rd", "Hankou St"),
            ),
            Locality(
                "Xinyi District",
                "Taipei City",
                ("110",),
                ("Songren Rd", "Keelung Rd", "Zhongxiao E. Rd"),
            ),
        ),
    ),
    MissionSpec(
        "TYO",
        "KBRI Tokyo",
        "JP",
        "Tokyo",
        "Asia/Tokyo",
        {
            "street_address": "5-2-9 Higashi-Gotanda",
            "city": "Shinagawa-ku",
            "country_area": "Tokyo",
            "postal_code": "141-0022",
        },
        "japanpost",
        "Japan Post",
        "upu",
        8,
        (
            Locality(
                "Minato-ku",
                "Tokyo",
                ("106-00##", "107-00##"),
                ("Roppongi", "Akasaka", "Minami-Aoyama"),
            ),
            Locality(
                "Osaka-shi",
                "Osaka",
                ("530-00##",),
                ("Umeda", "Sonezaki", "Nakanoshima"),
            ),
        ),
    ),
    MissionSpec(
        "SIN",
        "KBRI Singapore",
        "SG",
        "Singapore",
        "Asia/Singapore",
        {
            "street_address": "7 Chatsworth Road",
            "city": "Singapore",
            "postal_code": "249761",
        },
        "singpost",
        "SingPost",
        "upu",
        8,
        (
            Locality(
                "Singapore",
                None,
                ("23####", "52####", "56####", "64####"),
                (
                    "Orchard Road",
                    "Tampines Avenue 5",
                    "Ang Mo Kio Avenue 3",
                    "Jurong West Street 61",
                ),
            ),
        ),
    ),
    MissionSpec(
        "HAG",
        "KBRI Den Haag",
        "NL",
        "The Hague",
        "Europe/Amsterdam",
        {
            "street_address": "Tobias Asserlaan 8",
            "city": "Den Haag",
            "postal_code": "2517 KC",
        },
        "postnl",
        "PostNL",
        "postnl",
        4,
        (
            Locality(
                "Den Haag",
                None,
                ("25## AB", "25## KC"),
                ("Lange Voorhout", "Laan van Meerdervoort", "Javastraat"),
            ),
            Locality(
                "Amsterdam",
                None,
                ("10## AA", "10## BK"),
                ("Damrak", "Kalverstraat", "Overtoom"),
            ),
        ),
    ),
    MissionSpec(
        "WAS",
        "KBRI Washington DC",
        "US",
        "Washington",
        "America/New_York",
        {
            "street_address": "2020 Massachusetts Ave NW",
            "city": "Washington",
            "country_area": "DC",
            "postal_code": "20036",
        },
        "usps",
        "United States Postal Service",
        "usps",
        4,
        (
            Locality(
                "Washington",
                "DC",
                ("200##",),
                ("Connecticut Ave NW", "Wisconsin Ave NW", "K St NW"),
            ),
            Locality(
                "Philadelphia",
                "PA",
                ("191##",),
                ("Market St", "Chestnut St", "Walnut St"),
            ),
            Locality(
                "Houston",
                "TX",
                ("770##",),
                ("Westheimer Rd", "Main St", "Bellaire Blvd"),
            ),
        ),
    ),
    MissionSpec(
        "CBR",
        "KBRI Canberra",
        "AU",
        "Canberra",
        "Australia/Sydney",
        {
            "street_address": "8 Darwin Avenue",
            "city": "Yarralumla",
            "country_area": "ACT",
            "postal_code": "2600",
        },
        "auspost",
        "Australia Post",
        "auspost",
        4,
        (
            Locality(
                "Canberra",
                "ACT",
                ("2600", "2601", "2602"),
                ("Northbourne Ave", "Commonwealth Ave", "Limestone Ave"),
            ),
            Locality("Sydney", "NSW", ("20##",), ("George St", "Pitt St", "Oxford St")),
            Locality(
                "Melbourne",
                "VIC",
                ("30##",),
                ("Collins St", "Bourke St", "Flinders St"),
            ),
        ),
    ),
    MissionSpec(
        "LON",
        "KBRI London",
        "GB",
        "London",
        "Europe/London",
        {
            "street_address": "30 Great Peter Street",
            "city": "London",
            "postal_code": "SW1P 2HW",
        },
        "royalmail",
        "Royal Mail",
        "royalmail",
        3,
        (
            Locality(
                "London",
                None,
                ("SW1A #AA", "W1K #BY", "E1 #AN", "N1 #QP"),
                (
                    "Grosvenor Square",
                    "Baker Street",
                    "Whitechapel Road",
                    "Upper Street",
                ),
            ),
            Locality(
                "Manchester",
                None,
                ("M1 #AD", "M14 #LF"),
                ("Oxford Road", "Deansgate", "Wilmslow Road"),
            ),
        ),
    ),
    MissionSpec(
        "BER",
        "KBRI Berlin",
        "DE",
        "Berlin",
        "Europe/Berlin",
        {
            "street_address": "Lehrter Straße 16-17",
            "city": "Berlin",
            "postal_code": "10557",
        },
        "dhl",
        "Deutsche Post DHL",
        "dhl",
        3,
        (
            Locality(
                "Berlin",
                None,
                ("101##", "105##", "107##"),
                ("Friedrichstraße", "Kantstraße", "Sonnenallee"),
            ),
            Locality(
                "Hamburg",
                None,
                ("200##", "220##"),
                ("Mönckebergstraße", "Reeperbahn", "Elbchaussee"),
            ),
        ),
    ),
    MissionSpec(
        "OTT",
        "KBRI Ottawa",
        "CA",
        "Ottawa",
        "America/Toronto",
        {
            "street_address": "55 Parkdale Avenue",
            "city": "Ottawa",
            "country_area": "ON",
            "postal_code": "K1Y 1E5",
        },
        "canadapost",
        "Canada Post",
        "canadapost",
        2,
        (
            Locality(
                "Ottawa",
                "ON",
                ("K1P #A#", "K2P #B#"),
                ("Bank St", "Elgin St", "Rideau St"),
            ),
            Locality(
                "Toronto",
                "ON",
                ("M5V #C#", "M4W #B#"),
                ("Queen St W", "Yonge St", "Bloor St W"),
            ),
            Locality(
                "Vancouver",
                "BC",
                ("V6B #K#",),
                ("Granville St", "Robson St", "Main St"),
            ),
        ),
    ),
)
