from django.urls import path

from .views import board, brief_check, candidates, fill, review, screening, submissions

app_name = "pipeline"

base = "requisitions/<int:pk>/"
one = f"{base}candidates/<int:application>/"

urlpatterns = [
    path(f"{base}candidates/", board.candidates, name="candidates"),
    path(f"{base}candidates/new/", candidates.candidate_add, name="candidate-add"),
    path(one, candidates.application_detail, name="application-detail"),
    path(f"{one}move/", board.application_move, name="application-move"),
    path(f"{one}screening/", screening.screening, name="screening"),
    path(f"{one}resume/", candidates.resume_download, name="resume"),
    path(f"{one}resume/upload/", candidates.resume_upload, name="resume-upload"),
    path(
        f"{one}questions/<int:question>/answer/",
        candidates.question_answer,
        name="question-answer",
    ),
    path(f"{base}shortlist/", submissions.shortlist, name="shortlist"),
    path(f"{base}fill/", fill.requisition_fill, name="requisition-fill"),
    path(f"{base}review/", review.review, name="review"),
    path(f"{base}review/<int:application>/", review.review_application, name="review-application"),
    path(f"{base}review/<int:application>/decide/", review.review_decide, name="review-decide"),
    path(f"{base}brief-check/", brief_check.brief_check, name="brief-check"),
    path(
        f"{base}brief-check/propose/", brief_check.brief_check_propose, name="brief-check-propose"
    ),
]
