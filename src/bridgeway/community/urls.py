from django.urls import include, path

from bridgeway.community import moderation_views, staff_views, views
from bridgeway.community.curriculum import views as curriculum
from bridgeway.community.experts.urls import urlpatterns as expert_urlpatterns

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
    path("community/topics/<int:pk>/report/", moderation_views.topic_report, name="topic_report"),
    path("community/replies/<int:pk>/report/", moderation_views.reply_report, name="reply_report"),
    path(
        "community/topics/<int:pk>/moderate/",
        moderation_views.topic_moderate,
        name="topic_moderate",
    ),
    path(
        "community/replies/<int:pk>/moderate/",
        moderation_views.reply_moderate,
        name="reply_moderate",
    ),
    path(
        "community/spaces/<int:pk>/moderation/",
        moderation_views.space_queue,
        name="moderation",
    ),
    path(
        "community/reports/<int:pk>/resolve/",
        moderation_views.report_resolve,
        name="report_resolve",
    ),
    path(
        "community/suspensions/<int:pk>/lift/",
        moderation_views.suspension_lift,
        name="suspension_lift",
    ),
    path("community/files/<int:pk>/", moderation_views.post_file, name="file"),
    path("manage/<slug:org>/community/", staff_views.agency_spaces, name="agency_spaces"),
    path("manage/community/spaces/<int:pk>/", staff_views.space_edit, name="space_edit"),
    path("network/community/", staff_views.network_spaces, name="network_spaces"),
    path("manage/programs/<int:pk>/prompts/", curriculum.program_prompts, name="program_prompts"),
    path("manage/prompts/<int:pk>/", curriculum.prompt, name="prompt"),
    path("", include("bridgeway.community.news.urls")),
    path(
        "manage/<slug:org>/community/moderation/",
        staff_views.agency_queue,
        name="agency_queue",
    ),
    path("network/community/moderation/", staff_views.network_queue, name="network_queue"),
    path(
        "manage/community/spaces/<int:pk>/moderators/",
        staff_views.space_moderators,
        name="space_moderators",
    ),
    path(
        "manage/community/spaces/<int:pk>/moderators/<int:moderator_pk>/remove/",
        staff_views.space_moderator_remove,
        name="space_moderator_remove",
    ),
    path("", include("bridgeway.community.sessions.urls")),
    path("", include("bridgeway.community.circles.urls")),
]
urlpatterns += expert_urlpatterns
