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
