"""Addresses of the news, included by community/urls.py (names in the "community" namespace)."""

from django.urls import path

from bridgeway.community.news import feeds, staff_views, views

urlpatterns = [
    path("news/network/<slug:network>/", views.network_archive, name="news_network"),
    path("news/network/<slug:network>/feed/", feeds.NetworkFeed(), name="news_network_feed"),
    path("news/agency/<slug:org>/", views.agency_archive, name="news_agency"),
    path("news/agency/<slug:org>/feed/", feeds.AgencyFeed(), name="news_agency_feed"),
    path("news/program/<int:pk>/", views.program_archive, name="news_program"),
    path("news/program/<int:pk>/feed/", feeds.ProgramFeed(), name="news_program_feed"),
    path("news/posts/<int:pk>/", views.post, name="news_post"),
    path("manage/<slug:org>/news/", staff_views.agency_posts, name="news_agency_staff"),
    path("manage/<slug:org>/news/new/", staff_views.agency_post_new, name="news_agency_new"),
    path("network/news/", staff_views.network_posts, name="news_network_staff"),
    path("network/news/new/", staff_views.network_post_new, name="news_network_new"),
    path("manage/news/count/", staff_views.segment_count, name="news_count"),
    path("manage/news/<int:pk>/", staff_views.post_edit, name="news_edit"),
    path("manage/news/<int:pk>/preview/", staff_views.post_preview, name="news_preview"),
    path("manage/news/<int:pk>/send/", staff_views.post_send, name="news_send"),
    path("manage/news/<int:pk>/test/", staff_views.post_test, name="news_test"),
]
