"""No page offers a link its reader may not follow: every internal link (`href`, `hx-get`)
on every page of the access matrix that a role opens answers that role with something
other than 403 or 404 (and never a 5xx). A link to a page that refuses its reader is a rule
the page failed to mirror: walking the demo found the check-in agenda linking the
manager's review to the recruiter and the pair scoreboard linking each person's own figures
to the other one.

Each role follows the links of the pages it may open (a GET, in a savepoint rolled back
after it, as the access matrix asks), each distinct link once."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from tests import test_access_matrix as matrix
from tests.access import ROLES
from tests.sessions import sign_in_once, use_session

globals().update({name: getattr(matrix, name) for name in dir(matrix) if name.endswith("_objects")})

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
# Not pages: files, the sign-out form's target, the admin's own pages (Django's) and the
# links an email sends (their tokens are the email's, not the reader's).
NOT_PAGES = ("/static/", "/media/", "/accounts/logout", "/admin/", "/act/", "/healthz")


@pytest.fixture
def world(request, requisition):
    names = sorted(n for n in dir(matrix) if n.endswith("_objects"))
    return {fixture: request.getfixturevalue(fixture) for fixture in names}


def _get(client, url, **headers):
    with transaction.atomic():
        response = client.get(url, **headers)
        transaction.set_rollback(True)
    return response


def test_every_link_a_page_offers_opens_for_its_reader(client, request, requisition, world):
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    sessions = sign_in_once(client, people)
    refused = []
    for role in people:
        use_session(client, sessions[role])
        followed = set()
        for name, (method, _needs, _data, headers, expected, *_extra) in sorted(
            matrix.MATRIX.items()
        ):
            if method != "get" or expected[role] != 200 or name.startswith("admin:"):
                continue
            url = reverse(name, kwargs=matrix.url_kwargs(name, world, requisition))
            page = _get(client, url, **headers)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            for link in LINK.findall(page.content.decode(errors="replace")):
                link = link.replace("&amp;", "&")
                if link.startswith(NOT_PAGES) or link in followed:
                    continue
                followed.add(link)
                status = _get(client, link).status_code
                if status in (403, 404) or status >= 500:
                    refused.append(f"{role}: {url} links {link}, which answers {status}")
    assert refused == [], "\n".join(refused)
