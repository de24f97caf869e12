"""Every page of the admin opens for an admin: each registered model's list, its add page
(where adding is allowed) and the change page of one of its rows, over the objects of the
access matrix (an agreement, check-ins, candidates, interviews, commitments, imports…).
Found by walking the demo: a disposition reason's change page raised (its code read-only
and prefilled from the label at once)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import test_access_matrix as matrix

globals().update({name: getattr(matrix, name) for name in dir(matrix) if name.endswith("_objects")})

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, requisition):
    for fixture in sorted(n for n in dir(matrix) if n.endswith("_objects")):
        request.getfixturevalue(fixture)


def test_every_admin_page_opens_for_an_admin(client, admin_user, world):
    client.force_login(admin_user)
    broken, changed = [], 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages = [reverse(f"{name}_changelist")]
        if model_admin.has_add_permission(_request(client, admin_user)):
            pages.append(reverse(f"{name}_add"))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            pages.append(reverse(f"{name}_change", args=[row.pk]))
            changed += 1
        for url in pages:
            status = client.get(url).status_code
            if status != 200:
                broken.append(f"{url} answered {status}")
    assert broken == []
    assert changed >= 10, "the objects fixtures give most models a row"


def _request(client, user):
    from django.test import RequestFactory  # noqa: PLC0415 — only this helper needs it

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
