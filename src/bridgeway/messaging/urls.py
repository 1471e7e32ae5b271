from django.urls import path

from bridgeway.messaging import call_views, downloads, staff_views, views

app_name = "messaging"

urlpatterns = [
    path("my/messages/", views.inbox, name="inbox"),
    path("my/messages/<int:pk>/", views.conversation, name="conversation"),
    path("my/messages/<int:pk>/new/", views.conversation_new, name="new"),
    path("my/messages/<int:pk>/leave/", views.conversation_leave, name="leave"),
    path("my/messages/<int:pk>/call/", call_views.call, name="call"),
    path("my/messages/<int:pk>/<int:message_pk>/edit/", views.message_edit, name="edit"),
    path("my/messages/<int:pk>/<int:message_pk>/delete/", views.message_delete, name="delete"),
    path("my/messages/<int:pk>/<int:message_pk>/history/", views.message_history, name="history"),
    path(
        "my/messages/<int:pk>/files/<int:attachment_pk>/",
        downloads.attachment,
        name="attachment",
    ),
    path("my/enrollments/<int:pk>/write-to-staff/", views.write_to_staff, name="write_to_staff"),
    path(
        "manage/conversations/<int:pk>/", staff_views.staff_conversation, name="staff_conversation"
    ),
    path(
        "manage/conversations/<int:pk>/files/<int:attachment_pk>/",
        downloads.staff_attachment,
        name="staff_attachment",
    ),
    path("manage/<slug:slug>/messages/", staff_views.staff_inbox, name="staff_inbox"),
    path("manage/<slug:slug>/flagged-messages/", staff_views.staff_flags, name="flags"),
    path(
        "manage/programs/<int:pk>/messaging/", staff_views.program_settings, name="program_settings"
    ),
]
