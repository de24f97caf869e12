"""Demo agreements, made through the same domain functions as the pages, each on the day it
happened (`hiring.demo.DemoClock`): an intake is held, the brief written that afternoon, the
agreement sent and signed over the next day — and only then does the search's work start.

Called by `insights/management/commands/seed_demo.py`:

    from intake import demo as intake_demo
    intake_demo.seed_agreements(people, requisitions, clock)

`people`: username → User (recruiter, agency, hr, manager, interviewer, admin);
`requisitions`: title → Requisition.
"""

from commitments.business_time import BusinessCalendar

from .drafting import save_section
from .models import Agreement
from .sessions import mark_intake_held, schedule_intake
from .signatures import send_for_signature, sign_agreement


def _sign_all(requisition, people_by_party, version, clock, days_ago):
    """Recruiter and hiring manager sign, HR countersigns — over a day, as people do."""
    calendar = BusinessCalendar.for_requisition(requisition)
    agreement = Agreement.objects.get(requisition=requisition, version=version)
    moments = [(days_ago, 16, 5), (days_ago - 1, 9, 40), (days_ago - 1, 14, 20)]
    for party, (days, hour, minute) in zip(
        ("recruiter", "hiring_manager", "hr_generalist"), moments, strict=True
    ):
        clock.go(clock.day(days, hour, minute, calendar=calendar))
        sign_agreement(agreement=agreement, signer=people_by_party[party], version=version)


def _intake(requisition, by, attendees, clock, *, scheduled, held, channel, where):
    """Scheduled two days ahead, held, and marked held when it ended."""
    calendar = BusinessCalendar.for_requisition(requisition)
    clock.go(clock.day(scheduled, 14, calendar=calendar))
    session = schedule_intake(
        requisition=requisition,
        scheduled_by=by,
        starts_at=clock.day(held, 10, calendar=calendar),
        duration_minutes=60,
        channel=channel,
        where=where,
        attendees=attendees,
    )
    if held > 0:
        clock.go(clock.day(held, 11, 5, calendar=calendar))
        mark_intake_held(requisition=requisition, marked_by=by)
    return session


def _brief(requisition, editor, profile, stages, sourcing, interviewer_people):
    save_section(requisition=requisition, section="role_profile", value=profile, edited_by=editor)
    plan = {
        "stages": [
            {
                "name": name,
                "length_minutes": minutes,
                "focus_areas": focus,
                "interviewers": [
                    {"id": p.pk, "name": p.display_name} for p in interviewer_people[name]
                ],
            }
            for name, minutes, focus in stages
        ]
    }
    save_section(requisition=requisition, section="interview_plan", value=plan, edited_by=editor)
    save_section(requisition=requisition, section="sourcing", value=sourcing, edited_by=editor)


def seed_agreements(people, requisitions, clock):
    """Backend: intake held seven weeks ago, v1 in force since the next day, v2 drafted this
    week with one change. Data Analyst (agency, later on hold): the same five weeks ago.
    Designer: intake next week and a draft."""
    recruiter, agency, hr = people["recruiter"], people["agency"], people["hr"]
    manager, interviewer = people["manager"], people["interviewer"]
    signers = {"recruiter": recruiter, "hiring_manager": manager, "hr_generalist": hr}

    backend = requisitions["Senior Backend Engineer"]
    calendar = BusinessCalendar.for_requisition(backend)
    _intake(
        backend,
        recruiter,
        [recruiter, hr, manager],
        clock,
        scheduled=35,
        held=33,
        channel="video",
        where="https://meet.example.com/backend-intake",
    )
    profile = {
        "must_haves": [
            "5+ years building backend services in Python or Go",
            "Designed and run payment or ledger systems in production",
            "Owns on-call for the services they build",
        ],
        "nice_to_haves": ["PostgreSQL tuning", "Event-driven architecture", "Mentoring"],
        "qualifications": "Degree or equivalent experience.",
        "team_description": "Payments: card acquiring, payouts and the ledger.",
        "past_hires": "Engineers from fintech scale-ups who moved from features to ownership.",
        "knockout_questions": [
            {"question": "Do you have the right to work in the UK?", "answer": "Yes"},
            {"question": "Can you be in the London office two days a week?", "answer": "Yes"},
        ],
        "shortlist_size": 4,
    }
    clock.go(clock.day(33, 13, 30, calendar=calendar))
    _brief(
        backend,
        recruiter,
        profile,
        [
            ("Recruiter screen", 30, ["Owns on-call for the services they build"]),
            ("Technical interview", 60, profile["must_haves"][:2]),
            ("Team and values", 45, ["Mentoring"]),
        ],
        {
            "channels": ["job_boards", "referrals", "direct_search"],
            "target_companies": ["Monzo", "Wise", "GoCardless"],
            "notes": "Referral bonus doubled for this search.",
        },
        {
            "Recruiter screen": [recruiter],
            "Technical interview": [interviewer, manager],
            "Team and values": [manager],
        },
    )
    clock.go(clock.day(33, 15, 45, calendar=calendar))
    send_for_signature(requisition=backend, sent_by=recruiter)
    _sign_all(backend, signers, 1, clock, 33)
    # This week the hiring manager asked for a longer shortlist: a draft v2, not yet sent.
    clock.go(clock.day(2, 16, 30, calendar=calendar))
    changed = {**profile, "shortlist_size": 5}
    save_section(requisition=backend, section="role_profile", value=changed, edited_by=manager)

    analyst = requisitions["Data Analyst"]
    _intake(
        analyst,
        agency,
        [agency, hr, manager],
        clock,
        scheduled=25,
        held=23,
        channel="video",
        where="https://meet.example.com/analyst-intake",
    )
    clock.go(clock.day(23, 15, calendar=calendar))
    _brief(
        analyst,
        agency,
        {
            "must_haves": ["Advanced SQL", "Financial reporting"],
            "nice_to_haves": ["Python", "Looker", "Forecasting"],
            "qualifications": "Finance or statistics background.",
            "team_description": "Finance analytics for the monthly close.",
            "past_hires": "",
            "knockout_questions": [
                {"question": "Are you available for a 12-month contract?", "answer": "Yes"}
            ],
            "shortlist_size": 3,
        },
        [("Case study", 90, ["Advanced SQL", "Financial reporting"])],
        {"channels": ["agency"], "target_companies": [], "notes": ""},
        {"Case study": [manager]},
    )
    clock.go(clock.day(23, 15, 45, calendar=calendar))
    send_for_signature(requisition=analyst, sent_by=agency)
    _sign_all(analyst, {**signers, "recruiter": agency}, 1, clock, 23)

    designer = requisitions["Product Designer"]
    _intake(
        designer,
        hr,
        [recruiter, hr, manager],
        clock,
        scheduled=3,
        held=-5,
        channel="in_person",
        where="Room 3.02",
    )
    clock.go(clock.day(3, 14, 30, calendar=calendar))
    save_section(
        requisition=designer,
        section="role_profile",
        value={
            "must_haves": ["A portfolio of shipped product work", "Runs user research"],
            "nice_to_haves": ["Design systems"],
            "qualifications": "",
            "team_description": "Two designers across the web and mobile apps.",
            "past_hires": "",
            "knockout_questions": [],
            "shortlist_size": 3,
        },
        edited_by=hr,
    )
