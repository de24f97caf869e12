"""`{{ moment|zone_if_other:requisition }}`: after a time shown in the reader's zone, the
zone's name — only when it is not the search's own (a London search read in Tokyo shows
"14:00 JST"; read in London, just "14:00")."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def zone_if_other(moment, requisition):
    if not moment or requisition is None:
        return ""
    local = timezone.localtime(moment, timezone.get_current_timezone())
    if local.utcoffset() == moment.astimezone(ZoneInfo(requisition.time_zone)).utcoffset():
        return ""  # the search's own clock at that moment (whatever its zone is called)
    return f" {local.tzname()}"
