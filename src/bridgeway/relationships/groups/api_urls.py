"""API routes of mentoring groups, mounted under /api/v1/ with the relationships' routes."""

from django.urls import path

from bridgeway.relationships.groups import api, member_api

urlpatterns = [
    path("groups/", api.GroupListView.as_view(), name="group-list"),
    path("groups/<int:pk>/", api.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/agreement/sign/", api.GroupSignView.as_view(), name="group-sign"),
    path("groups/<int:pk>/goals/", api.GroupGoalsView.as_view(), name="group-goals"),
    path("groups/<int:pk>/meetings/", api.GroupMeetingsView.as_view(), name="group-meetings"),
    path(
        "group-meetings/<int:pk>/cancel/",
        api.GroupMeetingCancelView.as_view(),
        name="group-meeting-cancel",
    ),
    path(
        "group-meetings/<int:pk>/log/", api.GroupMeetingLogView.as_view(), name="group-meeting-log"
    ),
    path("staff/groups/", api.StaffGroupListView.as_view(), name="staff-group-list"),
    path(
        "groups/<int:pk>/check-ins/", member_api.GroupCheckInView.as_view(), name="group-check-in"
    ),
    path("groups/<int:pk>/leave/", member_api.GroupLeaveView.as_view(), name="group-leave"),
    path("staff/groups/<int:pk>/", member_api.StaffGroupView.as_view(), name="staff-group-detail"),
    path(
        "staff/groups/<int:pk>/members/",
        member_api.StaffGroupMembersView.as_view(),
        name="staff-group-members",
    ),
    path(
        "staff/groups/<int:pk>/members/<int:member_pk>/leave/",
        member_api.StaffGroupMemberLeaveView.as_view(),
        name="staff-group-member-leave",
    ),
    path(
        "staff/groups/<int:pk>/members/<int:member_pk>/rematch/",
        member_api.StaffGroupMemberRematchView.as_view(),
        name="staff-group-member-rematch",
    ),
    path(
        "staff/groups/<int:pk>/contacts/",
        member_api.StaffGroupContactsView.as_view(),
        name="staff-group-contacts",
    ),
]
