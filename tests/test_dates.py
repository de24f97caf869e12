"""config.dates: `|date` and `|time` give what Django's filters give, for every format the
templates use and the cases Django handles on its own (issue 24)."""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, defaultfilters
from django.utils import timezone, translation

from config import dates

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


class Later(dt.datetime):
    """A datetime subclass (as test clocks make): left to Django."""


def _template_formats() -> set[str]:
    found = set()
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        found |= set(re.findall(r"\|(?:date|time):\"([^\"]*)\"", text))
        found |= set(re.findall(r"\|(?:date|time):'([^']*)'", text))
    return found


FORMATS = sorted(
    _template_formats()
    | {"DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT"}
    | {r"\d\a\y j", "jS F Y", "N j, Y P", "D d/m/y G:i:s e O T", "c", "", "l, F n m y"}
)
VALUES = [
    dt.datetime(2026, 12, 7, 9, 5, 3, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 1, 0, 0, tzinfo=TOKYO),
    dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),  # the hour that happens twice
    dt.datetime(2026, 3, 29, 1, 30, tzinfo=LONDON),  # the hour that never happens
    dt.datetime(999, 2, 3, 23, 59, 59, 123456),  # naive, early
    dt.date(2026, 2, 28),
    dt.time(7, 4, 9),
    Later(2026, 6, 1, 12, 0, tzinfo=dt.UTC),
    None,
    "",
    "7 Dec",
    0,
]


def _answer(function, value, arg):
    try:
        return ("ok", function(value, arg))
    except Exception as error:  # noqa: BLE001 — the same exception is part of the answer
        return ("raised", type(error))


def test_the_templates_formats_were_found():
    assert {"D j M, H:i", "j M Y", "H:i", "c"} <= set(FORMATS)


@pytest.mark.parametrize("language", ["en-gb", "fr", "de"])
@pytest.mark.parametrize("arg", [*FORMATS, None])
def test_the_same_answer_as_djangos_filters(language, arg):
    with translation.override(language):
        for value in VALUES:
            assert _answer(dates.date, value, arg) == _answer(defaultfilters.date, value, arg), (
                value,
                arg,
            )
            assert _answer(dates.time, value, arg) == _answer(defaultfilters.time, value, arg), (
                value,
                arg,
            )


def test_the_templates_use_them_in_the_readers_zone():
    at = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)
    text = Template('{{ at|date:"D j M, H:i" }} · {{ at|time:"H:i" }} · {{ at|date }}')
    builtins = Template("").engine.template_builtins
    assert any(dates.date in library.filters.values() for library in builtins)
    with translation.override("en-gb"), timezone.override(TOKYO):
        assert text.render(Context({"at": at})) == "Tue 8 Dec, 08:30 · 08:30 · " + (
            defaultfilters.date(at.astimezone(TOKYO))
        )
