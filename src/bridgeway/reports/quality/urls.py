"""Addresses of the match-quality report, included in the reports app's (its `reports:` names)."""

from django.urls import path

from bridgeway.reports.quality import views

urlpatterns = [
    path("manage/<slug:org>/reports/match-quality/", views.match_quality, name="match_quality"),
    path(
        "manage/<slug:org>/reports/match-quality/csv/",
        views.match_quality_csv,
        name="match_quality_csv",
    ),
]
