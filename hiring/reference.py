"""Reference lists for requisition fields: countries, currencies, time zones.

Countries are the ones the `holidays` package knows, because business-time deadlines need
each requisition's public holidays; an unknown country would silently mean "no holidays".
"""

import re
import zoneinfo
from functools import cache

from holidays.registry import COUNTRIES

# Spelled-out names where splitting the holidays class name reads badly.
_NAME_FIXES = {"GB": "United Kingdom", "US": "United States", "KR": "South Korea"}


@cache
def country_choices() -> list[tuple[str, str]]:
    names = {}
    for class_name, code, *_ in COUNTRIES.values():
        names[code] = _NAME_FIXES.get(code) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
    return sorted(names.items(), key=lambda item: item[1])


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc" not in z)
    return [(z, z.replace("_", " ")) for z in [*zones, "UTC"]]


# ISO 4217 codes an employer in this deployment is likely to pay in.
CURRENCY_CHOICES = [
    (code, f"{code} · {name}")
    for code, name in [
        ("AUD", "Australian dollar"),
        ("BRL", "Brazilian real"),
        ("CAD", "Canadian dollar"),
        ("CHF", "Swiss franc"),
        ("CNY", "Chinese yuan"),
        ("CZK", "Czech koruna"),
        ("DKK", "Danish krone"),
        ("EUR", "Euro"),
        ("GBP", "Pound sterling"),
        ("HKD", "Hong Kong dollar"),
        ("INR", "Indian rupee"),
        ("JPY", "Japanese yen"),
        ("MXN", "Mexican peso"),
        ("NOK", "Norwegian krone"),
        ("NZD", "New Zealand dollar"),
        ("PLN", "Polish złoty"),
        ("SEK", "Swedish krona"),
        ("SGD", "Singapore dollar"),
        ("USD", "US dollar"),
        ("ZAR", "South African rand"),
    ]
]
