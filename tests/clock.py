"""Fixed moments for tests that count business time (Europe/London, November 2026).
Import from here, never from a conftest."""

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Monday 23 Nov 2026, 10:00 in London. Two business days later is Wednesday 10:00.
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=LONDON)


def london(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)
