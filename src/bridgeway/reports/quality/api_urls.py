"""API route of the match-quality report, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports.quality import api

urlpatterns = [
    path(
        "agencies/<slug:org>/reports/match-quality/",
        api.MatchQualityView.as_view(),
        name="match-quality",
    ),
]
