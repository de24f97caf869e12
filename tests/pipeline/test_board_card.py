"""A board card drawn by `{% board_card %}` (in Python, for speed: issue 24) is the HTML
its template drew: that template is kept beside this test and both are compared, card by card, for
every kind of card a board shows (a recruiter's and a manager's, closed with a reason, a
question open, past the stage's limit, refused)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from pipeline.models import Application, Candidate, DispositionReason, Stage

pytestmark = pytest.mark.django_db

# The card as candidates.html drew it before `{% board_card %}`.
CARD_TEMPLATE = (
    "{% load pipeline %}" + (Path(__file__).parent / "board_card_template.html").read_text()
)


def _fill(requisition, by):
    reason = DispositionReason.objects.filter(side="ours").first()
    people = Candidate.objects.bulk_create(
        Candidate(
            name=f"<b>Person</b> {i} & “co”",
            email=f"p{i}@example.com",
            current_title="Lead <dev>" if i % 2 else "",
            created_by=by,
        )
        for i in range(12)
    )
    stages = [Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED, Stage.INTERVIEW, Stage.REJECTED]
    Application.objects.bulk_create(
        Application(
            requisition=requisition,
            candidate=person,
            stage=stages[i % 5],
            interview_round=0 if stages[i % 5] == Stage.INTERVIEW else None,
            interview_stage_name="Technical" if stages[i % 5] == Stage.INTERVIEW else "",
            disposition_reason=reason if stages[i % 5] == Stage.REJECTED else None,
            question_open=i == 2,
            source="job_boards",
            sourced_by=by,
            stage_changed_at=timezone.now() - timedelta(days=3 * i),
        )
        for i, person in enumerate(people)
    )


@pytest.mark.parametrize("manager", [False, True])
def test_every_card_is_the_html_its_template_drew(
    client, active, requisition, recruiter, hiring_manager, manager
):
    _fill(requisition, recruiter)
    client.force_login(hiring_manager if manager else recruiter)
    response = client.get(reverse("pipeline:candidates", kwargs={"pk": requisition.pk}))
    context = response.context
    old = Template(CARD_TEMPLATE)
    new = Template("{% load pipeline %}{% board_card a column.key %}")
    cards = 0
    for column in context["columns"]:
        for a in column["cards"]:
            for refused in (None, a.pk):
                values = {
                    "a": a,
                    "column": column,
                    "can_drag": context["can_drag"],
                    "csrf_input": context.get("csrf_input", ""),
                    "move_error_for": refused,
                    "move_error": "Not <now>",
                }
                assert new.render(Context(values)).strip() == old.render(Context(values)).strip()
                cards += 1
    assert cards == 2 * 12


def test_every_list_row_is_the_html_its_template_drew(client, active, requisition, recruiter):
    _fill(requisition, recruiter)
    Candidate.objects.filter(name__endswith="1 & “co”").update(current_company="Acme <&>")
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk}) + "?view=list"
    applications = client.get(url).context["applications"]
    old = Template((Path(__file__).parent / "list_row_template.html").read_text())
    new = Template("{% load pipeline %}{% list_row a %}")
    for a in applications:
        values = Context({"a": a})
        assert new.render(values).strip() == old.render(values).strip()
    assert len(applications) == 12
