from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("status-board/", views.status_board, name="status-board"),
]
