"""At intake: past successful hires for similar roles, beside the role profile."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from intake.models import Agreement

from ..models import PoolDocument, may_search_pool
from ..past_hires import named_people, past_hires_for


@require_GET
@varies_on_htmx
def past_hires(request, pk):
    """The panel the intake page loads: hires of the last two years in similar roles, and
    the people its role profile names as past successful hires, linked where Accord knows
    them. For those who may search the pool (recruiters and HR)."""
    requisition = requisition_for(request, pk)
    if not may_search_pool(request.user):
        raise PermissionDenied("Past hires come from the talent pool, for recruiters and HR.")
    hires = past_hires_for(requisition, user=request.user)
    # The brief being agreed: the newest version, draft or in force.
    latest = Agreement.objects.for_requisition(requisition).order_by("-version").first()
    text = str((latest.role_profile or {}).get("past_hires", "")) if latest else ""
    named = named_people(text, PoolDocument.objects.visible_to(request.user))
    template = page_or_fragment(request, "talent/past_hires.html", "panel")
    return render(
        request,
        template,
        {
            "requisition": requisition,
            "hires": hires,
            "profile_text": text,
            "named": named,
            "reference_ids": [h.candidate_id for h in hires]
            + [d.pk for d in named.values() if d.pk not in {h.candidate_id for h in hires}],
        },
    )
