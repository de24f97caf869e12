"""The one door to a search, for every view of every app.

A view never builds its own `Requisition.objects.visible_to(...)`: it asks here, so that
"not on the search" is a 404 everywhere (it does not even learn the search exists), and
"on it, but not for this" a 403, by the same rule on every page, partial and file
(`tests/test_doors.py` fails on a views module that opens a search any other way). The
shape is healthchecks' `_get_check_for_user` / `_get_rw_check_for_user`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Requisition, RequisitionQuerySet


def requisitions_for(request) -> RequisitionQuerySet:
    """Every search this person may open: lists and the rows that hang off a search
    (commitments, check-ins, action items) filter on it."""
    return Requisition.objects.visible_to(request.user)


def requisition_for(request, pk, *, journal: bool = False) -> Requisition:
    """The search `pk` with its hiring team, or 404 for someone not on it.

    journal=True: the search's private side (its journal, commitments and check-ins),
    which is for the recruiter, HR and the hiring manager — 403 for an interviewer.
    """
    requisition = get_object_or_404(requisitions_for(request).with_team(), pk=pk)
    if journal and not requisition.can_read_journal(request.user):
        raise PermissionDenied("This is for the recruiter, HR and the hiring manager.")
    return requisition
