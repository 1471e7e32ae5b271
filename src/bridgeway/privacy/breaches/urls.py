from django.urls import path

from bridgeway.privacy.breaches import views

app_name = "breaches"

urlpatterns = [
    # The network's own register first: an agency's address has its short name there.
    path("manage/network/privacy/breaches/", views.network_list, name="network"),
    path("manage/network/privacy/breaches/new/", views.network_new, name="network_new"),
    path("manage/network/privacy/breaches.csv", views.network_csv, name="network_csv"),
    path("manage/<slug:org>/privacy/breaches/", views.agency_list, name="agency"),
    path("manage/<slug:org>/privacy/breaches/new/", views.agency_new, name="agency_new"),
    path("manage/<slug:org>/privacy/breaches.csv", views.agency_csv, name="agency_csv"),
    path("manage/privacy/breaches/<int:pk>/", views.detail, name="detail"),
    path("manage/privacy/breaches/<int:pk>/edit/", views.edit, name="edit"),
    path("manage/privacy/breaches/<int:pk>/delete/", views.delete, name="delete"),
]
