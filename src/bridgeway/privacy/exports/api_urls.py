"""API routes of data exports, mounted under /api/v1/."""

from django.urls import path

from bridgeway.privacy.exports import api

urlpatterns = [
    path("me/exports/", api.MyExportsView.as_view(), name="privacy-exports-mine"),
]
