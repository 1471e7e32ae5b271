"""API routes of the questionnaires app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.programs.questionnaires import api

urlpatterns = [
    path(
        "programs/<int:pk>/questions/",
        api.ProgramQuestionsView.as_view(),
        name="program-questions",
    ),
    path(
        "enrollments/<int:pk>/answers/",
        api.EnrollmentAnswersView.as_view(),
        name="enrollment-answers",
    ),
]
