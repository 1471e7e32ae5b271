"""API routes of erasure, mounted under /api/v1/."""

from django.urls import path

from bridgeway.privacy.erasure import api

urlpatterns = [
    path("me/erasure/", api.MyErasureView.as_view(), name="erasure-mine"),
    path("staff/erasure-requests/", api.StaffErasureListView.as_view(), name="staff-erasure-list"),
    path(
        "staff/erasure-requests/<int:pk>/approve/",
        api.StaffErasureApproveView.as_view(),
        name="staff-erasure-approve",
    ),
]
