"""API routes of the assessments, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports.assessments import api

urlpatterns = [
    path("me/assessments/", api.MyAssessmentsView.as_view(), name="my-assessments"),
    path(
        "me/assessments/<int:pk>/answers/",
        api.MyAssessmentAnswersView.as_view(),
        name="my-assessment-answers",
    ),
    path(
        "programs/<int:pk>/assessments/<int:instrument_pk>/results/",
        api.InstrumentResultsView.as_view(),
        name="assessment-results",
    ),
]
