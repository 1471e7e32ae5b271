"""API routes of the concerns app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.concerns import api

urlpatterns = [
    path("concerns/", api.MyConcernListView.as_view(), name="concern-list"),
    path("concerns/<int:pk>/", api.MyConcernDetailView.as_view(), name="concern-detail"),
    path("concerns/<int:pk>/answers/", api.MyConcernAnswerView.as_view(), name="concern-answers"),
    path("staff/concerns/", api.StaffConcernListView.as_view(), name="staff-concern-list"),
    path(
        "staff/concerns/<int:pk>/",
        api.StaffConcernDetailView.as_view(),
        name="staff-concern-detail",
    ),
    path(
        "staff/concerns/<int:pk>/notes/",
        api.StaffConcernNoteView.as_view(),
        name="staff-concern-notes",
    ),
]
