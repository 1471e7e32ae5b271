"""API routes of the community, mounted under /api/v1/."""

from django.urls import include, path

from bridgeway.community import api
from bridgeway.community.curriculum import api as curriculum

urlpatterns = [
    path("community/spaces/", api.SpaceListView.as_view(), name="community-spaces"),
    path(
        "community/spaces/<int:pk>/topics/",
        api.SpaceTopicsView.as_view(),
        name="community-space-topics",
    ),
    path(
        "community/spaces/<int:pk>/follow/",
        api.SpaceFollowView.as_view(),
        name="community-space-follow",
    ),
    path("community/topics/<int:pk>/", api.TopicDetailView.as_view(), name="community-topic"),
    path(
        "community/topics/<int:pk>/replies/",
        api.TopicRepliesView.as_view(),
        name="community-topic-replies",
    ),
    path(
        "community/topics/<int:pk>/follow/",
        api.TopicFollowView.as_view(),
        name="community-topic-follow",
    ),
    path(
        "community/replies/<int:pk>/helpful/",
        api.HelpfulView.as_view(),
        name="community-helpful",
    ),
    path("community/search/", api.SearchView.as_view(), name="community-search"),
    path(
        "programs/<int:pk>/prompts/",
        curriculum.ProgramPromptsView.as_view(),
        name="community-prompts",
    ),
    path("prompts/<int:pk>/", curriculum.PromptDetailView.as_view(), name="community-prompt"),
    path("", include("bridgeway.community.news.api_urls")),
    path("", include("bridgeway.community.sessions.api_urls")),
]
