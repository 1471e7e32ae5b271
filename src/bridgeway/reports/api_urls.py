"""API routes of the reports, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports import api

urlpatterns = [
    path("reports/agencies/<slug:org>/", api.AgencyReportView.as_view(), name="reports-agency"),
    path(
        "reports/agencies/<slug:org>/export/<str:fmt>/",
        api.AgencyExportView.as_view(),
        name="reports-agency-export",
    ),
    path(
        "reports/agencies/<slug:org>/mentorships/<str:fmt>/",
        api.AgencyMentorshipsView.as_view(),
        name="reports-agency-mentorships",
    ),
    path("reports/network/", api.NetworkReportView.as_view(), name="reports-network"),
    path(
        "reports/network/export/<str:fmt>/",
        api.NetworkExportView.as_view(),
        name="reports-network-export",
    ),
]
