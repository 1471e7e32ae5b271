"""API routes of the funder exports, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports.funders import api

MAPPINGS = "staff/agencies/<slug:org>/funder-mappings/"

urlpatterns = [
    path(MAPPINGS, api.MappingListView.as_view(), name="funder-mappings"),
    path(MAPPINGS + "<slug:ref>/check/", api.MappingCheckView.as_view(), name="funder-check"),
    path(
        MAPPINGS + "<slug:ref>/export/<str:fmt>/",
        api.MappingExportView.as_view(),
        name="funder-export",
    ),
]
