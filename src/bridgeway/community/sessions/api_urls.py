"""API routes of group sessions, included by community/api_urls.py (under /api/v1/)."""

from django.urls import path

from bridgeway.community.sessions import api

urlpatterns = [
    path("community/sessions/", api.SessionListView.as_view(), name="community-sessions"),
    path(
        "community/sessions/<int:pk>/",
        api.SessionDetailView.as_view(),
        name="community-session",
    ),
    path(
        "community/sessions/<int:pk>/registration/",
        api.RegistrationView.as_view(),
        name="community-session-registration",
    ),
    path(
        "community/sessions/manage/",
        api.StaffSessionListView.as_view(),
        name="community-sessions-manage",
    ),
    path(
        "community/sessions/manage/<int:pk>/",
        api.StaffSessionDetailView.as_view(),
        name="community-sessions-manage-session",
    ),
    path(
        "community/sessions/manage/<int:pk>/attendance/",
        api.AttendanceView.as_view(),
        name="community-sessions-attendance",
    ),
]
