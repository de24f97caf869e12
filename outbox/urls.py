from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("operations/mail/", views.mail_list, name="mail-list"),
    path("operations/mail/<int:pk>/", views.mail_detail, name="mail-detail"),
    path("operations/mail/<int:pk>/html/", views.mail_html, name="mail-html"),
    path(
        "operations/mail/<int:pk>/attachments/<int:attachment>/",
        views.mail_attachment,
        name="mail-attachment",
    ),
]
