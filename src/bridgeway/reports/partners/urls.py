"""Partners' pages, included by reports/urls.py (names in the `reports:` namespace)."""

from django.urls import path

from bridgeway.reports.partners import staff_views, views

urlpatterns = [
    path("manage/<slug:org>/partners/", staff_views.agency_partners, name="partners_agency"),
    path("network/partners/", staff_views.network_partners, name="partners_network"),
    path("manage/partners/<int:pk>/", staff_views.partner_manage, name="partner_manage"),
    path(
        "manage/partners/<int:pk>/contacts/",
        staff_views.contact_invite,
        name="partner_contact_invite",
    ),
    path(
        "manage/partner-contacts/<int:pk>/remove/",
        staff_views.contact_remove,
        name="partner_contact_remove",
    ),
    path("manage/partners/<int:pk>/links/", staff_views.link_new, name="partner_link_new"),
    path("manage/partner-links/<int:pk>/", staff_views.link_answer, name="partner_link_answer"),
    path("partner/<int:pk>/", views.partner_page, name="partner"),
    path("partner/<int:pk>/export/<str:fmt>/", views.partner_export, name="partner_export"),
    path("partner/letters/<int:pk>/pdf/", views.letter_pdf, name="partner_letter_pdf"),
    path("partner/join/<str:token>/", views.join, name="partner_join"),
    path("my/employer/", views.my_employer, name="my_employer"),
    path("my/employer/<int:pk>/", views.my_employer_link, name="my_employer_link"),
]
