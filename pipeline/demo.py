"""Demo candidates, made through the same domain functions as the pages — added, screened,
submitted and reviewed on the days it happened (`hiring.demo.DemoClock`) — so every
commitment they open links to the page where its owner meets it: the hiring manager's reviews
(the review page), the recruiter's answer to a question (the candidate page), the first
shortlist (the shortlist page, met here by the first submissions).

Called by `insights/management/commands/seed_demo.py` after the agreements:

    pipeline_demo.seed_candidates(people, requisitions, clock)

Backend: the first four submitted in the search's second week and reviewed a week late (the
check-ins' blocker), one of them rejected; one withdrew for a counter-offer; this week's
candidates wait for review, screening or a first look. Interviews, offers and hires are the
interviews app's. Data Analyst (agency, later on hold): the agency's own candidates and one
added by HR that the agency does not see. Product Designer (no agreement yet): two who
applied and wait for it.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from commitments.business_time import BusinessCalendar
from intake.agreements import active_agreement_for

from .brief_check import BriefReason
from .candidates import add_candidate
from .models import Application, DispositionReason
from .reasons import ensure_default_reasons
from .review import advance, ask_recruiter, reject
from .sample_pdf import resume_pdf
from .screening import save_screening
from .stages import move_application
from .submissions import submit_applications

# Working days ago (hour, minute) of each step; "bh" = business hours before now.
BACKEND = [
    # name, title, company, source, must-have ratings, story
    ("Aisha Khan", "Principal Engineer", "Stripe", "direct_search", (4, 4, 4),
     {"added": (31, 10), "screened": (30, 14), "submitted": "first", "advanced": (22, 17, 30)}),
    ("Tom Becker", "Lead Engineer", "Adyen", "referrals", (4, 4, 3),
     {"added": (30, 11), "screened": (29, 10), "submitted": "first", "advanced": (22, 17, 35)}),
    ("Noah Williams", "Senior Engineer", "Checkout", "direct_search", (3, 3, 3),
     {"added": (30, 15), "screened": (29, 12), "submitted": "first", "advanced": (22, 17, 40)}),
    ("Ben Carter", "Developer", "Acme Web", "job_boards", (2, 1, 2),
     {"added": (30, 16), "screened": (29, 15), "submitted": "first", "rejected": (22, 17, 45)}),
    ("Eva Novak", "Senior Engineer", "Klarna", "referrals", (3, 3, 3),
     {"added": (28, 10), "screened": (27, 11), "submitted": (26, 10), "advanced": (22, 17, 50),
      "withdrawn": (17, 9, 30)}),
    ("Priya Nair", "Staff Engineer", "Monzo", "referrals", (4, 3, 4),
     {"added": (6, 10), "screened": (5, 14), "submitted": "20bh"}),
    ("Carlos Mendes", "Senior Engineer", "Revolut", "job_boards", (3, 2, 3),
     {"added": (5, 11), "screened": (3, 10), "submitted": "6bh", "asked": "3bh"}),
    ("James Okoro", "Senior Engineer", "Wise", "direct_search", (3, 3, 3),
     {"added": (4, 9, 30), "screened": (2, 11), "submitted": "3bh"}),
    ("Sofia Rossi", "Software Engineer II", "Starling", "referrals", (3, 3, 2),
     {"added": (4, 14), "screened": (1, 16)}),
    ("Mei Lin", "Backend Lead", "GoCardless", "job_boards", (3, 4, 3),
     {"added": (3, 9, 15), "screened": (1, 10), "submitted": "1bh"}),
    ("Lena Fischer", "Platform Engineer", "N26", "job_boards", None,
     {"added": (2, 10), "screening": (1, 11)}),
    # Screened, but "No" to the London office: the knock-out proposes rejecting him, and he
    # cannot be submitted as he stands.
    ("Omar Haddad", "Backend Engineer", "Deliveroo", "job_boards", (3, 3, 3),
     {"added": (1, 9, 15), "screened": "2bh", "knockouts": ("Yes", "No")}),
    ("Grace Liu", "Engineer", "Ocado", "inbound", None, {"added": "2bh"}),
]  # fmt: skip

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


def _screen(application, agreement, by, ratings, *, complete=True, summary=None, knockouts=()):
    profile = agreement.role_profile
    data = {"summary": ""}
    for i, _q in enumerate(profile.knockout_questions):
        data[f"ko_{i}"] = knockouts[i] if i < len(knockouts) else "Yes"
    for i, _text in enumerate(profile.must_haves):
        rating = ratings[i % len(ratings)] if ratings else None
        data[f"must_{i}_rating"] = rating if complete or i == 0 else None
        data[f"must_{i}_note"] = NOTES.get(rating, "") if complete or i == 0 else ""
    for i, _text in enumerate(profile.nice_to_haves):
        data[f"nice_{i}_rating"] = 3 if i == 0 else None
        data[f"nice_{i}_note"] = ""
    if complete:
        name = application.candidate.name.split()[0]
        data["summary"] = summary or (
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


def _at(clock, calendar, when):
    """A story's moment: (working days ago, hour[, minute]) or "<n>bh" business hours ago."""
    if isinstance(when, str):
        return calendar.subtract_hours(clock.present, int(when.removesuffix("bh")))
    return clock.day(*when, calendar=calendar)


def seed_candidates(people, requisitions, clock):
    recruiter, manager, hr, agency = (
        people["recruiter"],
        people["manager"],
        people["hr"],
        people["agency"],
    )
    ensure_default_reasons()  # a database flushed since migrating (tests) has none
    reasons = {r.code: r for r in DispositionReason.objects.all()}
    backend = requisitions["Senior Backend Engineer"]
    agreement = active_agreement_for(backend)
    calendar = BusinessCalendar.for_requisition(backend)

    # Every step of every story, played in the order it happened.
    steps = []
    for order, (*_person, story) in enumerate(BACKEND):
        for step, when in story.items():
            if when != "first" and step != "knockouts":
                steps.append((_at(clock, calendar, when), order, step))
    first_batch = [name for name, *_rest, story in BACKEND if story.get("submitted") == "first"]
    steps.append((clock.day(28, 11, calendar=calendar), -1, "first batch"))
    applications = {}
    for moment, order, step in sorted(steps):
        clock.go(moment)
        if step == "first batch":
            submit_applications(
                applications=[applications[name] for name in first_batch], by=recruiter
            )
            continue
        name, title, company, source, ratings, story = BACKEND[order]
        application = applications.get(name)
        if application is not None:
            application.refresh_from_db()
        if step == "added":
            applications[name] = _add(backend, recruiter, name, title, company, source)
        elif step in ("screened", "screening"):
            _screen(
                application,
                agreement,
                recruiter,
                ratings,
                complete=step == "screened",
                knockouts=story.get("knockouts", ()),
            )
        elif step == "submitted":
            move_application(application=application, to_stage="submitted", by=recruiter)
        elif step == "advanced":
            advance(application=application, by=manager)
        elif step == "rejected":
            reject(
                application=application,
                by=manager,
                reason=reasons["skills_gap"],
                note="No production payments work yet.",
                against_brief=BriefReason("must:1"),
            )
        elif step == "withdrawn":
            move_application(
                application=application,
                to_stage="withdrawn",
                by=recruiter,
                reason=reasons["accepted_other_offer"],
                note="Took a counter-offer from Klarna.",
            )
        elif step == "asked":
            ask_recruiter(
                application=application,
                by=manager,
                text="Carlos rated 2 on payments: has he worked on a ledger at all?",
            )

    analyst = requisitions["Data Analyst"]
    agreement = active_agreement_for(analyst)
    added = {}
    for days, by, (name, title, company, source) in [
        (20, agency, ("Rachel Adeyemi", "Financial Analyst", "Barclays", "agency")),
        (19, agency, ("Yusuf Demir", "BI Analyst", "Sage", "agency")),
        (18, hr, ("Hugo Martin", "Finance Analyst (internal)", "Northwind Labs", "internal")),
    ]:
        clock.go(clock.day(days, 11, calendar=calendar))
        added[name] = _add(analyst, by, name, title, company, source)
    # The agency's shortlist of two; the hiring manager took Rachel to the case study before
    # the search was put on hold, and had not decided on Yusuf.
    for name, ratings in (("Rachel Adeyemi", (4, 3)), ("Yusuf Demir", (3, 3))):
        clock.go(clock.day(17, 10, calendar=calendar))
        _screen(
            added[name],
            agreement,
            agency,
            ratings,
            summary=f"{name.split()[0]} closes the month in SQL and owns the board pack; "
            "available for the 12-month contract from next month.",
        )
    clock.go(clock.day(16, 12, calendar=calendar))
    submit_applications(applications=[added["Rachel Adeyemi"], added["Yusuf Demir"]], by=agency)
    clock.go(clock.day(12, 9, 30, calendar=calendar))
    advance(application=added["Rachel Adeyemi"], by=manager)

    designer = requisitions["Product Designer"]
    for days, (name, title, company) in [
        (2, ("Ines Duarte", "Product Designer", "Monzo")),
        (1, ("Kofi Mensah", "UX Designer", "BBC")),
    ]:
        clock.go(clock.day(days, 15, calendar=calendar))
        _add(designer, recruiter, name, title, company, "referrals")
    return Application.objects.count()
