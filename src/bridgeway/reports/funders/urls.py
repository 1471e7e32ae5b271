"""The funder export pages, included by reports/urls.py (names in the `reports:` namespace)."""

from django.urls import path

from bridgeway.reports.funders import views

FUNDERS = "manage/<slug:org>/reports/funders/"
MAPPING = FUNDERS + "<slug:ref>/"

urlpatterns = [
    path(FUNDERS, views.mapping_list, name="funders"),
    path(FUNDERS + "upload/", views.mapping_upload, name="funder_upload"),
    path(MAPPING, views.mapping_page, name="funder_mapping"),
    path(MAPPING + "mapping.toml", views.mapping_file, name="funder_mapping_file"),
    path(MAPPING + "problems.csv", views.problems_csv, name="funder_problems"),
    path(MAPPING + "export/<str:fmt>/", views.export, name="funder_export"),
]
