from django.urls import path

from bridgeway.relationships import meeting_views, pdf_views, request_views, views
from bridgeway.relationships.groups import member_views as group_members
from bridgeway.relationships.groups import staff_views as group_staff
from bridgeway.relationships.groups import views as groups

app_name = "relationships"

urlpatterns = [
    path("my/enrollments/<int:pk>/ask/", views.ask, name="ask"),
    path(
        "my/enrollments/<int:pk>/requests/<int:request_pk>/",
        request_views.request_detail,
        name="request",
    ),
    path(
        "my/enrollments/<int:pk>/my-requests/<int:request_pk>/",
        request_views.mentee_request,
        name="mentee_request",
    ),
    path("my/relationships/<int:pk>/", views.relationship_detail, name="detail"),
    path(
        "my/relationships/<int:pk>/agreement.pdf",
        pdf_views.agreement_copy,
        name="agreement_pdf",
    ),
    path("my/relationships/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("my/relationships/<int:pk>/close/", views.relationship_close_view, name="close"),
    path("my/relationships/<int:pk>/goals/", views.goals_page, name="goals"),
    path(
        "my/relationships/<int:pk>/check-in/<slug:kind>/<str:round_>/",
        views.check_in,
        name="check_in",
    ),
    path("my/relationships/<int:pk>/survey/", views.survey, name="survey"),
    path("my/relationships/<int:pk>/become-mentor/", views.become_mentor, name="become_mentor"),
    path("my/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("my/meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="meeting_calendar"),
    path("my/calendar/", meeting_views.calendar_feed_page, name="calendar_feed_page"),
    path("calendar/<str:token>.ics", meeting_views.calendar_feed_ics, name="calendar_feed"),
    path("meetings/answer/<str:token>/", meeting_views.meeting_answer, name="meeting_answer"),
    path("manage/programs/<int:pk>/relationships/", views.staff_list, name="staff_list"),
    path("manage/relationships/<int:pk>/", views.staff_relationship, name="staff_relationship"),
    path("my/groups/<int:pk>/", groups.group_detail, name="group"),
    path("my/groups/<int:pk>/goals/", groups.group_goals, name="group_goals"),
    path("my/groups/<int:pk>/meetings/new/", groups.group_meeting_new, name="group_meeting_new"),
    path("my/groups/<int:pk>/close/", groups.group_close, name="group_close"),
    path("my/groups/<int:pk>/survey/", groups.group_survey, name="group_survey"),
    path(
        "my/groups/<int:pk>/check-in/<slug:kind>/<str:round_>/",
        group_members.group_check_in,
        name="group_check_in",
    ),
    path("my/groups/<int:pk>/leave/", group_members.group_leave, name="group_leave"),
    path(
        "my/groups/<int:pk>/become-mentor/",
        group_members.group_become_mentor,
        name="group_become_mentor",
    ),
    path("my/group-meetings/<int:pk>/", groups.group_meeting, name="group_meeting"),
    path(
        "my/group-meetings/<int:pk>/calendar.ics",
        groups.group_meeting_calendar,
        name="group_meeting_calendar",
    ),
    path("manage/programs/<int:pk>/groups/", group_staff.staff_groups, name="staff_groups"),
    path("manage/groups/<int:pk>/", group_staff.staff_group, name="staff_group"),
    path(
        "manage/relationships/<int:pk>/agreement.pdf",
        pdf_views.staff_agreement_copy,
        name="staff_agreement_pdf",
    ),
    path(
        "manage/programs/<int:pk>/agreement/",
        views.agreement_template,
        name="agreement_template",
    ),
]
