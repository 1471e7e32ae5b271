from django.urls import path

from bridgeway.programs import views

app_name = "programs"

urlpatterns = [
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("my/enrollments/<int:pk>/withdraw/", views.enrollment_withdraw, name="withdraw"),
    path("manage/<slug:org>/programs/new/", views.program_new, name="program_new"),
    path("manage/programs/<int:pk>/", views.staff_program, name="staff_program"),
    path("manage/programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("manage/enrollments/<int:pk>/", views.staff_enrollment, name="staff_enrollment"),
]
