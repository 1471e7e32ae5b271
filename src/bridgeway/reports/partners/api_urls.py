"""API routes of partners, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports.partners import api

urlpatterns = [
    path("partners/", api.MyPartnersView.as_view(), name="partners-mine"),
    path("partners/<int:pk>/figures/", api.FiguresView.as_view(), name="partner-figures"),
    path("partners/<int:pk>/letters/", api.LettersView.as_view(), name="partner-letters"),
    path(
        "staff/partners/<int:pk>/links/", api.StaffLinksView.as_view(), name="partner-staff-links"
    ),
    path("staff/partner-links/<int:pk>/", api.StaffLinkView.as_view(), name="partner-staff-link"),
]
