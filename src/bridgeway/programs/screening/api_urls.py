"""API routes of the screening app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.programs.screening import api

urlpatterns = [
    path(
        "programs/<int:pk>/screening-items/",
        api.ProgramItemsView.as_view(),
        name="screening-items",
    ),
    path(
        "enrollments/<int:pk>/screening/",
        api.EnrollmentScreeningView.as_view(),
        name="screening-detail",
    ),
    path(
        "enrollments/<int:pk>/screening/checks/",
        api.RecordCheckView.as_view(),
        name="screening-check",
    ),
    path(
        "enrollments/<int:pk>/screening/approve/",
        api.ApproveView.as_view(),
        name="screening-approve",
    ),
    path(
        "enrollments/<int:pk>/screening/decline/",
        api.DeclineView.as_view(),
        name="screening-decline",
    ),
    path(
        "enrollments/<int:pk>/self-assessment/",
        api.MySelfAssessmentView.as_view(),
        name="self-assessment",
    ),
]
