"""A first guess at the user's country, from the browser's time zone (kept on the profile at
sign-up) or else the region in its preferred language, among the countries the profile offers."""
from .models import Country

# Time zones of the offered countries. Zones shared by several countries (none here) are left out.
ZONE_COUNTRY = {
    "Europe/Vienna": "AT", "Europe/Brussels": "BE", "Europe/Zurich": "CH", "Asia/Shanghai": "CN",
    "Asia/Urumqi": "CN", "Asia/Chongqing": "CN", "Asia/Harbin": "CN", "Europe/Berlin": "DE",
    "Europe/Busingen": "DE", "Europe/Copenhagen": "DK", "Europe/Helsinki": "FI", "Europe/Paris": "FR",
    "Europe/London": "GB", "Asia/Hong_Kong": "HK", "Europe/Dublin": "IE", "Europe/Amsterdam": "NL",
    "Europe/Oslo": "NO", "Pacific/Auckland": "NZ", "Pacific/Chatham": "NZ", "Europe/Stockholm": "SE",
    "Asia/Singapore": "SG", "Asia/Taipei": "TW",
}
ZONE_PREFIX_COUNTRY = {"Australia/": "AU", "Canada/": "CA", "US/": "US"}
US_ZONES = {
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
    "America/Anchorage", "America/Detroit", "America/Boise", "America/Juneau", "America/Indiana/Indianapolis",
    "America/Kentucky/Louisville", "Pacific/Honolulu",
}
CA_ZONES = {
    "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax",
    "America/St_Johns", "America/Regina", "America/Moncton", "America/Whitehorse", "America/Yellowknife",
}
# A language alone names a country only where it is spoken mainly in one of those offered.
LANGUAGE_COUNTRY = {"sv": "SE", "nl": "NL", "zh-hans": "CN", "da": "DK", "fi": "FI", "nb": "NO", "no": "NO"}


def guess_country(timezone_name: str = "", accept_language: str = "", language: str = "") -> str:
    offered = set(Country.values) - {""}
    if timezone_name in ZONE_COUNTRY:
        return ZONE_COUNTRY[timezone_name]
    if timezone_name in US_ZONES:
        return "US"
    if timezone_name in CA_ZONES:
        return "CA"
    for prefix, country in ZONE_PREFIX_COUNTRY.items():
        if timezone_name.startswith(prefix):
            return country
    # "de-CH,de;q=0.9" names Switzerland; the first tag with an offered region wins.
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip()
        subtags = tag.replace("_", "-").split("-")
        for subtag in subtags[1:]:
            if len(subtag) == 2 and subtag.upper() in offered:
                return subtag.upper()
    return LANGUAGE_COUNTRY.get(language, "")


def zone_countries() -> dict[str, str]:
    """Every time zone this module knows, with its country: for the sign-up page's script."""
    zones = dict(ZONE_COUNTRY)
    zones.update({zone: "US" for zone in US_ZONES})
    zones.update({zone: "CA" for zone in CA_ZONES})
    return zones
