from django.urls import path

from bridgeway.dashboard import views

# Composed with core's patterns under the "core" namespace in config/urls.py, so the names
# (core:home, core:dashboard, core:agency_overview) stay what every page already links to.
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("manage/<slug:org>/", views.agency_overview, name="agency_overview"),
]
