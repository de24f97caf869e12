from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..access import can_handle_personal_data

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_data_link(context, requisition, application):
    """The "Personal data" button on a candidate's page, for those who handle it."""
    request = context.get("request")
    if request is None or not can_handle_personal_data(request.user):
        return ""
    url = reverse("privacy:candidate", kwargs={"pk": requisition.pk, "application": application.pk})
    return format_html('<a class="btn" href="{}">Personal data</a>', url)
