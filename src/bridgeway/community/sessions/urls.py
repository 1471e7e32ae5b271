"""Addresses of group sessions, included by community/urls.py (the "community" namespace)."""

from django.urls import path

from bridgeway.community.sessions import staff_views, views

urlpatterns = [
    path("community/sessions/", views.sessions, name="sessions"),
    path("community/sessions/<int:pk>/", views.session, name="session"),
    path("community/sessions/<int:pk>/register/", views.session_register, name="session_register"),
    path("manage/<slug:org>/sessions/", staff_views.agency_sessions, name="sessions_agency"),
    path(
        "manage/<slug:org>/sessions/new/",
        staff_views.agency_session_new,
        name="sessions_agency_new",
    ),
    path("network/sessions/", staff_views.network_sessions, name="sessions_network"),
    path("network/sessions/new/", staff_views.network_session_new, name="sessions_network_new"),
    path("manage/sessions/<int:pk>/", staff_views.session_manage, name="session_manage"),
]
