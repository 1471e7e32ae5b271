"""API routes of the intake app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.programs.intake import api

urlpatterns = [
    path("intake/", api.IntakeSubmitView.as_view(), name="intake-submit"),
    path("intake/consent/", api.IntakeConsentView.as_view(), name="intake-consent"),
    path("intake/suggestions/", api.IntakeSuggestionsView.as_view(), name="intake-suggestions"),
]
