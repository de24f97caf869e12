from django.urls import path

from .views import board, figures, home

app_name = "insights"

urlpatterns = [
    path("", home.home, name="home"),
    path("status-board/", board.status_board, name="status-board"),
    # Figures (issue 17): the pair scoreboard first, then one page per scope.
    path("figures/", figures.scoreboard, name="scoreboard"),
    path(
        "figures/organisation/",
        figures.figures,
        {"scope": "organisation"},
        name="figures-organisation",
    ),
    path(
        "figures/requisitions/<int:requisition>/",
        figures.figures,
        {"scope": "requisition"},
        name="figures-requisition",
    ),
    path(
        "figures/people/<int:person>/", figures.figures, {"scope": "person"}, name="figures-person"
    ),
    path(
        "figures/pairs/<int:recruiter>/<int:manager>/",
        figures.figures,
        {"scope": "pair"},
        name="figures-pair",
    ),
    path("figures/rows/", figures.figure_rows, name="figure-rows"),
]
