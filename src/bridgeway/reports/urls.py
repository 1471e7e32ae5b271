from django.urls import include, path

from bridgeway.reports import views

app_name = "reports"

urlpatterns = [
    path("manage/<slug:org>/reports/", views.agency, name="agency"),
    path("manage/<slug:org>/reports/export/<str:fmt>/", views.agency_export, name="agency_export"),
    path(
        "manage/<slug:org>/reports/mentorships/<str:fmt>/",
        views.agency_mentorships,
        name="agency_mentorships",
    ),
    path("manage/<slug:org>/reports/monthly/", views.agency_monthly, name="agency_monthly"),
    path("network/reports/", views.network, name="network"),
    path("network/reports/export/<str:fmt>/", views.network_export, name="network_export"),
    path("network/reports/monthly/", views.network_monthly, name="network_monthly"),
    path("", include("bridgeway.reports.assessments.urls")),
    path("", include("bridgeway.reports.recognition.urls")),
    path("", include("bridgeway.reports.funders.urls")),
    path("", include("bridgeway.reports.quality.urls")),
    path("", include("bridgeway.reports.partners.urls")),
]
