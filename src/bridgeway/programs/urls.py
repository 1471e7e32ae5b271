from django.urls import path

from bridgeway.programs import colleague_views, delivery_views, views

app_name = "programs"

urlpatterns = [
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("join/<str:token>/", colleague_views.colleague_link, name="colleague_link"),
    path("my/programs/<int:pk>/invite/", colleague_views.colleague_invite, name="colleague_invite"),
    path(
        "my/programs/<int:pk>/invite/replace/",
        colleague_views.colleague_link_replace,
        name="colleague_link_replace",
    ),
    path("my/enrollments/<int:pk>/applied/", views.enrollment_applied, name="applied"),
    path("my/enrollments/<int:pk>/withdraw/", views.enrollment_withdraw, name="withdraw"),
    path("manage/<slug:org>/programs/new/", views.program_new, name="program_new"),
    path("manage/programs/<int:pk>/", views.staff_program, name="staff_program"),
    path("manage/programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("manage/enrollments/<int:pk>/", views.staff_enrollment, name="staff_enrollment"),
    path(
        "manage/enrollments/<int:pk>/notifications/",
        delivery_views.staff_deliveries,
        name="staff_deliveries",
    ),
    path(
        "manage/enrollments/<int:pk>/notifications/<int:delivery_id>/resend/",
        delivery_views.staff_resend,
        name="staff_resend",
    ),
    path("manage/programs/<int:pk>/waiting-list/", views.waiting_list, name="waiting_list"),
    path(
        "manage/programs/<int:pk>/waiting-list/<int:entry_pk>/move/",
        views.waiting_list_move,
        name="waiting_list_move",
    ),
    path(
        "manage/programs/<int:pk>/participants/import/",
        views.participants_import,
        name="participants_import",
    ),
    path("invitations/programs/<str:token>/", views.program_invitation, name="program_invitation"),
    path(
        "manage/programs/<int:pk>/participants/export/",
        views.participants_export,
        name="participants_export",
    ),
]
