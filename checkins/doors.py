"""The one door to a check-in and to an action item, for every check-ins view.

Both hang off a search: someone not on it gets a 404, and an interviewer on it a 403 —
check-ins are for the recruiter, HR and the hiring manager (`hiring.doors.requisition_for`
with journal=True). The search comes with its hiring team, set on the row.
"""

from django.shortcuts import get_object_or_404

from hiring.doors import requisition_for, requisitions_for

from .models import ActionItem, CheckIn


def checkin_for(request, pk) -> CheckIn:
    checkin = get_object_or_404(
        CheckIn.objects.filter(requisition__in=requisitions_for(request)).select_related("series"),
        pk=pk,
    )
    requisition = requisition_for(request, checkin.requisition_id, journal=True)
    checkin.requisition = checkin.series.requisition = requisition
    return checkin


def action_item_for(request, pk) -> ActionItem:
    item = get_object_or_404(
        ActionItem.objects.filter(requisition__in=requisitions_for(request)).select_related(
            "owner", "created_by", "checkin"
        ),
        pk=pk,
    )
    item.requisition = requisition_for(request, item.requisition_id, journal=True)
    return item
