"""API routes of the relationships app, mounted under /api/v1/."""

from django.urls import include, path

from bridgeway.relationships import api

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
        "relationships/<int:pk>/meetings/",
        api.RelationshipMeetingsView.as_view(),
        name="relationship-meetings",
    ),
    path("meetings/<int:pk>/pick/", api.MeetingPickView.as_view(), name="meeting-pick"),
    path("meetings/<int:pk>/cancel/", api.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/log/", api.MeetingLogView.as_view(), name="meeting-log"),
    path("", include("bridgeway.relationships.groups.api_urls")),
]
