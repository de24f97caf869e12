from django.urls import path

from . import views

app_name = "pipeline"

base = "requisitions/<int:pk>/"
one = f"{base}candidates/<int:application>/"

urlpatterns = [
    path(f"{base}candidates/", views.candidates, name="candidates"),
    path(f"{base}candidates/new/", views.candidate_add, name="candidate-add"),
    path(one, views.application_detail, name="application-detail"),
    path(f"{one}move/", views.application_move, name="application-move"),
    path(f"{one}screening/", views.screening, name="screening"),
    path(f"{one}resume/", views.resume_download, name="resume"),
    path(f"{one}resume/upload/", views.resume_upload, name="resume-upload"),
    path(f"{one}questions/<int:question>/answer/", views.question_answer, name="question-answer"),
    path(f"{base}shortlist/", views.shortlist, name="shortlist"),
    path(f"{base}review/", views.review, name="review"),
    path(f"{base}review/<int:application>/", views.review_application, name="review-application"),
    path(f"{base}review/<int:application>/decide/", views.review_decide, name="review-decide"),
]
