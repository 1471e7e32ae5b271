"""API routes of the community, mounted under /api/v1/."""

from django.urls import include, path

from bridgeway.community import api, api_moderation
from bridgeway.community.curriculum import api as curriculum
from bridgeway.community.experts.api_urls import urlpatterns as expert_urlpatterns

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
    path(
        "community/topics/<int:pk>/report/",
        api_moderation.TopicReportView.as_view(),
        name="community-topic-report",
    ),
    path(
        "community/replies/<int:pk>/report/",
        api_moderation.ReplyReportView.as_view(),
        name="community-reply-report",
    ),
    path(
        "community/topics/<int:pk>/moderate/",
        api_moderation.TopicModerateView.as_view(),
        name="community-topic-moderate",
    ),
    path(
        "community/replies/<int:pk>/moderate/",
        api_moderation.ReplyModerateView.as_view(),
        name="community-reply-moderate",
    ),
    path(
        "community/spaces/<int:pk>/reports/",
        api_moderation.SpaceReportsView.as_view(),
        name="community-space-reports",
    ),
    path(
        "community/spaces/<int:pk>/held/",
        api_moderation.SpaceHeldView.as_view(),
        name="community-space-held",
    ),
    path(
        "community/reports/<int:pk>/resolve/",
        api_moderation.ReportResolveView.as_view(),
        name="community-report-resolve",
    ),
    path(
        "community/spaces/<int:pk>/suspensions/",
        api_moderation.SpaceSuspensionsView.as_view(),
        name="community-space-suspensions",
    ),
    path(
        "community/suspensions/<int:pk>/lift/",
        api_moderation.SuspensionLiftView.as_view(),
        name="community-suspension-lift",
    ),
    path(
        "community/spaces/<int:pk>/moderators/",
        api_moderation.SpaceModeratorsView.as_view(),
        name="community-space-moderators",
    ),
    path(
        "community/spaces/<int:pk>/moderators/<int:moderator_pk>/",
        api_moderation.SpaceModeratorView.as_view(),
        name="community-space-moderator",
    ),
    path("community/files/<int:pk>/", api_moderation.FileView.as_view(), name="community-file"),
    path("", include("bridgeway.community.sessions.api_urls")),
    path("", include("bridgeway.community.circles.api_urls")),
]
urlpatterns += expert_urlpatterns
