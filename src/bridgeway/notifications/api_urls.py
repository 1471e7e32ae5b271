"""API routes of the notifications app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read/",
        api.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        api.NotificationsReadAllView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notification-preferences/",
        api.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
]
