"""Demo commitments: a few promises in flight on either side, some already late, so the
bell, the escalations and "Waiting on me" have something to show within a minute of start.
Called by `insights/management/commands/seed_demo.py` after the agreements."""

from django.utils import timezone

from .business_time import BusinessCalendar
from .ledger import open_commitment
from .service_terms import CommitmentKind, ServiceTerm, Unit


def seed_commitments(people, requisitions):
    backend = requisitions["Senior Backend Engineer"]
    calendar = BusinessCalendar.for_requisition(backend)
    now = timezone.now()
    url = f"/requisitions/{backend.pk}/"
    for owner, party, kind, title, hours_ago, term in [
        (
            people["manager"],
            "hiring_manager",
            CommitmentKind.REVIEW_CANDIDATE,
            "Review Priya Nair's profile (submitted by Riya)",
            20,
            ServiceTerm("hiring_manager", 2, Unit.BUSINESS_DAYS),
        ),
        (
            people["interviewer"],
            "interviewer",
            CommitmentKind.INTERVIEW_FEEDBACK,
            "Submit feedback on Tom Becker's system design interview",
            6,
            ServiceTerm("interviewer", 1, Unit.BUSINESS_DAYS),
        ),
        (
            people["recruiter"],
            "recruiter",
            CommitmentKind.ACTION_ITEM,
            "Send the revised job ad to Daniel",
            2,
            ServiceTerm("recruiter", 1, Unit.BUSINESS_DAYS),
        ),
    ]:
        open_commitment(
            kind=kind,
            requisition=backend,
            owner=owner,
            party=party,
            subject=owner,
            title=title,
            url=url,
            started_at=calendar.subtract_hours(now, hours_ago),
            term=term,
        )
