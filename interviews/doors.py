"""The one door to an interview, for every interviews view.

The interviews this person may open: every interview of the candidates they see for the
recruiter, HR and the hiring manager; only the ones they sit on for an interviewer. Others
are a 404. Open the search first, through `hiring.doors.requisition_for`.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pipeline.doors import applications_for

from .access import interviews_visible_to
from .models import Interview


def interviews_for(request, requisition) -> QuerySet[Interview]:
    return (
        interviews_visible_to(requisition, request.user)
        .filter(application__in=applications_for(request, requisition))
        .select_related("application__candidate", "application__resume", "scheduled_by")
        .prefetch_related("interviewers")
    )


def interview_for(request, requisition, pk) -> Interview:
    """The interview `pk` on `requisition`, or 404; its search is the one already loaded."""
    interview = get_object_or_404(interviews_for(request, requisition), pk=pk)
    interview.requisition = interview.application.requisition = requisition
    return interview
