"""Addresses of Ask-an-Expert, part of the community's namespace (community/urls.py)."""

from django.urls import path

from bridgeway.community.experts import staff_views, views

urlpatterns = [
    path("community/ask/", views.ask, name="ask"),
    path("community/questions/", views.my_questions, name="my_questions"),
    path("community/questions/<int:pk>/", views.question, name="question"),
    path("community/expert/", views.inbox, name="expert_inbox"),
    path("community/expert/join/<str:token>/", views.expert_join, name="expert_join"),
    path("community/answers/", views.answers, name="answers"),
    path("community/answers/<int:pk>/", views.answer, name="answer"),
    path("manage/<slug:org>/experts/", staff_views.overview, name="experts_overview"),
    path(
        "manage/<slug:org>/experts/topics/<int:pk>/", staff_views.topic_edit, name="experts_topic"
    ),
    path(
        "manage/<slug:org>/experts/people/<int:pk>/",
        staff_views.expert_edit,
        name="experts_expert",
    ),
    path("manage/<slug:org>/experts/questions/", staff_views.queue, name="experts_queue"),
    path(
        "manage/<slug:org>/experts/questions/<int:pk>/",
        staff_views.question,
        name="staff_question",
    ),
]
