from django.urls import path

from .views import debrief, messages, offers, scheduling, scorecards, surveys

app_name = "interviews"

base = "requisitions/<int:pk>/"
one = f"{base}interviews/<int:interview>/"
candidate = f"{base}candidates/<int:application>/"

urlpatterns = [
    path(f"{base}interviews/", scheduling.interview_list, name="interview-list"),
    path(f"{candidate}interviews/new/", scheduling.interview_schedule, name="interview-schedule"),
    path(one, scheduling.interview_detail, name="interview-detail"),
    path(f"{one}interview.ics", scheduling.interview_ics, name="interview-ics"),
    path(f"{one}edit/", scheduling.interview_edit, name="interview-edit"),
    path(f"{one}cancel/", scheduling.interview_cancel, name="interview-cancel"),
    path(f"{one}thanks/", messages.interview_thanks, name="interview-thanks"),
    path(f"{one}scorecard/", scorecards.scorecard, name="scorecard"),
    path(f"{one}scorecard/draft/", scorecards.scorecard_draft, name="scorecard-draft"),
    path(f"{one}scorecards/", scorecards.scorecard_others, name="scorecard-others"),
    path(f"{candidate}debrief/", debrief.debrief, name="debrief"),
    path(f"{candidate}debrief/decide/", debrief.debrief_decide, name="debrief-decide"),
    path(f"{candidate}offer/", offers.offer, name="offer"),
    path(f"{candidate}offer/extend/", offers.offer_extend, name="offer-extend"),
    path(f"{candidate}offer/close/", offers.offer_close, name="offer-close"),
    path(f"{candidate}messages/<slug:kind>/", messages.message, name="message"),
    path("survey/<str:token>/", surveys.survey, name="survey"),
    path("surveys/results/", surveys.survey_results, name="survey-results"),
]
