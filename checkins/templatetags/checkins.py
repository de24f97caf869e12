from django import template

from ..feed import feed_for, feed_url

register = template.Library()


@register.inclusion_tag("checkins/_feed_card.html", takes_context=True)
def calendar_feed_card(context):
    """The person's private calendar address, for their preferences page."""
    user = context["request"].user
    return {"feed_url": feed_url(feed_for(user)), "csrf_token": context.get("csrf_token")}
