"""Seeding the people, the requisitions with their teams, and the agreements with their
signatures."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from accounts.models import Role, User
from hiring.models import HiringTeamMember, Requisition, TeamRole
from intake.models import Agreement, Signature, Signer
from intake.parts import default_parts

from .shape import (
    BATCH,
    DEPARTMENTS,
    FIRST,
    INTERVIEW_STAGES,
    LAST,
    MUST_HAVES,
    NICE_TO_HAVES,
    PASSWORD,
    PEOPLE_MIX,
    PLACES,
    PREFIX,
    TITLES,
    state_of,
)


class SearchSeeding:
    """People, requisitions, teams, agreements and signatures (a part of `_Seeder`)."""

    # --- people ----------------------------------------------------------------------
    def people(self):
        password = make_password(PASSWORD)
        total = self.shape.people
        rows, n = [], 0
        for role, agency, share in PEOPLE_MIX:
            count = max(1, round(total * share)) if share else total - len(rows)
            label = {
                Role.RECRUITER: "agency" if agency else "recruiter",
                Role.HR_GENERALIST: "hr",
                Role.HIRING_MANAGER: "manager",
                Role.INTERVIEWER: "interviewer",
                Role.ADMIN: "admin",
            }[role]
            for i in range(1, count + 1):
                first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
                n += 1
                rows.append(
                    User(
                        username=f"{PREFIX}{label}-{i:03d}",
                        password=password,
                        email=f"{label}{i}@bench.example",
                        first_name=first,
                        last_name=last,
                        role=role,
                        agency_name=f"Agency {i % 3 + 1}" if agency else "",
                        job_title=label.title(),
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                )
        self.users = User.objects.bulk_create(rows, batch_size=BATCH)
        for user in self.users:
            key = "agency" if user.agency_name else user.role
            self.by_role.setdefault(key, []).append(user)
        hr_leads, _ = Group.objects.get_or_create(name="HR leads")
        hr_leads.permissions.add(Permission.objects.get(codename="view_all_requisitions"))
        hr = self.by_role[Role.HR_GENERALIST]
        hr_leads.user_set.add(*hr[: max(1, len(hr) // 5)])

    def _pick(self, role: str, i: int) -> User:
        people = self.by_role[role]
        return people[i % len(people)]

    # --- requisitions, teams, agreements --------------------------------------------
    def requisitions(self):
        n, now = self.shape.requisitions, self.now
        rows = []
        for i in range(n):
            place, country, zone, currency = PLACES[i % len(PLACES)]
            if i == 0:
                state, title = Requisition.State.OPEN, "Big search: Customer Support Agent"
            else:
                state = state_of(i)
                title = f"{TITLES[i % len(TITLES)]} #{i:04d}"
            age = 5 + (i * 37) % (self.history_days - 5)
            created = now - timedelta(days=120 if i == 0 else age)
            opened = created + timedelta(days=3) if state != Requisition.State.DRAFT else None
            closed = None
            if state in (Requisition.State.FILLED, Requisition.State.CANCELLED):
                closed = min(opened + timedelta(days=30 + i % 60), now - timedelta(days=1))
            rows.append(
                Requisition(
                    title=title,
                    department=DEPARTMENTS[i % len(DEPARTMENTS)],
                    location=place,
                    country=country,
                    time_zone=zone,
                    headcount=1 + (i % 5 == 0),
                    salary_min=40_000 + (i % 9) * 5_000,
                    salary_max=60_000 + (i % 9) * 7_000,
                    salary_currency=currency,
                    state=state,
                    opened_at=opened,
                    closed_at=closed,
                    held_by_party=TeamRole.HIRING_MANAGER
                    if state == Requisition.State.ON_HOLD
                    else "",
                    created_by=self._pick(Role.RECRUITER, i),
                    created_at=created,
                )
            )
        self.reqs = Requisition.objects.bulk_create(rows, batch_size=BATCH)
        members = []
        for i, req in enumerate(self.reqs):
            lead = {
                TeamRole.RECRUITER: self._pick("agency", i)
                if i % 10 == 7
                else self._pick(Role.RECRUITER, i),
                TeamRole.HR_GENERALIST: self._pick(Role.HR_GENERALIST, i),
                TeamRole.HIRING_MANAGER: self._pick(Role.HIRING_MANAGER, i),
            }
            self.team[req.pk] = lead
            self.panel[req.pk] = [self._pick(Role.INTERVIEWER, 3 * i + k) for k in range(3)]
            for role, user in lead.items():
                members.append(
                    HiringTeamMember(requisition=req, user=user, role=role, added_at=req.created_at)
                )
            for user in self.panel[req.pk]:
                members.append(
                    HiringTeamMember(
                        requisition=req,
                        user=user,
                        role=TeamRole.INTERVIEWER,
                        added_at=req.created_at,
                    )
                )
        HiringTeamMember.objects.bulk_create(members, batch_size=BATCH)
        self._agreements()

    def _parts(self, req: Requisition, version: int) -> dict:
        parts = default_parts(req)
        parts["role_profile"].update(
            must_haves=MUST_HAVES,
            nice_to_haves=NICE_TO_HAVES,
            qualifications="Degree or equivalent experience.",
            team_description=f"The {req.department} team in {req.location}.",
            past_hires="People who grew from doing the work to owning it.",
            knockout_questions=[{"question": "Right to work here?", "answer": "Yes"}],
            shortlist_size=4 + version,
        )
        panel = self.panel[req.pk]
        parts["interview_plan"] = {
            "stages": [
                {
                    "name": name,
                    "length_minutes": minutes,
                    "focus_areas": focus,
                    "interviewers": [
                        {"id": p.pk, "name": p.display_name} for p in panel[k : k + 2]
                    ],
                }
                for k, (name, minutes, focus) in enumerate(INTERVIEW_STAGES)
            ]
        }
        parts["sourcing"] = {
            "channels": ["job_boards", "referrals"],
            "target_companies": ["Northwind", "Contoso"],
            "notes": "Referral bonus doubled.",
        }
        return parts

    def _agreements(self):
        rows = []
        for i, req in enumerate(self.reqs):
            if req.state == Requisition.State.DRAFT:
                continue
            recruiter = self.team[req.pk][TeamRole.RECRUITER]
            versions = 2 if i % 3 == 0 else 1
            for version in range(1, versions + 1):
                sent = req.opened_at - timedelta(days=2) + timedelta(days=20 * (version - 1))
                last = version == versions
                rows.append(
                    Agreement(
                        requisition=req,
                        version=version,
                        state=Agreement.State.ACTIVE if last else Agreement.State.SUPERSEDED,
                        created_by=recruiter,
                        created_at=sent - timedelta(days=1),
                        sent_at=sent,
                        sent_by=recruiter,
                        activated_at=sent + timedelta(days=1),
                        closed_at=None if last else sent + timedelta(days=20),
                        **self._parts(req, version),
                    )
                )
        self.agreements = Agreement.objects.bulk_create(rows, batch_size=1000)
        signatures = []
        for agreement in self.agreements:
            team = self.team[agreement.requisition_id]
            for k, party in enumerate(
                (Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST)
            ):
                signatures.append(
                    Signature(
                        agreement=agreement,
                        party=party,
                        signer=team[party],
                        signed_at=agreement.sent_at + timedelta(hours=3 + 5 * k),
                    )
                )
        Signature.objects.bulk_create(signatures, batch_size=BATCH)
