from django.urls import path

from bridgeway.relationships import views

app_name = "relationships"

urlpatterns = [
    path("my/enrollments/<int:pk>/ask/", views.ask, name="ask"),
    path(
        "my/enrollments/<int:pk>/requests/<int:request_pk>/",
        views.request_detail,
        name="request",
    ),
    path("my/relationships/<int:pk>/", views.relationship_detail, name="detail"),
    path("manage/programs/<int:pk>/relationships/", views.staff_list, name="staff_list"),
    path("manage/relationships/<int:pk>/", views.staff_relationship, name="staff_relationship"),
    path(
        "manage/programs/<int:pk>/agreement/",
        views.agreement_template,
        name="agreement_template",
    ),
]
