"""API routes of the learning app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.learning import api
from bridgeway.learning.library import api as library

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
    path("library/resources/", library.ResourceListView.as_view(), name="library-resources"),
    path("library/for-you/", library.ForYouView.as_view(), name="library-for-you"),
    path(
        "library/resources/<int:pk>/",
        library.ResourceDetailView.as_view(),
        name="library-resource",
    ),
    path(
        "library/resources/<int:pk>/versions/<int:version_pk>/file/",
        library.ResourceFileView.as_view(),
        name="library-resource-file",
    ),
    path(
        "library/agencies/<slug:org>/resources/",
        library.AgencyResourcesView.as_view(),
        name="library-agency-resources",
    ),
    path(
        "library/network/resources/",
        library.NetworkResourcesView.as_view(),
        name="library-network-resources",
    ),
    path(
        "library/manage/resources/<int:pk>/",
        library.ResourceManageView.as_view(),
        name="library-resource-manage",
    ),
    path(
        "library/manage/resources/<int:pk>/versions/",
        library.ResourceVersionsView.as_view(),
        name="library-resource-versions",
    ),
]
