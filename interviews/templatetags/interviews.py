from django import template
from django.template.loader import render_to_string

from ..access import can_schedule, interviews_visible_to, sees_whole_search

register = template.Library()


@register.simple_tag(takes_context=True)
def candidate_interviews_card(context, requisition, application):
    """The candidate page's Interviews card: the interviews the viewer may see, and the
    way on to scheduling, the debrief and the offer for those who do those."""
    request = context.get("request")
    if request is None:
        return ""
    user = request.user
    interviews = list(
        interviews_visible_to(requisition, user)
        .filter(application=application)
        .order_by("starts_at", "pk")
    )
    whole = sees_whole_search(requisition, user)
    if not interviews and not whole:
        return ""
    return render_to_string(
        "interviews/_candidate_card.html",
        {
            "requisition": requisition,
            "application": application,
            "interviews": interviews,
            "can_schedule": can_schedule(requisition, user)
            and application.stage in ("submitted", "interview"),
            "sees_whole_search": whole,
        },
        request=request,
    )
