from django.urls import path

from bridgeway.core import views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("manage/<slug:org>/settings/", views.agency_settings, name="agency_settings"),
    path("manage/<slug:org>/staff/", views.agency_staff, name="agency_staff"),
    path(
        "manage/<slug:org>/staff/<int:pk>/role/", views.agency_staff_role, name="agency_staff_role"
    ),
    path(
        "manage/<slug:org>/staff/<int:pk>/remove/",
        views.agency_staff_remove,
        name="agency_staff_remove",
    ),
    path(
        "manage/<slug:org>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("manage/<slug:org>/audit/", views.agency_audit, name="agency_audit"),
    path("network/agencies/", views.network_agencies, name="network_agencies"),
    path("network/agencies/new/", views.network_agency_new, name="network_agency_new"),
    path("network/agencies/<int:pk>/", views.network_agency_edit, name="network_agency_edit"),
]
