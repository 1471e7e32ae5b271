"""API routes of the relationships app, mounted under /api/v1/."""

from django.urls import include, path

from bridgeway.relationships import api, closure_api, meeting_api_views, requests_api, staff_api

urlpatterns = [
    path(
        "enrollments/<int:pk>/mentor-requests/",
        api.MentorRequestsView.as_view(),
        name="relationships-mentor-requests",
    ),
    path(
        "enrollments/<int:pk>/requests-received/",
        api.RequestsReceivedView.as_view(),
        name="relationships-requests-received",
    ),
    path(
        "enrollments/<int:pk>/requests-received/<int:request_pk>/accept/",
        api.RequestAcceptView.as_view(),
        name="relationships-request-accept",
    ),
    path(
        "enrollments/<int:pk>/requests-received/<int:request_pk>/decline/",
        api.RequestDeclineView.as_view(),
        name="relationships-request-decline",
    ),
    path(
        "enrollments/<int:pk>/requests-received/<int:request_pk>/questions/",
        requests_api.ReceivedRequestQuestionsView.as_view(),
        name="relationships-request-questions",
    ),
    path(
        "enrollments/<int:pk>/mentor-requests/<int:request_pk>/questions/",
        requests_api.MentorRequestQuestionsView.as_view(),
        name="relationships-mentee-request-questions",
    ),
    path(
        "enrollments/<int:pk>/mentor-requests/<int:request_pk>/accept/",
        requests_api.MentorRequestAcceptView.as_view(),
        name="relationships-mentee-request-accept",
    ),
    path(
        "enrollments/<int:pk>/mentor-requests/<int:request_pk>/decline/",
        requests_api.MentorRequestDeclineView.as_view(),
        name="relationships-mentee-request-decline",
    ),
    path("relationships/", api.RelationshipListView.as_view(), name="relationship-list"),
    path(
        "relationships/<int:pk>/", api.RelationshipDetailView.as_view(), name="relationship-detail"
    ),
    path(
        "relationships/<int:pk>/agreement/terms/",
        api.AgreementTermsView.as_view(),
        name="relationship-agreement-terms",
    ),
    path(
        "relationships/<int:pk>/agreement/sign/",
        api.AgreementSignView.as_view(),
        name="relationship-agreement-sign",
    ),
    path(
        "relationships/<int:pk>/close/",
        closure_api.RelationshipCloseView.as_view(),
        name="relationship-close",
    ),
    path(
        "relationships/<int:pk>/meetings/",
        api.RelationshipMeetingsView.as_view(),
        name="relationship-meetings",
    ),
    path("meetings/<int:pk>/pick/", api.MeetingPickView.as_view(), name="meeting-pick"),
    path("meetings/<int:pk>/cancel/", api.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/log/", api.MeetingLogView.as_view(), name="meeting-log"),
    path(
        "staff/programs/<int:pk>/relationships/",
        staff_api.StaffRelationshipListView.as_view(),
        name="staff-relationship-list",
    ),
    path(
        "staff/relationships/<int:pk>/",
        staff_api.StaffRelationshipView.as_view(),
        name="staff-relationship-detail",
    ),
    path(
        "meetings/<int:pk>/cancel-series/",
        meeting_api_views.MeetingCancelSeriesView.as_view(),
        name="meeting-cancel-series",
    ),
    path(
        "me/calendar-feed/",
        meeting_api_views.CalendarFeedView.as_view(),
        name="calendar-feed",
    ),
    path("", include("bridgeway.relationships.groups.api_urls")),
]
