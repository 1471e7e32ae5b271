"""Addresses of circles, included by community/urls.py (the "community" namespace)."""

from django.urls import path

from bridgeway.community.circles import staff_views, views

urlpatterns = [
    path("community/circles/", views.circles, name="circles"),
    path("community/circles/<int:pk>/", views.circle, name="circle"),
    path("community/circles/<int:pk>/join/", views.circle_join, name="circle_join"),
    path("community/circles/<int:pk>/leave/", views.circle_leave, name="circle_leave"),
    path(
        "community/circles/<int:pk>/requests/<int:member_pk>/",
        views.circle_decide,
        name="circle_decide",
    ),
    path(
        "community/circles/<int:pk>/sessions/new/",
        views.circle_session_new,
        name="circle_session_new",
    ),
    path(
        "community/circles/<int:pk>/sessions/<int:session_pk>/cancel/",
        views.circle_session_cancel,
        name="circle_session_cancel",
    ),
    path("manage/<slug:org>/circles/", staff_views.agency_circles, name="circles_agency"),
    path(
        "manage/<slug:org>/circles/new/",
        staff_views.agency_circle_new,
        name="circles_agency_new",
    ),
    path("manage/circles/<int:pk>/", staff_views.circle_manage, name="circle_manage"),
    path("manage/circles/<int:pk>/members/", staff_views.circle_members, name="circle_members"),
]
