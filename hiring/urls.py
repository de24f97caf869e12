from django.urls import path

from . import views

app_name = "hiring"

urlpatterns = [
    path("requisitions/", views.requisition_list, name="requisition-list"),
    path("requisitions/new/", views.requisition_create, name="requisition-create"),
    path("requisitions/<int:pk>/", views.requisition_detail, name="requisition-detail"),
    path("requisitions/<int:pk>/edit/", views.requisition_edit, name="requisition-edit"),
    path("requisitions/<int:pk>/move/", views.requisition_move, name="requisition-move"),
    path("requisitions/<int:pk>/team/", views.requisition_team, name="requisition-team"),
    path("requisitions/<int:pk>/journal/", views.requisition_journal, name="requisition-journal"),
]
