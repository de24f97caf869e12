from django.urls import path

from . import views

app_name = "interviews"

base = "requisitions/<int:pk>/"
one = f"{base}interviews/<int:interview>/"
candidate = f"{base}candidates/<int:application>/"

urlpatterns = [
    path(f"{base}interviews/", views.interview_list, name="interview-list"),
    path(f"{candidate}interviews/new/", views.interview_schedule, name="interview-schedule"),
    path(one, views.interview_detail, name="interview-detail"),
    path(f"{one}interview.ics", views.interview_ics, name="interview-ics"),
    path(f"{one}edit/", views.interview_edit, name="interview-edit"),
    path(f"{one}cancel/", views.interview_cancel, name="interview-cancel"),
    path(f"{one}thanks/", views.interview_thanks, name="interview-thanks"),
    path(f"{one}scorecard/", views.scorecard, name="scorecard"),
    path(f"{one}scorecard/draft/", views.scorecard_draft, name="scorecard-draft"),
    path(f"{one}scorecards/", views.scorecard_others, name="scorecard-others"),
    path(f"{candidate}debrief/", views.debrief, name="debrief"),
    path(f"{candidate}debrief/decide/", views.debrief_decide, name="debrief-decide"),
    path(f"{candidate}offer/", views.offer, name="offer"),
    path(f"{candidate}offer/extend/", views.offer_extend, name="offer-extend"),
    path(f"{candidate}offer/close/", views.offer_close, name="offer-close"),
    path(f"{candidate}messages/<slug:kind>/", views.message, name="message"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("surveys/results/", views.survey_results, name="survey-results"),
]
