from django.urls import path

from bridgeway.concerns import views

app_name = "concerns"

urlpatterns = [
    path("my/concerns/", views.my_list, name="my_list"),
    path("my/concerns/new/", views.my_new, name="my_new"),
    path("my/concerns/<int:pk>/", views.my_detail, name="my_detail"),
    path("manage/<slug:org>/concerns/", views.staff_list, name="staff_list"),
    path("manage/<slug:org>/concerns/new/", views.staff_new, name="staff_new"),
    path("manage/<slug:org>/concerns/counts/", views.staff_counts, name="staff_counts"),
    path("manage/concerns/<int:pk>/", views.staff_detail, name="staff_detail"),
]
