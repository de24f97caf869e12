"""The one door to a candidate on a search, for every view above the pipeline.

An agency recruiter's view of a search holds only the candidates they sourced, an
interviewer's only those they interview (`Application.objects.visible_to`); anything else
is a 404, the same on the candidate's page, the review, the interviews, the offer and the
privacy page. Open the search first, through `hiring.doors.requisition_for`.
"""

from django.shortcuts import get_object_or_404

from .models import Application, ApplicationQuerySet


def applications_for(request, requisition) -> ApplicationQuerySet:
    """The candidates of `requisition` this person may see (the board, the shortlist, the
    interviews list)."""
    return Application.objects.visible_to(request.user).for_requisition(requisition)


def application_for(request, requisition, pk) -> Application:
    """The application `pk` on `requisition`, or 404 for one this person may not see."""
    found = get_object_or_404(
        applications_for(request, requisition).select_related(
            "candidate", "resume", "sourced_by", "disposition_reason"
        ),
        pk=pk,
    )
    found.requisition = requisition
    return found
