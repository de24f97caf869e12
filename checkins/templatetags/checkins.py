from django import template

from ..feed import feed_for, feed_url

register = template.Library()


@register.inclusion_tag("checkins/_feed_card.html", takes_context=True)
def calendar_feed_card(context):
    """The person's private calendar address, for their preferences page."""
    user = context["request"].user
    return {"feed_url": feed_url(feed_for(user)), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("checkins/_next_card.html")
def next_checkin_card(requisition):
    """The overview's "Next check-in" card (DESIGN: the Overview shows the next check-in)."""
    from ..feed import upcoming_for

    return {"requisition": requisition, "next": upcoming_for(requisition)}
