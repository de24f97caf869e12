"""Issue 21, "Check-ins that prepare themselves": the agenda of a check-in from what happened
since the last one, and the record that starts from it; a check-in not recorded says so in
the next agenda."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from checkins.agenda import agenda_for, agenda_text
from checkins.records import ActionItemDraft, open_due_records, record_checkin
from tests.pipeline.helpers import add

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AFTER_FIRST = datetime(2027, 3, 15, 11, 0, tzinfo=LONDON)
AFTER_SECOND = datetime(2027, 3, 22, 11, 0, tzinfo=LONDON)


@pytest.fixture
def checkins(requisition, spring, activate):
    activate()
    spring.move_to(AFTER_FIRST)
    return list(requisition.checkins.order_by("starts_at")[:3])


def test_agenda_lists_what_happened_since_the_last_check_in_for_both_sides(
    checkins, spring, requisition, recruiter, hiring_manager
):
    first, second, _third = checkins
    open_due_records()
    record_checkin(
        checkin=first,
        recorded_by=recruiter,
        held=True,
        progress="Kick-off",
        action_items=[ActionItemDraft("Free two slots", hiring_manager, date(2027, 3, 18))],
    )
    spring.move_to(datetime(2027, 3, 17, 12, 0, tzinfo=LONDON))
    add(requisition, recruiter, name="Ann Ames")
    agenda = agenda_for(second)
    assert agenda.previous == first and agenda.since == first.starts_at
    assert [m.application.candidate.name for m in agenda.moves] == ["Ann Ames"]
    assert [i.text for i in agenda.action_items] == ["Free two slots"]
    hiring = {s.label: s for s in agenda.sides}["Hiring manager and HR side"]
    assert [c.title for c in hiring.due_soon] == ["Action item: Free two slots"]
    assert agenda.missed == [] and agenda.finding is None
    text = agenda_text(agenda, LONDON)
    assert "Candidates moved: 1 to applied" in text and "Open action items: 1" in text


def test_agenda_of_the_next_check_in_says_the_last_was_not_recorded(checkins, spring, recruiter):
    first, second, third = checkins
    record_checkin(checkin=first, recorded_by=recruiter, held=True, progress="Kick-off")
    spring.move_to(AFTER_SECOND)  # the second passed and nobody recorded it
    open_due_records()
    agenda = agenda_for(third)
    assert agenda.missed == [second]
    assert "Check-ins missed or not recorded: 22 Mar" in agenda_text(agenda, LONDON)


def test_agenda_the_record_starts_from_it_and_the_page_shows_it(
    client, checkins, recruiter, hiring_manager
):
    first = checkins[0]
    client.force_login(recruiter)
    page = client.get(reverse("checkins:checkin-record", kwargs={"pk": first.pk}))
    assert page.status_code == 200
    assert page.context["form"].initial["progress"].startswith("Since ")
    assert "Agenda" in page.content.decode()
    client.force_login(hiring_manager)
    detail = client.get(reverse("checkins:checkin-detail", kwargs={"pk": checkins[1].pk}))
    assert 'id="agenda-title"' in detail.content.decode()


def test_agenda_is_emailed_the_morning_of_once_to_each_attendee(
    requisition, spring, activate, recruiter, hiring_manager
):
    from checkins.agenda_mail import send_checkin_agendas
    from outbox.models import OutboundEmail

    activate()
    first = requisition.checkins.order_by("starts_at").first()  # Monday 15 March, 10:00
    spring.move_to(datetime(2027, 3, 15, 7, 30, tzinfo=LONDON))
    assert send_checkin_agendas() == 0, "before anyone's working day"
    spring.move_to(datetime(2027, 3, 15, 9, 5, tzinfo=LONDON))
    send_checkin_agendas()
    send_checkin_agendas()
    emails = OutboundEmail.objects.filter(key__startswith=f"checkin-agenda:{first.pk}:")
    to = [e.to[0] for e in emails]
    assert len(to) == len(set(to)) and {recruiter.email, hiring_manager.email} <= set(to)
    assert "the agenda" in emails.first().subject


def test_agenda_links_each_reader_only_where_they_may_go(
    client, checkins, spring, requisition, recruiter, hiring_manager, hr_generalist
):
    """The owner follows a commitment to where they act on it; the others on the search to
    its own page (the page that fulfils it is the owner's: the manager's review refused the
    recruiter, who followed it from here), and every link opens for its reader."""
    first, second, _third = checkins
    record_checkin(
        checkin=first,
        recorded_by=recruiter,
        held=True,
        progress="Kick-off",
        action_items=[
            ActionItemDraft("Free two slots", hiring_manager, date(2027, 3, 18)),
            ActionItemDraft("Call the agency", recruiter, date(2027, 3, 18)),
        ],
    )
    spring.move_to(datetime(2027, 3, 17, 12, 0, tzinfo=LONDON))
    listed = [c for side in agenda_for(second).sides for c in (*side.overdue, *side.due_soon)]
    assert {c.owner for c in listed} >= {recruiter, hiring_manager}
    for reader in (recruiter, hiring_manager, hr_generalist):
        client.force_login(reader)
        page = client.get(reverse("checkins:checkin-detail", kwargs={"pk": second.pk}))
        for side in page.context["agenda"].sides:
            for commitment in (*side.overdue, *side.due_soon):
                if commitment.owner == reader:
                    assert commitment.link == commitment.acting_url
                else:
                    assert commitment.link in ("", f"/commitments/{commitment.pk}/")
                if commitment.link:
                    assert client.get(commitment.link).status_code == 200, (reader, commitment)
