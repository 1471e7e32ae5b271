"""API routes of the learning app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.learning import api

urlpatterns = [
    path(
        "enrollments/<int:pk>/training/",
        api.TrainingProgressView.as_view(),
        name="training-progress",
    ),
    path(
        "enrollments/<int:pk>/training/lessons/<int:lesson_pk>/complete/",
        api.LessonCompleteView.as_view(),
        name="training-lesson-complete",
    ),
    path(
        "enrollments/<int:pk>/training/modules/<int:module_pk>/attempts/",
        api.QuizAttemptView.as_view(),
        name="training-quiz-attempt",
    ),
]
