"""Demo candidates, made through the same domain functions as the pages, so every
commitment they open links to the page where its owner meets it: the hiring manager's reviews
(the review page), the recruiter's answer to a question (the candidate page), the first
shortlist (the shortlist page, met here by the submissions).

Called by `insights/management/commands/seed_demo.py` after the agreements:

    pipeline_demo.seed_candidates(people, requisitions)

Backend: candidates in every stage up to the interviews (offers and hires are the
interviews app's, which needs scorecards first). Data Analyst (agency, on hold): the
agency's own candidates and one added by HR that the agency does not see. Product Designer
(no agreement yet): two who applied and wait for it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from intake.agreements import active_agreement_for

from .candidates import add_candidate
from .models import Application, DispositionReason, ScreeningForm, Stage, StageChange
from .notices import notify_submitted
from .reasons import ensure_default_reasons
from .review import ask_recruiter
from .sample_pdf import resume_pdf
from .screening import save_screening
from .stages import _move

BACKEND = [
    # name, title, company, source, where they end, business hours ago, must-have ratings
    ("Priya Nair", "Staff Engineer", "Monzo", "referrals", "submitted", 20, (4, 3, 4)),
    ("James Okoro", "Senior Engineer", "Wise", "direct_search", "submitted", 3, (3, 3, 3)),
    ("Mei Lin", "Backend Lead", "GoCardless", "job_boards", "submitted", 1, (3, 4, 3)),
    ("Carlos Mendes", "Senior Engineer", "Revolut", "job_boards", "asked", 6, (3, 2, 3)),
    ("Sofia Rossi", "Software Engineer II", "Starling", "referrals", "screened", 4, (3, 3, 2)),
    ("Lena Fischer", "Platform Engineer", "N26", "job_boards", "screening", 2, None),
    ("Omar Haddad", "Backend Engineer", "Deliveroo", "job_boards", "applied", 1, None),
    ("Grace Liu", "Engineer", "Ocado", "inbound", "applied", 0, None),
    ("Noah Williams", "Senior Engineer", "Checkout", "direct_search", "interview:0", 30, (3, 3, 3)),
    ("Tom Becker", "Lead Engineer", "Adyen", "referrals", "interview:1", 40, (4, 4, 3)),
    ("Aisha Khan", "Principal Engineer", "Stripe", "direct_search", "interview:2", 50, (4, 4, 4)),
    ("Ben Carter", "Developer", "Acme Web", "job_boards", "rejected", 24, (2, 1, 2)),
    ("Eva Novak", "Senior Engineer", "Klarna", "referrals", "withdrawn", 12, (3, 3, 3)),
]

NOTES = {
    4: "Built the payouts ledger; ran its on-call rota for two years.",
    3: "Solid production experience; owns services end to end.",
    2: "Some exposure; would need support here.",
    1: "Not seen in their work so far.",
}


def _resume(name, title, company) -> ContentFile:
    data = resume_pdf(
        name,
        f"{title} · {company}",
        [
            "EXPERIENCE",
            f"{title}, {company} (2021 - now)",
            "Payments platform: ledger, payouts, reconciliation.",
            "On-call lead; cut pages per week from 14 to 3.",
            "Software Engineer, Previous Co (2016 - 2021)",
            "APIs in Python and Go; PostgreSQL at 20k writes per second.",
            "SKILLS",
            "Python, Go, PostgreSQL, Kafka, Kubernetes",
            "EDUCATION",
            "BSc Computer Science",
        ],
    )
    file = ContentFile(data, name=f"{name.replace(' ', '_')}_CV.pdf")
    return file


def _add(requisition, by, name, title, company, source):
    email = f"{name.lower().replace(' ', '.')}@example.net"
    return add_candidate(
        requisition=requisition,
        email=email,
        details={
            "name": name,
            "current_title": title,
            "current_company": company,
            "location": "London",
            "phone": "+44 20 7946 0000",
            "linkedin_url": f"https://www.linkedin.com/in/{name.lower().replace(' ', '-')}",
        },
        application={
            "source": source,
            "source_detail": "Referred by Aiko Tanaka" if source == "referrals" else "",
            "salary_expectation": "£95,000 base",
        },
        resume=_resume(name, title, company),
        resume_kind="pdf",
        by=by,
    )


def _screen(application, agreement, by, ratings, *, complete=True):
    profile = agreement.role_profile
    data = {"summary": ""}
    for i, _q in enumerate(profile.knockout_questions):
        data[f"ko_{i}"] = "Yes"
    for i, _text in enumerate(profile.must_haves):
        rating = ratings[i % len(ratings)] if ratings else None
        data[f"must_{i}_rating"] = rating if complete or i == 0 else None
        data[f"must_{i}_note"] = NOTES.get(rating, "") if complete or i == 0 else ""
    for i, _text in enumerate(profile.nice_to_haves):
        data[f"nice_{i}_rating"] = 3 if i == 0 else None
        data[f"nice_{i}_note"] = ""
    if complete:
        name = application.candidate.name.split()[0]
        data["summary"] = (
            f"{name} has run payment systems in production and owns what they build. "
            "Motivated by the ledger work; notice period one month."
        )
    save_screening(
        application=application,
        data=data,
        profile=profile,
        version=agreement.version,
        by=by,
        complete=complete,
    )


def seed_candidates(people, requisitions):
    recruiter, manager, hr, agency = (
        people["recruiter"],
        people["manager"],
        people["hr"],
        people["agency"],
    )
    ensure_default_reasons()  # a database flushed since migrating (tests) has none
    backend = requisitions["Senior Backend Engineer"]
    agreement = active_agreement_for(backend)
    calendar = BusinessCalendar.for_requisition(backend)
    now = timezone.now()
    reasons = {r.code: r for r in DispositionReason.objects.all()}
    submitted_now = []
    for name, title, company, source, end, hours_ago, ratings in BACKEND:
        application = _add(backend, recruiter, name, title, company, source)
        if end == "applied":
            continue
        at = calendar.subtract_hours(now, hours_ago) if hours_ago else now
        _screen(application, agreement, recruiter, ratings, complete=end != "screening")
        if end in ("screening", "screened"):
            continue
        _move(application=application, to_stage=Stage.SUBMITTED, by=recruiter, at=at)
        # Added and screened a little before they were submitted, as it happened.
        before = at - timedelta(hours=3)
        StageChange.objects.filter(
            application=application, to_stage__in=[Stage.APPLIED, Stage.SCREENING]
        ).update(at=before)
        Application.objects.filter(pk=application.pk).update(created_at=before)
        ScreeningForm.objects.filter(application=application).update(completed_at=before)
        if end == "submitted":
            submitted_now.append(application)
        elif end == "asked":
            ask_recruiter(
                application=application,
                by=manager,
                text="Carlos rated 2 on payments: has he worked on a ledger at all?",
            )
        elif end.startswith("interview:"):
            for round_ in range(int(end.split(":")[1]) + 1):
                _move(application=application, to_stage=f"interview:{round_}", by=manager, at=at)
        elif end == "rejected":
            _move(
                application=application,
                to_stage=Stage.REJECTED,
                by=manager,
                reason=reasons["skills_gap"],
                note="No production payments work yet.",
                at=at,
            )
        elif end == "withdrawn":
            _move(
                application=application,
                to_stage=Stage.WITHDRAWN,
                by=recruiter,
                reason=reasons["accepted_other_offer"],
                at=at,
            )
    for application in submitted_now:
        application.refresh_from_db()
    notify_submitted(applications=submitted_now, by=recruiter)

    analyst = requisitions["Data Analyst"]
    for name, title, company in [
        ("Rachel Adeyemi", "Financial Analyst", "Barclays"),
        ("Yusuf Demir", "BI Analyst", "Sage"),
    ]:
        _add(analyst, agency, name, title, company, "agency")
    _add(analyst, hr, "Hugo Martin", "Finance Analyst (internal)", "Northwind Labs", "internal")

    designer = requisitions["Product Designer"]
    for name, title, company in [
        ("Ines Duarte", "Product Designer", "Monzo"),
        ("Kofi Mensah", "UX Designer", "BBC"),
    ]:
        _add(designer, recruiter, name, title, company, "referrals")
