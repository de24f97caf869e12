"""The journal and the Commitments tab leave out interviews, scorecards and offers of
candidates the reader may not see (pipeline.visibility does the candidates themselves).
Registered in InterviewsConfig.ready."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from pipeline.visibility import hidden_application_ids

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
