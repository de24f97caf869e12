"""Demo agreements, made through the same domain functions as the pages.

Called by `insights/management/commands/seed_demo.py`:

    from intake import demo as intake_demo
    intake_demo.seed_agreements(people, requisitions)

`people`: username → User (recruiter, agency, hr, manager, interviewer, admin);
`requisitions`: title → Requisition.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .drafting import save_section
from .models import Agreement
from .sessions import mark_intake_held, schedule_intake
from .signatures import send_for_signature, sign_agreement


def _sign_all(requisition, people_by_party, version):
    agreement = Agreement.objects.get(requisition=requisition, version=version)
    for party in ("recruiter", "hiring_manager", "hr_generalist"):
        sign_agreement(agreement=agreement, signer=people_by_party[party], version=version)


def _next_weekday(days_ahead: int, hour: int, zone) -> datetime:
    """A weekday `days_ahead` from today (negative: in the past) at `hour`: demo meetings
    fall on working days, as real ones do."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    step = timedelta(days=1 if days_ahead >= 0 else -1)
    while day.weekday() >= 5:
        day += step
    return datetime.combine(day, time(hour, 0), tzinfo=zone)


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


def seed_agreements(people, requisitions):
    """Backend: v1 active with a full brief, v2 drafted with one change. Designer: intake
    next week and a draft. Data Analyst (on hold): v1 active."""
    recruiter, agency, hr = people["recruiter"], people["agency"], people["hr"]
    manager, interviewer = people["manager"], people["interviewer"]

    backend = requisitions["Senior Backend Engineer"]
    zone = timezone.get_current_timezone()
    session = schedule_intake(
        requisition=backend,
        scheduled_by=recruiter,
        starts_at=_next_weekday(-3, 10, zone),  # held days ago; v1 came of it
        duration_minutes=60,
        channel="video",
        where="https://meet.example.com/backend-intake",
        attendees=[recruiter, hr, manager],
    )
    mark_intake_held(requisition=session.requisition, marked_by=recruiter)
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
    send_for_signature(requisition=backend, sent_by=recruiter)
    signers = {"recruiter": recruiter, "hiring_manager": manager, "hr_generalist": hr}
    _sign_all(backend, signers, 1)
    changed = {**profile, "shortlist_size": 5}
    save_section(requisition=backend, section="role_profile", value=changed, edited_by=manager)

    designer = requisitions["Product Designer"]
    schedule_intake(
        requisition=designer,
        scheduled_by=hr,
        starts_at=_next_weekday(7, 10, zone),
        duration_minutes=60,
        channel="in_person",
        where="Room 3.02",
        attendees=[recruiter, hr, manager],
    )
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

    analyst = requisitions["Data Analyst"]
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
    send_for_signature(requisition=analyst, sent_by=agency)
    _sign_all(analyst, {**signers, "recruiter": agency}, 1)
