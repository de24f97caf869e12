from django import template

from ..feed import feed_url, upcoming_for
from ..models import CalendarFeed
from ..schedule import why_none_scheduled

register = template.Library()


@register.inclusion_tag("checkins/_feed_card.html", takes_context=True)
def calendar_feed_card(context):
    """The person's private calendar address, for their preferences page."""
    user = context["request"].user
    # Read only: rendering a page never writes. The address is made by the button.
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "feed_url": feed_url(feed) if feed else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("checkins/_next_card.html")
def next_checkin_card(requisition):
    """The overview's "Next check-in" card (DESIGN: the Overview shows the next check-in)."""
    upcoming = upcoming_for(requisition)
    why = "" if upcoming else why_none_scheduled(requisition)
    return {"requisition": requisition, "next": upcoming, "why_none": why}
