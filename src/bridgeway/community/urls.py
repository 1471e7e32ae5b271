from django.urls import include, path

from bridgeway.community import staff_views, views
from bridgeway.community.curriculum import views as curriculum

app_name = "community"

urlpatterns = [
    path("community/", views.home, name="home"),
    path("community/search/", views.search, name="search"),
    path("community/spaces/<int:pk>/", views.space, name="space"),
    path("community/spaces/<int:pk>/new/", views.topic_new, name="topic_new"),
    path("community/spaces/<int:pk>/follow/", views.space_follow, name="space_follow"),
    path("community/topics/<int:pk>/", views.topic, name="topic"),
    path("community/topics/<int:pk>/follow/", views.topic_follow, name="topic_follow"),
    path("community/topics/<int:pk>/manage/", views.topic_manage, name="topic_manage"),
    path("community/replies/<int:pk>/helpful/", views.helpful, name="helpful"),
    path("manage/<slug:org>/community/", staff_views.agency_spaces, name="agency_spaces"),
    path("manage/community/spaces/<int:pk>/", staff_views.space_edit, name="space_edit"),
    path("network/community/", staff_views.network_spaces, name="network_spaces"),
    path("manage/programs/<int:pk>/prompts/", curriculum.program_prompts, name="program_prompts"),
    path("manage/prompts/<int:pk>/", curriculum.prompt, name="prompt"),
    path("", include("bridgeway.community.news.urls")),
    path("", include("bridgeway.community.sessions.urls")),
]
