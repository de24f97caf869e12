import pytest

from hiring import demo as hiring_demo
from intake.agreements import active_agreement_for
from intake.demo import seed_agreements
from intake.models import Agreement, IntakeSession

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_agreements_are_made_through_the_domain_functions(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks, hiring_demo.demo_clock() as clock:
        people = hiring_demo.seed_people(clock)
        requisitions = hiring_demo.seed_requisitions(people, clock)
        seed_agreements(people, requisitions, clock)

    backend = requisitions["Senior Backend Engineer"]
    assert active_agreement_for(backend).version == 1
    draft = Agreement.objects.get(requisition=backend, state="draft")
    assert draft.version == 2 and draft.role_profile["shortlist_size"] == 5

    designer = requisitions["Product Designer"]
    assert IntakeSession.objects.get(requisition=designer).held_at is None
    assert Agreement.objects.get(requisition=designer).state == "draft"

    analyst = requisitions["Data Analyst"]
    assert active_agreement_for(analyst).version == 1
    assert callbacks  # invites enqueued on commit
