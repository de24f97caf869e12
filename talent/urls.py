from django.urls import path

from .views import intake, pool

app_name = "talent"

urlpatterns = [
    path("talent/", pool.pool, name="pool"),
    path("talent/similar/", pool.similar, name="similar"),
    path("talent/people/<int:candidate>/", pool.person, name="person"),
    path(
        "requisitions/<int:pk>/talent/<int:candidate>/add/",
        pool.add_to_search,
        name="add-to-search",
    ),
    path("requisitions/<int:pk>/past-hires/", intake.past_hires, name="past-hires"),
]
