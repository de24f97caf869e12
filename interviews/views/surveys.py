"""The candidate's survey after an interview (no login: the signed link is the key) and its
results: fronts `interviews/surveys.py`."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from ..forms import SurveyForm
from ..surveys import SurveyLinkRefused, answer_survey, survey_figures, survey_for_token

REFUSALS = {
    "forged": (404, "This link is not valid."),
    "expired": (410, "This survey link has expired."),
    "used": (410, "This survey was already answered. Thank you!"),
}


@login_not_required
@require_http_methods(["GET", "POST"])
def survey(request, token):
    try:
        found = survey_for_token(token)
    except SurveyLinkRefused as refused:
        status, text = REFUSALS[refused.reason]
        return render(request, "interviews/survey.html", {"refused": text}, status=status)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_survey(
                    token=token, ratings=form.ratings(), comment=form.cleaned_data["comment"]
                )
            except SurveyLinkRefused as refused:
                status, text = REFUSALS[refused.reason]
                return render(request, "interviews/survey.html", {"refused": text}, status=status)
            return render(request, "interviews/survey.html", {"thanks": True})
        status = 422
    else:
        status = 200
    interview = found.interview
    response = render(
        request,
        "interviews/survey.html",
        {
            "form": form,
            "job_title": interview.requisition.title,
            "stage": interview.stage_name,
            "organisation": settings.ACCORD_ORGANISATION_NAME,
        },
        status=status,
    )
    # The site's Referrer-Policy (same-origin) keeps the token from other sites; no-referrer
    # would make the browser send `Origin: null` with the answers and fail the CSRF check.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def survey_results(request):
    """HR leads and admins see everyone's averages; anyone else only their own, as the
    recruiter or hiring manager they are about (still only from three answers on) — an HR
    generalist who is not a lead sees no other team's (issue 20, finding 6)."""
    everyone = request.user.is_active and (request.user.is_admin or request.user.is_hr_lead)
    recruiters = survey_figures(about="recruiter")
    managers = survey_figures(about="hiring_manager")
    if not everyone:
        recruiters = [r for r in recruiters if r["person_id"] == request.user.pk]
        managers = [r for r in managers if r["person_id"] == request.user.pk]
    return render(
        request,
        "interviews/survey_results.html",
        {"recruiters": recruiters, "managers": managers, "everyone": everyone},
    )
