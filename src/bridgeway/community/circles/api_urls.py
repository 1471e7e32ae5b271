"""API routes of circles, included by community/api_urls.py (under /api/v1/)."""

from django.urls import path

from bridgeway.community.circles import api, api_staff

urlpatterns = [
    path("community/circles/", api.CircleListView.as_view(), name="community-circles"),
    path("community/circles/<int:pk>/", api.CircleDetailView.as_view(), name="community-circle"),
    path(
        "community/circles/<int:pk>/membership/",
        api.MembershipView.as_view(),
        name="community-circle-membership",
    ),
    path(
        "community/circles/manage/",
        api_staff.StaffCircleListView.as_view(),
        name="community-circles-manage",
    ),
    path(
        "community/circles/manage/<int:pk>/",
        api_staff.StaffCircleDetailView.as_view(),
        name="community-circles-manage-circle",
    ),
    path(
        "community/circles/manage/<int:pk>/close/",
        api_staff.StaffCircleCloseView.as_view(),
        name="community-circles-manage-close",
    ),
    path(
        "community/circles/manage/<int:pk>/members/",
        api_staff.StaffCircleMembersView.as_view(),
        name="community-circles-manage-members",
    ),
]
