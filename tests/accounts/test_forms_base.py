"""Input that can never break a search (findings 3–6): the guards every form inherits."""

import datetime
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms_base import SafeForm, SafeFormMixin, local_datetime
from hiring.models import Requisition
from intake.models import Agreement, IntakeSession

HX = {"HTTP_HX_REQUEST": "true"}


def _project_forms():
    """Every Form class defined in the project's own apps, after importing all of it."""
    local = [app for app in apps.get_app_configs() if Path(app.path).parent == settings.BASE_DIR]
    for app in local:
        for info in pkgutil.walk_packages([app.path], prefix=f"{app.name}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)
    names = tuple(f"{app.name}." for app in local)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {cls for cls in walk(forms.BaseForm) if cls.__module__.startswith(names)}


def test_every_form_in_the_project_inherits_the_safe_form_base():
    found = _project_forms()
    assert len(found) > 10
    unsafe = sorted(
        f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, SafeFormMixin)
    )
    assert unsafe == [], "inherit accounts.forms_base.SafeForm / SafeModelForm"


class _Sample(SafeForm):
    title = forms.CharField(max_length=200)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    day = forms.DateField(required=False)
    count = forms.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Added after the base __init__, as several forms do: guarded all the same.
        self.fields["late"] = forms.CharField(required=False)


@pytest.mark.parametrize("char", ["\r", "\n", "\x00", "\t", "\x1b", "\x7f", "\x85", "\u2028"])
def test_a_single_line_field_refuses_control_characters(char):
    form = _Sample({"title": f"Backend{char}Engineer", "late": f"x{char}y"})
    assert not form.is_valid()
    assert set(form.errors) == {"title", "late"}


def test_a_textarea_keeps_line_breaks_and_tabs_but_refuses_nul():
    assert _Sample({"title": "ok", "notes": "one\r\ntwo\tthree"}).is_valid()
    form = _Sample({"title": "ok", "notes": "one\x00two"})
    assert not form.is_valid() and "notes" in form.errors


def test_dates_outside_2000_to_2100_and_huge_integers_are_refused():
    form = _Sample({"title": "ok", "day": "9999-12-31", "count": str(2**70)})
    assert not form.is_valid()
    assert set(form.errors) == {"day", "count"}
    assert _Sample({"title": "ok", "day": "2027-01-04", "count": "-5"}).is_valid()


@pytest.mark.django_db
def test_a_crlf_in_a_requisition_title_is_refused_and_nothing_changes(
    client, requisition, recruiter
):
    client.force_login(recruiter)
    title = requisition.title
    response = client.post(
        reverse("hiring:requisition-edit", kwargs={"pk": requisition.pk}),
        {"title": "Hidden\r\nBcc: everyone@example.com", "department": "Eng"},
    )
    assert response.status_code == 422
    assert Requisition.objects.get(pk=requisition.pk).title == title


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["must_haves", "nice_to_haves", "knockout_questions", "target_companies"]
)
def test_a_nul_byte_in_a_list_field_is_a_422_not_a_500(client, requisition, recruiter, field):
    client.force_login(recruiter)
    section = "sourcing" if field == "target_companies" else "role_profile"
    value = "Right to work\x00? | Yes" if field == "knockout_questions" else "Python\x00\nGo"
    data = {
        "role_profile-must_haves": "Python",
        "role_profile-nice_to_haves": "Go",
        "role_profile-knockout_questions": "",
        "role_profile-shortlist_size": "4",
        f"{section}-{field}": value,
    }
    response = client.post(
        reverse("intake:section-save", kwargs={"pk": requisition.pk, "section": section}),
        data,
        **HX,
    )
    assert response.status_code == 422
    assert f'id="id_{section}-{field}_error"' in response.content.decode()
    assert not Agreement.objects.exists()


def _schedule(client, requisition, people, **fields):
    data = {
        "duration_minutes": "60",
        "channel": "video",
        "attendees": [str(p.pk) for p in people],
        **fields,
    }
    return client.post(reverse("intake:intake-schedule", kwargs={"pk": requisition.pk}), data)


@pytest.mark.django_db
def test_an_intake_on_9999_12_31_is_refused_not_a_500(client, requisition, recruiter):
    requisition.time_zone = "Pacific/Kiritimati"  # UTC+14: the year-10000 overflow
    requisition.save()
    client.force_login(recruiter)
    response = _schedule(client, requisition, [recruiter], date="9999-12-31", time="23:30")
    assert response.status_code == 422
    assert "between 2000 and 2100" in response.content.decode()
    assert not IntakeSession.objects.exists()


@pytest.mark.django_db
def test_a_local_time_inside_the_clocks_forward_gap_is_refused_with_the_nearest_times(
    client, requisition, recruiter, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC))
    client.force_login(recruiter)
    response = _schedule(client, requisition, [recruiter], date="2027-03-28", time="01:30")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_time_error"' in html
    assert "does not exist" in html and "00:45 and 02:00" in html
    assert not IntakeSession.objects.exists()


@pytest.mark.django_db
def test_a_local_time_that_happens_twice_is_asked_about_then_saved_as_chosen(
    client, requisition, recruiter, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 10, 1, 9, tzinfo=datetime.UTC))
    client.force_login(recruiter)
    response = _schedule(client, requisition, [recruiter], date="2027-10-31", time="01:30")
    assert response.status_code == 422
    html = response.content.decode()
    assert "happens twice" in html and 'name="fold"' in html
    assert not IntakeSession.objects.exists()
    response = _schedule(
        client, requisition, [recruiter], date="2027-10-31", time="01:30", fold="1"
    )
    assert response.status_code == 302
    assert IntakeSession.objects.get().starts_at == datetime.datetime(
        2027, 10, 31, 1, 30, tzinfo=datetime.UTC
    )


def test_local_datetime_reads_ordinary_gap_and_fold_times_in_the_zone():
    zone = "Europe/London"
    summer = local_datetime(datetime.date(2027, 7, 1), datetime.time(9), zone)
    assert summer.utcoffset() == datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as gap:
        local_datetime(datetime.date(2027, 3, 28), datetime.time(1, 7), zone)
    assert gap.value.code == "nonexistent_time"
    assert gap.value.params["before"].time() == datetime.time(0, 59)
    assert gap.value.params["after"].time() == datetime.time(2, 0)
    with pytest.raises(ValidationError) as twice:
        local_datetime(datetime.date(2027, 10, 31), datetime.time(1, 30), zone)
    assert twice.value.code == "ambiguous_time"
    first = local_datetime(datetime.date(2027, 10, 31), datetime.time(1, 30), zone, fold=0)
    assert first.utcoffset() == datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_the_admin_refuses_a_crlf_title_too(client, requisition, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:hiring_requisition_change", args=[requisition.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data |= {"title": "Hidden\r\nBcc: everyone@example.com"}
    response = client.post(url, data)
    assert response.status_code == 200  # the admin shows its form again, with the error
    assert "title" in response.context["adminform"].form.errors
    assert Requisition.objects.get(pk=requisition.pk).title != data["title"]


@pytest.mark.django_db
def test_every_admin_add_page_opens_on_the_safe_base(client, admin_user):
    from django.contrib import admin

    client.force_login(admin_user)
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(type("R", (), {"user": admin_user})()):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert client.get(url).status_code == 200, url
