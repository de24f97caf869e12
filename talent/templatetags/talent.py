from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..models import ResumeText, may_search_pool

register = template.Library()


@register.filter(name="may_search_pool")
def may_search_pool_filter(user) -> bool:
    return may_search_pool(user)


@register.simple_tag
def resume_reading(resume):
    """Under a résumé on the candidate's page: why the talent pool could read no text from
    it (issue 22). Says nothing while it is read or once it was; never blocks anything."""
    if resume is None:
        return ""
    reading = ResumeText.objects.filter(resume=resume, state=ResumeText.State.FAILED).first()
    if reading is None:
        return ""
    return format_html(
        '<p class="muted resume-reading"><small>{}. The candidate can still be found in the '
        "talent pool by everything else on file.</small></p>",
        reading.problem[:1].upper() + reading.problem[1:],
    )


@register.simple_tag(takes_context=True)
def past_hires_card(context, requisition):
    """The intake page's "Past successful hires" card, loaded from the talent pool once the
    page is shown; only for those who may search the pool (recruiters and HR)."""
    request = context.get("request")
    if request is None or not may_search_pool(request.user):
        return ""
    url = reverse("talent:past-hires", kwargs={"pk": requisition.pk})
    return format_html(
        '<section class="card" aria-labelledby="past-hires-title">'
        '<div class="card__head"><h2 id="past-hires-title" class="card__title">'
        "Past successful hires</h2></div>"
        '<div id="past-hires" hx-get="{}" hx-trigger="load" hx-swap="innerHTML">'
        '<p class="muted">Looking for hires in similar roles… <a href="{}">Open them</a></p>'
        "</div></section>",
        url,
        url,
    )
