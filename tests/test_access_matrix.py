"""Every URL × every role → the status it must answer.

A URL added to the app and missing here fails `test_every_url_is_in_the_matrix`. The
requisition under test is open; its team is recruiter, hr_generalist, hiring_manager and
interviewer. `outsider` (a recruiter) and `agency_recruiter` are not on it; `hr_lead` is
not on it but has view_all_requisitions.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.access import ROLES, expect, off_the_search, wrong_answers
from tests.api.test_access_matrix import API_MATRIX
from tests.sessions import sign_in_once, use_session

MEMBERS = ("recruiter", "hr_generalist", "hiring_manager", "interviewer")

# Non-members get 404 whatever the URL; anonymous visitors are sent to log in.
on_requisition = off_the_search(anonymous=302)


HX = {"HTTP_HX_REQUEST": "true"}
NOT_REVIEWERS = {"recruiter": 403, "hr_generalist": 403, "hr_lead": 403, "interviewer": 403}
V1 = {"version": 1}

# name: (method, needs a requisition, data, extra headers, expected statuses[, extra URL
# kwargs, or a function of the commitment_objects fixture giving the URL kwargs]).
# Intake rows run against a draft agreement v1 (no must-haves yet, so it cannot be sent)
# and an intake already marked held.
MATRIX = {
    "insights:home": ("get", False, None, {}, expect(200, anonymous=302)),
    "insights:status-board": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hr_generalist=200, hr_lead=200, admin_user=200),
    ),
    # Figures (issue 17): the scoreboard shows everyone their own pairs (HR leads and admins
    # every pair); the organisation's figures are for HR leads and admins; a search's for
    # its leads and those who see everything; a person's for themselves; a pair's for its two.
    "insights:scoreboard": ("get", False, None, {}, expect(200, anonymous=302)),
    "insights:figures-organisation": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hr_lead=200, admin_user=200),
    ),
    "insights:figures-requisition": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: {"requisition": objects["commitment"].requisition_id},
    ),
    "insights:figures-person": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hiring_manager=200, hr_lead=200, admin_user=200),
        lambda objects: {"person": objects["commitment"].owner_id},
    ),
    "insights:figures-pair": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, recruiter=200, hiring_manager=200, hr_lead=200, admin_user=200),
        lambda objects: {
            "recruiter": objects["commitment"].requisition.recruiter.pk,
            "manager": objects["commitment"].owner_id,
        },
    ),
    # With no filters: the organisation's rows, for HR leads and admins.
    "insights:figure-rows": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hr_lead=200, admin_user=200),
    ),
    "hiring:requisition-list": ("get", False, None, {}, expect(200, anonymous=302)),
    "hiring:requisition-create": (
        "get",
        False,
        None,
        {},
        expect(200, anonymous=302, interviewer=403, agency_recruiter=403),
    ),
    "hiring:requisition-detail": ("get", True, None, {}, on_requisition(200)),
    "hiring:requisition-edit": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    # A move without its required reason: allowed people get 422 and nothing changes.
    "hiring:requisition-move": (
        "post",
        True,
        {"to_state": "on_hold", "reason": ""},
        HX,
        on_requisition(422, interviewer=403),
    ),
    "hiring:requisition-team": (
        "get",
        True,
        None,
        {},
        on_requisition(200, recruiter=403, interviewer=403),
    ),
    "hiring:requisition-journal": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "accounts:login": ("get", False, None, {}, expect(302, anonymous=200)),
    # API tokens: your own, always (another's is a 404: tests/api/test_tokens.py).
    "api-tokens:token-list": ("get", False, None, {}, expect(200, anonymous=302)),
    "api-tokens:token-revoke": (
        "post",
        False,
        {},
        {},
        expect(404, anonymous=302),
        lambda objects: {"pk": 999999},
    ),
    # Settings → Slack: one's own choice, for anyone signed in (tests/slack).
    "slack:settings": ("get", False, None, {}, expect(200, anonymous=302)),
    # Slack's interactivity endpoint: public, but only a request Slack signed within five
    # minutes acts (unsigned here: 403 for everyone, nothing changed; tests/slack).
    "slack:interactions": ("post", False, {"payload": "{}"}, {}, expect(403)),
    # The API's schema and docs page, for anyone signed in (operations: by token).
    "api:openapi-json": ("get", False, None, {}, expect(200, anonymous=302)),
    "api:openapi-view": ("get", False, None, {}, expect(200, anonymous=302)),
    # /api/v1/ itself: nothing there (django-ninja needs the name to build its paths).
    "api:api-root": ("get", False, None, {}, expect(404)),
    "accounts:logout": ("post", False, {}, {}, expect(302)),
    "accounts:security": ("get", False, None, {}, expect(200, anonymous=302)),
    "accounts:logout-everywhere": ("post", False, {}, {}, expect(302)),
    # Password reset works signed in or not; a bad link shows "no longer works" (200).
    "accounts:password-reset": ("get", False, None, {}, expect(200)),
    "accounts:password-reset-done": ("get", False, None, {}, expect(200)),
    "accounts:password-reset-confirm": (
        "get",
        False,
        None,
        {},
        expect(200),
        lambda objects: {"uidb64": "MQ", "token": "bad-token"},
    ),
    "accounts:password-reset-complete": ("get", False, None, {}, expect(200)),
    # Single sign-on is off unless configured (tests/accounts/test_oidc.py turns it on).
    "accounts:oidc-start": ("get", False, None, {}, expect(404)),
    "accounts:oidc-callback": ("get", False, None, {}, expect(404)),
    "health:healthz": ("get", False, {"only": "database"}, {}, expect(200)),
    # The metrics need the health token or a staff session (admins).
    "health:metrics": ("get", False, None, {}, expect(403, admin_user=200)),
    # Admins only: failed and stuck sends, and "Retry now".
    "health:email-list": ("get", False, None, {}, expect(403, anonymous=302, admin_user=200)),
    "health:email-retry": (
        "post",
        False,
        {"email": "1"},
        {},
        expect(403, anonymous=302, admin_user=302),
    ),
    "health:email-dismiss": (
        "post",
        False,
        {"email": "1", "reason": "address left the company"},
        {},
        expect(403, anonymous=302, admin_user=302),
    ),
    "intake:agreement": ("get", True, None, {}, on_requisition(200)),
    "intake:intake-schedule": (
        "get",
        True,
        None,
        {},
        on_requisition(200, hiring_manager=403, interviewer=403),
    ),
    # Already held: allowed people get 422 and nothing changes.
    "intake:intake-held": (
        "post",
        True,
        {},
        {},
        on_requisition(302, hiring_manager=403, interviewer=403),
    ),
    "intake:intake-ics": ("get", True, None, {}, on_requisition(200)),
    "intake:section-save": (
        "post",
        True,
        {},
        HX,
        on_requisition(422, interviewer=403),
        {"section": "role_profile"},
    ),
    "intake:matrix-cell": (
        "post",
        True,
        {},
        HX,
        on_requisition(200, interviewer=403),
        {"step": "sourcing", "party": "hiring_manager"},
    ),
    "intake:agreement-send": (
        "post",
        True,
        {},
        {},
        on_requisition(302, hiring_manager=403, interviewer=403),
    ),
    "intake:search-decline": (
        "post",
        True,
        {"reason": ""},
        {},
        on_requisition(403, recruiter=422),
    ),
    "intake:version-detail": ("get", True, None, {}, on_requisition(200), V1),
    # v1 is a draft, not awaiting signatures: the three parties get 422, others 403.
    "intake:version-sign": (
        "post",
        True,
        {},
        {},
        on_requisition(302, interviewer=403, hr_lead=403, admin_user=403),
        V1,
    ),
    "intake:version-diff": ("get", True, None, {}, on_requisition(200), V1),
    "commitments:notification-list": ("get", False, None, {}, expect(200, anonymous=302)),
    "commitments:notification-badge": ("get", False, None, HX, expect(200, anonymous=302)),
    "commitments:notification-read-all": ("post", False, {}, HX, expect(200, anonymous=302)),
    # The hiring manager's own notification; nobody else's.
    "commitments:notification-open": (
        "post",
        False,
        {},
        {},
        expect(404, anonymous=302, hiring_manager=302),
        lambda objects: {"pk": objects["notification"].pk},
    ),
    "commitments:preferences": ("get", False, None, {}, expect(200, anonymous=302)),
    # The hiring manager owes it: HR on the team, the other side and admins may waive.
    "commitments:commitment-waive": (
        "get",
        False,
        None,
        {},
        on_requisition(403, recruiter=200, hr_generalist=200, admin_user=200),
        lambda objects: {"pk": objects["commitment"].pk},
    ),
    # Issue 18: a commitment's page is for its owner and the search's leads; only the owner
    # (the hiring manager) declines or asks for more time (an empty form: 422, nothing
    # changes); with nothing pending there is nothing to answer (404).
    "commitments:commitment-detail": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: {"pk": objects["commitment"].pk},
    ),
    "commitments:commitment-decline": (
        "post",
        False,
        {},
        {},
        on_requisition(403, hiring_manager=422),
        lambda objects: {"pk": objects["commitment"].pk},
    ),
    "commitments:commitment-more-time": (
        "post",
        False,
        {},
        {},
        on_requisition(403, hiring_manager=422),
        lambda objects: {"pk": objects["commitment"].pk},
    ),
    "commitments:commitment-answer": (
        "post",
        False,
        {},
        {},
        on_requisition(404, interviewer=403),
        lambda objects: {"pk": objects["commitment"].pk},
    ),
    # Issue 18: the signed-in confirmation of a button (the bell's, or an email's when email
    # actions are off); a GET only shows it. The button of an email without its token: a
    # page that says the link is not one Accord sent (400), signed in or not.
    "commitments:commitment-act": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: {"pk": objects["commitment"].pk, "action": "remind_again"},
    ),
    "commitments:email-action": ("get", False, None, {}, expect(400)),
    # Away and stand-ins: everyone signed in sets their own; ending one that is not theirs
    # (the hiring manager's, below) is 404 unless HR or an admin, and the hiring manager.
    "commitments:absences": ("get", False, None, {}, expect(200, anonymous=302)),
    "commitments:absence-end": (
        "post",
        False,
        {},
        {},
        expect(
            404, anonymous=302, hiring_manager=302, hr_generalist=302, hr_lead=302, admin_user=302
        ),
        lambda objects: {"pk": objects["absence"].pk},
    ),
    "commitments:requisition-commitments": (
        "get",
        True,
        None,
        HX,
        on_requisition(200, interviewer=403),
    ),
    "checkins:status-update": ("get", True, None, {}, on_requisition(403, recruiter=200)),
    # Check-in rows run against checkin_objects: a past occurrence (9001, to record), a future
    # one (9002, to move or cancel), a held one (9003, for the pulse) and an action item the
    # hiring manager owes (9001). Interviewers are on the team but not at the check-ins.
    "checkins:requisition-checkins": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "checkins:series-ics": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "checkins:checkin-detail": (
        "get",
        True,
        None,
        {},
        on_requisition(200, interviewer=403),
        {"pk": 9001},
    ),
    # Missed without a reason: the leads get 422 and nothing is recorded.
    "checkins:checkin-record": (
        "post",
        True,
        {"outcome": "missed", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"},
        {},
        on_requisition(422, interviewer=403, hr_lead=403, admin_user=403),
        {"pk": 9001},
    ),
    "checkins:checkin-move": (
        "post",
        True,
        {"reason": ""},
        {},
        on_requisition(422, interviewer=403, hr_lead=403, admin_user=403),
        {"pk": 9002},
    ),
    "checkins:checkin-cancel": (
        "post",
        True,
        {"reason": ""},
        {},
        on_requisition(422, interviewer=403, hr_lead=403, admin_user=403),
        {"pk": 9002},
    ),
    "checkins:checkin-pulse": (
        "get",
        True,
        None,
        {},
        on_requisition(200, interviewer=403, hr_lead=403, admin_user=403),
        {"pk": 9003},
    ),
    # Only its owner (the hiring manager) marks it done; the others read it.
    "checkins:action-item": (
        "get",
        True,
        None,
        {},
        on_requisition(200, interviewer=403),
        {"pk": 9001},
    ),
    "checkins:calendar-settings": ("get", False, None, {}, expect(200, anonymous=302)),
    "checkins:calendar-reset": ("post", False, {}, {}, expect(302)),
    # The feed answers its token only: a wrong one is 404 for everybody, logged in or not.
    "checkins:calendar-feed": (
        "get",
        False,
        None,
        {},
        expect(404),
        lambda objects: {"token": "not-the-token-of-anybody"},
    ),
    # Pipeline rows run against an active agreement with three candidates sourced by the
    # recruiter: one screened, one submitted and waiting for review (with a PDF résumé), one
    # submitted with the manager's question open. Interviewers see none of them (they are
    # scheduled for no interview), so their candidate URLs answer 404, like a stranger's.
    "pipeline:candidates": ("get", True, None, HX, on_requisition(200)),
    "pipeline:candidate-add": (
        "get",
        True,
        None,
        {},
        on_requisition(200, hiring_manager=403, interviewer=403),
    ),
    "pipeline:application-detail": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    # A rejection without its reason: allowed people get 422 and nothing changes.
    "pipeline:application-move": (
        "post",
        False,
        {"to_stage": "rejected"},
        HX,
        on_requisition(422, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    "pipeline:screening": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=404),
        lambda objects: objects["screened"],
    ),
    "pipeline:resume": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    # No file: the recruiter's side gets 422, the manager 403.
    "pipeline:resume-upload": (
        "post",
        False,
        {},
        {},
        on_requisition(422, hiring_manager=403, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    "pipeline:question-answer": (
        "post",
        False,
        {"answer": ""},
        {},
        on_requisition(422, hiring_manager=403, interviewer=404),
        lambda objects: objects["question"],
    ),
    "pipeline:shortlist": ("get", True, None, {}, on_requisition(200)),
    # "Mark filled" asks first (issue 25): whoever may fill the search sees the confirmation.
    "pipeline:requisition-fill": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    # The queue's first candidate: a redirect to their review page. The review is decided by
    # the matrix's Accountable for shortlist presentation, the hiring manager by default
    # (issue 25, finding 1): HR no longer stands in; an admin still may.
    "pipeline:review": ("get", True, None, {}, on_requisition(302, **NOT_REVIEWERS)),
    "pipeline:review-application": (
        "get",
        False,
        None,
        {},
        on_requisition(200, **NOT_REVIEWERS),
        lambda objects: objects["waiting"],
    ),
    # The calibration round (issue 21): the search's leads read it (this one has none: 404
    # on its actions); the recruiter and HR present, the hiring manager marks.
    "intake:calibration": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "intake:calibration-present": (
        "post",
        True,
        {},
        {},
        on_requisition(404, hiring_manager=403, interviewer=403),
    ),
    "intake:calibration-mark": (
        "post",
        True,
        {},
        {},
        on_requisition(403, hiring_manager=404, hr_lead=403, admin_user=403),
    ),
    "intake:calibration-amend": (
        "post",
        True,
        {},
        {},
        on_requisition(404, interviewer=403),
    ),
    # The brief check (issue 21): the search's leads read it, the recruiter and HR propose
    # the amended version from it (a proposal without the must-have's words: 422).
    "pipeline:brief-check": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "pipeline:brief-check-propose": (
        "post",
        True,
        {"change": "add", "words": ""},
        {},
        on_requisition(422, hiring_manager=403, interviewer=403),
    ),
    # A rejection without its reason: 422, nothing changes.
    "pipeline:review-decide": (
        "post",
        False,
        {"action": "reject"},
        {},
        on_requisition(422, **NOT_REVIEWERS),
        lambda objects: objects["waiting"],
    ),
    # The talent pool (issue 22): recruiters, HR and admins, each over the records they may
    # see (Pat Pool is in another search the recruiter runs: HR leads and admins see them,
    # the search's HR generalist and the outsider do not, nor the agency recruiter); hiring
    # managers and interviewers not at all. Adding Pat to this search sends the recruiter
    # and the admin to the new application (302).
    "talent:pool": (
        "get",
        False,
        None,
        {},
        expect(200, anonymous=302, hiring_manager=403, interviewer=403),
    ),
    "talent:similar": (
        "get",
        False,
        None,
        {},
        expect(200, anonymous=302, hiring_manager=403, interviewer=403),
        lambda objects: {},
    ),
    "talent:person": (
        "get",
        False,
        None,
        {},
        expect(
            200,
            anonymous=302,
            agency_recruiter=404,
            outsider=404,
            hr_generalist=404,
            hiring_manager=403,
            interviewer=403,
        ),
        lambda objects: {"candidate": objects["candidate"]},
    ),
    "talent:add-to-search": (
        "post",
        False,
        {},
        {},
        on_requisition(302, hr_generalist=404, hiring_manager=403, interviewer=403),
        lambda objects: {"pk": objects["pk"], "candidate": objects["candidate"]},
    ),
    "talent:past-hires": (
        "get",
        True,
        None,
        HX,
        on_requisition(200, hiring_manager=403, interviewer=403),
    ),
    # interviews: Jane Doe, interviewed by `interviewer` and the hiring manager an hour ago
    # (no scorecard yet), an offer being prepared (the default matrix: HR prepares, the
    # recruiter extends).
    "interviews:interview-list": ("get", True, None, {}, on_requisition(200)),
    "interviews:interview-schedule": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["application"],
    ),
    "interviews:interview-detail": (
        "get",
        False,
        None,
        {},
        on_requisition(200),
        lambda objects: objects["interview"],
    ),
    "interviews:interview-ics": (
        "get",
        False,
        None,
        {},
        on_requisition(200),
        lambda objects: objects["interview"],
    ),
    "interviews:interview-edit": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["interview"],
    ),
    # No reason given: allowed people get 422 and nothing changes.
    "interviews:interview-cancel": (
        "post",
        False,
        {"reason": ""},
        {},
        on_requisition(422, interviewer=403),
        lambda objects: objects["interview"],
    ),
    "interviews:interview-thanks": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["interview"],
    ),
    # Only the panel writes scorecards.
    "interviews:scorecard": (
        "get",
        False,
        None,
        {},
        on_requisition(403, interviewer=200, hiring_manager=200),
        lambda objects: objects["interview"],
    ),
    "interviews:scorecard-draft": (
        "post",
        False,
        {},
        HX,
        on_requisition(403, interviewer=200, hiring_manager=200),
        lambda objects: objects["interview"],
    ),
    # Independence (issue 25, finding 2): the panel — the hiring manager too — has not
    # submitted yet, so neither reads the others' scorecards; off the panel, as before.
    "interviews:scorecard-others": (
        "get",
        False,
        None,
        HX,
        on_requisition(200, interviewer=403, hiring_manager=403),
        lambda objects: objects["interview"],
    ),
    # The hiring manager on the panel gets the debrief held: who is missing and their own
    # scorecard to write, none of the others' (200); an interviewer 403.
    "interviews:debrief": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["application"],
    ),
    # No outcome chosen: an admin gets 422; the hiring manager, whose scorecard is not in,
    # 403 (the decision comes after it).
    "interviews:debrief-decide": (
        "post",
        False,
        {},
        {},
        on_requisition(403, admin_user=422),
        lambda objects: objects["application"],
    ),
    "interviews:offer": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["application"],
    ),
    # Not prepared yet: the recruiter (who extends) gets 422, nobody else may.
    "interviews:offer-extend": (
        "post",
        False,
        {},
        {},
        on_requisition(403, recruiter=422),
        lambda objects: objects["application"],
    ),
    "interviews:offer-close": (
        "post",
        False,
        {},
        {},
        on_requisition(403, recruiter=422),
        lambda objects: objects["application"],
    ),
    "interviews:message": (
        "get",
        False,
        None,
        {},
        on_requisition(200, interviewer=403),
        lambda objects: objects["rejection"],
    ),
    # The candidate's survey needs no login; a token that is not one is a 404 for anyone.
    "interviews:survey": (
        "get",
        False,
        None,
        {},
        expect(404),
        lambda objects: {"token": "not-a-token"},
    ),
    # HR leads and admins see everyone's averages, anyone else only their own (200 for all).
    "interviews:survey-results": ("get", False, None, {}, expect(200, anonymous=302)),
    # Personal data: HR leads and admins only (they see every search the person is in);
    # the team sees the candidate but gets 403, interviewers not on an interview 404.
    "privacy:candidate": (
        "get",
        False,
        None,
        {},
        on_requisition(403, hr_lead=200, admin_user=200, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    "privacy:candidate-export": (
        "post",
        False,
        {},
        {},
        on_requisition(403, hr_lead=200, admin_user=200, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    # Without the typed confirmation: 422 and nothing is erased.
    "privacy:candidate-erase": (
        "post",
        False,
        {"confirm": ""},
        {},
        on_requisition(403, hr_lead=422, admin_user=422, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    # Merging a possible duplicate: HR leads and admins; a profile that is not one is 422.
    "privacy:candidate-merge": (
        "post",
        False,
        {"other": "999999"},
        {},
        on_requisition(403, hr_lead=422, admin_user=422, interviewer=404),
        lambda objects: objects["waiting"],
    ),
    # Mail sent: admins only, and only where email is printed instead of sent (the fixture
    # turns ACCORD_MAIL_VIEWER on; tests/outbox/test_mail_viewer.py checks it off).
    "outbox:mail-list": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, admin_user=200),
        lambda objects: {},
    ),
    "outbox:mail-detail": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, admin_user=200),
        lambda objects: {"pk": objects["email"]},
    ),
    "outbox:mail-html": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, admin_user=200),
        lambda objects: {"pk": objects["email"]},
    ),
    "outbox:mail-attachment": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, admin_user=200),
        lambda objects: {"pk": objects["email"], "attachment": objects["attachment"]},
    ),
    # Webhooks (issue 23): admins only. Regenerating a secret shows it once (200).
    "webhooks:endpoint-list": ("get", False, None, {}, expect(403, anonymous=302, admin_user=200)),
    **{
        name: (
            method,
            False,
            data,
            {},
            expect(403, anonymous=302, admin_user=admin),
            lambda objects, url=name: objects[url],
        )
        for name, method, data, admin in (
            ("webhooks:endpoint-detail", "get", None, 200),
            ("webhooks:delivery-log", "get", None, 200),
            ("webhooks:endpoint-test", "post", {}, 302),
            ("webhooks:endpoint-secret", "post", {}, 200),
            ("webhooks:endpoint-delete", "post", {}, 302),
            ("webhooks:delivery-retry", "post", {}, 302),
        )
    },
    # Import of existing searches: the page for whoever may import one kind (recruiters,
    # HR, admins); requisitions (their template, their upload page) for HR leads and
    # admins; a run (a requisitions file the HR lead checked) is its importer's alone.
    "imports:index": (
        "get",
        False,
        None,
        {},
        expect(200, anonymous=302, hiring_manager=403, interviewer=403),
    ),
    "imports:template": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hr_lead=200, admin_user=200),
        lambda objects: {"kind": "requisitions", "fmt": "xlsx"},
    ),
    "imports:upload": (
        "get",
        False,
        None,
        {},
        expect(403, anonymous=302, hr_lead=200, admin_user=200),
        lambda objects: {"kind": "requisitions"},
    ),
    "imports:run": (
        "get",
        False,
        None,
        {},
        expect(404, anonymous=302, hr_lead=200),
        lambda objects: {"pk": objects["run"]},
    ),
    "imports:run-progress": (
        "get",
        False,
        None,
        HX,
        expect(404, anonymous=302, hr_lead=200),
        lambda objects: {"pk": objects["run"]},
    ),
    # Confirming the preview: the worker imports once this commits (never in this test).
    "imports:run-confirm": (
        "post",
        False,
        {},
        {},
        expect(404, anonymous=302, hr_lead=302),
        lambda objects: {"pk": objects["run"]},
    ),
    # Django's admin gates itself (is_staff); its other URLs follow the index.
    "admin:index": ("get", False, None, {}, expect(302, admin_user=200)),
}


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    """The API's operations are in `tests/api/test_access_matrix.py` (token-based rows)."""
    names = {n for n in _all_url_names() if not n.startswith("admin:")} | {"admin:index"}
    rows = set(MATRIX) | set(API_MATRIX)
    assert names - rows == set(), "add these URLs to the access matrix"
    assert rows - names == set(), "these matrix rows name no URL"


@pytest.fixture
def intake_objects(requisition, recruiter):
    """A draft agreement v1 and a held intake, for the rows that name a version."""
    from datetime import timedelta

    from django.utils import timezone

    from intake.drafting import draft_for_editing
    from intake.models import IntakeSession

    draft_for_editing(requisition=requisition, edited_by=recruiter)
    session = IntakeSession.objects.create(
        requisition=requisition,
        starts_at=timezone.now() + timedelta(days=2),
        scheduled_by=recruiter,
        held_at=timezone.now(),
    )
    session.attendees.set([recruiter])


@pytest.fixture
def checkin_objects(requisition, recruiter, hiring_manager):
    """A check-in series with a past, a future and a held occurrence and an action item."""
    from datetime import timedelta

    from django.utils import timezone

    from checkins.models import ActionItem, CheckIn, CheckInSeries

    now = timezone.now()
    series = CheckInSeries.objects.create(
        pk=9001,
        requisition=requisition,
        rrule="FREQ=WEEKLY;BYDAY=MO",
        starts_at=now - timedelta(days=7),
        time_zone=requisition.time_zone,
        channel="video",
        leader_party="recruiter",
        attendee_parties=["recruiter", "hr_generalist", "hiring_manager"],
    )
    for pk, starts_at, state in (
        (9001, now - timedelta(hours=2), CheckIn.State.SCHEDULED),
        (9002, now + timedelta(days=2), CheckIn.State.SCHEDULED),
        (9003, now - timedelta(days=7), CheckIn.State.HELD),
    ):
        CheckIn.objects.create(
            pk=pk,
            series=series,
            requisition=requisition,
            recurrence_id=starts_at,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            state=state,
        )
    ActionItem.objects.create(
        pk=9001,
        checkin_id=9003,
        requisition=requisition,
        text="Free two interview slots",
        owner=hiring_manager,
        due_on=now.date() + timedelta(days=2),
        created_by=recruiter,
    )


@pytest.fixture
def commitment_objects(requisition, hiring_manager):
    """An open commitment the hiring manager owes, and a notification about it."""
    from commitments.models import Notification
    from tests.factories import make_commitment

    commitment = make_commitment(requisition, hiring_manager)
    notification = Notification.objects.create(
        recipient=hiring_manager, requisition=requisition, text="x", url=commitment.url
    )
    from commitments.models import Absence

    absence = Absence.objects.create(
        person=hiring_manager,
        starts_on=timezone.localdate() + timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=31),
        set_by=hiring_manager,
    )
    return {"commitment": commitment, "notification": notification, "absence": absence}


@pytest.fixture
def pipeline_objects(requisition, recruiter, hiring_manager, hr_generalist, settings, tmp_path):
    """An active agreement and three candidates (see the pipeline rows)."""
    from pipeline.review import ask_recruiter
    from tests.pipeline.helpers import activate_agreement, pdf_upload, screened, submitted

    settings.MEDIA_ROOT = tmp_path / "media"
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    ready = screened(requisition, recruiter, name="Sam Screened")
    waiting = submitted(requisition, recruiter, name="Wendy Waiting", resume=pdf_upload())
    asked = submitted(requisition, recruiter, name="Quinn Question")
    question = ask_recruiter(application=asked, by=hiring_manager, text="Notice period?")
    one = {"pk": requisition.pk}
    return {
        "screened": {**one, "application": ready.pk},
        "waiting": {**one, "application": waiting.pk},
        "question": {**one, "application": asked.pk, "question": question.pk},
    }


@pytest.fixture
def interview_objects(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    from tests.interviews.helpers import matrix_objects

    return matrix_objects(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        interviewer=interviewer,
        manager_on_panel=True,
    )


@pytest.fixture
def outbox_objects(settings, requisition):
    """An email with an HTML part and an invite attached, on a machine that prints mail."""
    from outbox.mail import queue_email

    settings.ACCORD_MAIL_VIEWER = True
    email = queue_email(
        key="matrix-email",
        to="someone@example.com",
        subject="An invite",
        text="Open http://testserver/",
        html="<p>Open <a href='http://testserver/'>Accord</a></p>",
        attachments=[("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        requisition=requisition,
    )
    return {"email": email.pk, "attachment": email.attachments.get().pk}


@pytest.fixture
def talent_objects(requisition, recruiter):
    """Pat Pool, rejected in another search, with their pool document."""
    from tests.factories import RequisitionFactory, TeamRole, put_on_team
    from tests.talent.pool import person

    other = RequisitionFactory(created_by=recruiter, state="open")
    put_on_team(other, recruiter, TeamRole.RECRUITER)
    pat = person(other, recruiter, "Pat Pool", "rust kafka ledger", stage="rejected")
    return {"pk": requisition.pk, "candidate": pat.pk}


@pytest.fixture
def webhook_objects(settings):
    """A signed endpoint on a local receiver's address, and a failed delivery to it."""
    from webhooks.models import Delivery
    from webhooks.recording import create_endpoint

    settings.ACCORD_WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    endpoint = create_endpoint(
        by=None, name="ATS sync", kind="signed", url="http://127.0.0.1:9/hooks",
        events=["requisition.on_hold"],
    )  # fmt: skip
    failed = Delivery.objects.create(
        endpoint=endpoint, event_key="k", event="requisition.on_hold", body="{}",
        state="failed", give_up_at=timezone.now(),
    )  # fmt: skip
    one = {"pk": endpoint.pk}
    return {
        **{f"webhooks:{n}": one for n in ("endpoint-detail", "delivery-log", "endpoint-test")},
        "webhooks:endpoint-secret": one,
        "webhooks:endpoint-delete": one,
        "webhooks:delivery-retry": {**one, "delivery": failed.pk},
    }


@pytest.fixture
def import_objects(requisition, hr_lead):
    """A requisitions file the HR lead uploaded and the worker checked: one new search."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import running

    content = (
        b"external_id,title,department,location,recruiter,hr_generalist,hiring_manager\n"
        b"M-1,Matrix Engineer,Engineering,Berlin,riya,hannah,daniel\n"
    )
    run = running.start(
        kind="requisitions", upload=SimpleUploadedFile("matrix.csv", content), by=hr_lead
    )
    while running.check_some(run.pk):
        pass
    return {"run": run.pk}


# Rows whose URL arguments come from another app's objects fixture.
OBJECT_FIXTURES = {
    "talent": "talent_objects",
    "pipeline": "pipeline_objects",
    "interviews": "interview_objects",
    "privacy": "pipeline_objects",
    "outbox": "outbox_objects",
    "webhooks": "webhook_objects",
    "imports": "import_objects",
}
# Objects every row of an app runs against, whatever its URL arguments.
APP_FIXTURES = {
    "intake": "intake_objects",
    "checkins": "checkin_objects",
    "pipeline": "pipeline_objects",
}


def _status(response) -> int:
    """302 for "sent to log in" whether as a redirect or, for an htmx request, as the whole
    tab sent there (204 with HX-Redirect, accounts.sessions)."""
    if response.status_code == 204 and response.get("HX-Redirect", "").startswith(
        "/accounts/login/"
    ):
        return 302
    return response.status_code


def fixtures_for(name: str) -> tuple[str, ...]:
    """The objects fixtures a row runs against (beside the requisition and the people)."""
    app = name.partition(":")[0]
    extra = MATRIX[name][5:]
    needed = [APP_FIXTURES.get(app)]
    if extra and callable(extra[0]):
        needed.append(OBJECT_FIXTURES.get(app, "commitment_objects"))
    return tuple(sorted({f for f in needed if f}))


def url_kwargs(name: str, objects: dict, requisition) -> dict:
    method, needs_requisition, data, headers, expected, *extra = MATRIX[name]
    if extra and callable(extra[0]):
        return extra[0](objects[OBJECT_FIXTURES.get(name.partition(":")[0], "commitment_objects")])
    if needs_requisition:
        return {"pk": requisition.pk, **(extra[0] if extra else {})}
    return {}


# Rows that run against the same objects are one test: the objects are built once and each
# URL × role runs in a savepoint rolled back after it, so every request sees them as built.
WORLDS: dict[tuple[str, ...], list[str]] = {}
for _name in sorted(MATRIX):
    WORLDS.setdefault(fixtures_for(_name), []).append(_name)


def _world_id(fixtures: tuple[str, ...]) -> str:
    return "+".join(f.removesuffix("_objects") for f in fixtures) or "requisition"


@pytest.mark.parametrize("fixtures", sorted(WORLDS), ids=_world_id)
def test_access(fixtures, request, requisition, client):
    objects = {fixture: request.getfixturevalue(fixture) for fixture in fixtures}
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    # Each signed in once: every request below runs in a savepoint rolled back after it, so
    # each sees its session as signing in left it (tests/sessions.py).
    sessions = sign_in_once(client, people)
    wrong = []
    for name in WORLDS[fixtures]:
        method, needs_requisition, data, headers, expected, *extra = MATRIX[name]
        url = reverse(name, kwargs=url_kwargs(name, objects, requisition))

        def ask(role, method=method, url=url, data=data, headers=headers, check=needs_requisition):
            use_session(client, sessions.get(role))
            response = getattr(client, method)(url, data or {}, **headers)
            if check:
                requisition.refresh_from_db()
                assert requisition.state == "open", f"{role} {method.upper()} {url}"
            return _status(response)

        wrong += wrong_answers(name, method, url, expected, ask)
    assert wrong == [], "\n".join(wrong)
