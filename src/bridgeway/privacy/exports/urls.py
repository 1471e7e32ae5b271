from django.urls import path

from bridgeway.privacy.exports import views

app_name = "privacy_exports"

urlpatterns = [
    path("account/data/", views.my_data, name="mine"),
    path("account/data/download/<str:token>/", views.download, name="download"),
    path("manage/enrollments/<int:pk>/data-export/", views.staff_ask, name="staff_ask"),
    path("manage/<slug:org>/data-requests/", views.staff_list, name="staff_list"),
]
