from django.urls import path

from bridgeway.privacy.erasure import views

app_name = "privacy_erasure"

urlpatterns = [
    path("account/delete/", views.mine, name="mine"),
    path("manage/<slug:org>/erasure/", views.staff_list, name="staff_list"),
    path("manage/<slug:org>/erasure/new/", views.staff_new, name="staff_new"),
    path("manage/erasure/<int:pk>/", views.staff_detail, name="staff_detail"),
]
