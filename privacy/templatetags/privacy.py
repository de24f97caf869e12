from django import template
from django.urls import reverse
from django.utils.html import format_html

from pipeline.models import Candidate

from ..access import can_handle_personal_data

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_data_link(context, requisition, application):
    """The "Personal data" button on a candidate's page, for those who handle it (HR leads
    and admins, who see every search), marked when another profile has the same email."""
    request = context.get("request")
    if request is None or not can_handle_personal_data(request.user):
        return ""
    url = reverse("privacy:candidate", kwargs={"pk": requisition.pk, "application": application.pk})
    if Candidate.objects.same_email_as(application.candidate).filter(erasure__isnull=True).exists():
        return format_html(
            '<a class="btn btn--attention" href="{}">Personal data · possible duplicate</a>', url
        )
    return format_html('<a class="btn" href="{}">Personal data</a>', url)
