"""What the journal and the Commitments tab leave out for a reader who may not see every
candidate of a search (an agency recruiter sees only those they sourced): entries and
commitments about the other candidates. Registered in PipelineConfig.ready."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Application, ReviewQuestion


def hidden_application_ids(*, requisition, user) -> set[int]:
    """The search's applications `user` may not open: none, without a query, for whoever
    sees every candidate of it (its team's leads, HR leads, admins); else two queries."""
    if requisition.shows_every_candidate_to(user):
        return set()
    everyone = Application.objects.for_requisition(requisition)
    visible = everyone.visible_to(user)
    if everyone.count() == visible.count():
        return set()
    return set(everyone.exclude(pk__in=visible.values("pk")).values_list("pk", flat=True))


def _hidden_candidate_ids(requisition, hidden: set[int]) -> set[int]:
    shown = Application.objects.for_requisition(requisition).exclude(pk__in=hidden)
    named = Application.objects.filter(pk__in=hidden).values_list("candidate_id", flat=True)
    return set(named) - set(shown.values_list("candidate_id", flat=True))


def journal_about_hidden_candidates(*, requisition, user):
    """Entries whose details name an application (or a batch, or a candidate) hidden from
    `user`. Read in Python, so it works alike on SQLite and PostgreSQL JSON."""
    hidden = hidden_application_ids(requisition=requisition, user=user)
    if not hidden:
        return None
    candidates = _hidden_candidate_ids(requisition, hidden)
    entries = requisition.activities.exclude(details={}).values_list("pk", "details")
    leave_out = [
        pk
        for pk, details in entries
        if isinstance(details, dict)
        and (
            details.get("application") in hidden
            or hidden & set(details.get("applications") or ())
            or details.get("candidate") in candidates
        )
    ]
    return Q(pk__in=leave_out) if leave_out else None


def commitments_about_hidden_candidates(*, requisition, user, commitments):
    hidden = hidden_application_ids(requisition=requisition, user=user)
    if not hidden:
        return set()
    types = ContentType.objects.get_for_models(Application, ReviewQuestion)
    application_type, question_type = types[Application].pk, types[ReviewQuestion].pk
    questions = dict(
        ReviewQuestion.objects.filter(
            pk__in=[c.subject_id for c in commitments if c.subject_type_id == question_type]
        ).values_list("pk", "application_id")
    )
    return {
        c.pk
        for c in commitments
        if (c.subject_type_id == application_type and c.subject_id in hidden)
        or (c.subject_type_id == question_type and questions.get(c.subject_id) in hidden)
    }
