"""API routes of the news, included by community/api_urls.py (mounted under /api/v1/)."""

from django.urls import path

from bridgeway.community.news import api

urlpatterns = [
    path("community/news/", api.PostListView.as_view(), name="community-news"),
    path("community/news/<int:pk>/", api.PostDetailView.as_view(), name="community-news-post"),
    path("community/news/manage/", api.StaffPostListView.as_view(), name="community-news-manage"),
    path(
        "community/news/manage/<int:pk>/",
        api.StaffPostDetailView.as_view(),
        name="community-news-manage-post",
    ),
    path(
        "community/news/manage/<int:pk>/send/",
        api.StaffPostSendView.as_view(),
        name="community-news-send",
    ),
    path(
        "community/news/manage/<int:pk>/reach/",
        api.StaffPostReachView.as_view(),
        name="community-news-reach",
    ),
]
