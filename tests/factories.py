import factory
from django.contrib.auth.models import Permission

from accounts.models import Role, User
from hiring.models import HiringTeamMember, Requisition, TeamRole

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.RECRUITER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def view_all(obj, create, extracted, **kwargs):
        if extracted:
            obj.user_permissions.add(Permission.objects.get(codename="view_all_requisitions"))
        if create:
            obj.save()


class RequisitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requisition

    title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    department = "Engineering"
    location = "London"
    country = "GB"
    time_zone = "Europe/London"
    salary_currency = "GBP"
    salary_min = 60000
    salary_max = 80000
    created_by = factory.SubFactory(UserFactory)


def put_on_team(requisition, user, role):
    return HiringTeamMember.objects.create(requisition=requisition, user=user, role=role)


__all__ = ["PASSWORD", "RequisitionFactory", "TeamRole", "UserFactory", "put_on_team"]


def make_commitment(
    requisition,
    owner,
    *,
    party="hiring_manager",
    title="Review Jane Doe",
    days=2,
    subject=None,
    kind="review_candidate",
    url=None,
):
    """An open commitment through the ledger, due `days` business days from now."""
    from commitments.ledger import open_commitment
    from commitments.service_terms import ServiceTerm, Unit

    return open_commitment(
        kind=kind,
        requisition=requisition,
        owner=owner,
        party=party,
        subject=subject or requisition,
        title=title,
        url=url or f"/requisitions/{requisition.pk}/",
        term=ServiceTerm(party, days, Unit.BUSINESS_DAYS),
    )
