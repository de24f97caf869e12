"""The journal and the Commitments tab leave out interviews, scorecards and offers of
candidates the reader may not see (pipeline.visibility does the candidates themselves).
Registered in InterviewsConfig.ready."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from hiring.models import Activity
from pipeline.visibility import hidden_application_ids

from .feedback import held_application_ids
from .models import Interview, Offer


def journal_about_hidden_interviews(*, requisition, user):
    hidden = hidden_application_ids(requisition=requisition, user=user)
    if not hidden:
        return None
    interviews = set(
        Interview.objects.filter(application_id__in=hidden).values_list("pk", flat=True)
    )
    offers = set(Offer.objects.filter(application_id__in=hidden).values_list("pk", flat=True))
    entries = requisition.activities.exclude(details={}).values_list("pk", "details")
    leave_out = [
        pk
        for pk, details in entries
        if isinstance(details, dict)
        and (details.get("interview") in interviews or details.get("offer") in offers)
    ]
    return Q(pk__in=leave_out) if leave_out else None


def journal_of_scorecards_held_back(*, requisition, user):
    """The others' scorecard entries (they quote the recommendation) about candidates whose
    panel `user` sits on with their own scorecard not in: the journal keeps the rule of
    `interviews.feedback.may_see_others` (issue 25, finding 2)."""
    held = held_application_ids(requisition=requisition, user=user)
    if not held:
        return None
    interviews = set(Interview.objects.filter(application_id__in=held).values_list("pk", flat=True))
    entries = (
        requisition.activities.filter(
            kind__in=[Activity.Kind.SCORECARD_SUBMITTED, Activity.Kind.SCORECARD_AMENDED]
        )
        .exclude(actor=user)
        .values_list("pk", "details")
    )
    leave_out = [
        pk
        for pk, details in entries
        if isinstance(details, dict) and details.get("interview") in interviews
    ]
    return Q(pk__in=leave_out) if leave_out else None


def commitments_about_hidden_interviews(*, requisition, user, commitments):
    hidden = hidden_application_ids(requisition=requisition, user=user)
    if not hidden:
        return set()
    types = ContentType.objects.get_for_models(Interview, Offer)
    of_interview = dict(
        Interview.objects.filter(
            pk__in=[c.subject_id for c in commitments if c.subject_type_id == types[Interview].pk]
        ).values_list("pk", "application_id")
    )
    of_offer = dict(
        Offer.objects.filter(
            pk__in=[c.subject_id for c in commitments if c.subject_type_id == types[Offer].pk]
        ).values_list("pk", "application_id")
    )
    return {
        c.pk
        for c in commitments
        if (c.subject_type_id == types[Interview].pk and of_interview.get(c.subject_id) in hidden)
        or (c.subject_type_id == types[Offer].pk and of_offer.get(c.subject_id) in hidden)
    }
