from django.urls import path

from .views import board, home

app_name = "insights"

urlpatterns = [
    path("", home.home, name="home"),
    path("status-board/", board.status_board, name="status-board"),
]
