"""API routes of Ask-an-Expert, part of the community's (community/api_urls.py)."""

from django.urls import path

from bridgeway.community.experts import api

urlpatterns = [
    path(
        "community/question-topics/",
        api.TopicListView.as_view(),
        name="community-question-topics",
    ),
    path("community/questions/", api.MyQuestionsView.as_view(), name="community-questions"),
    path(
        "community/questions/<int:pk>/",
        api.QuestionDetailView.as_view(),
        name="community-question",
    ),
    path(
        "community/questions/<int:pk>/answer/",
        api.AnswerView.as_view(),
        name="community-question-answer",
    ),
    path(
        "community/questions/<int:pk>/replies/",
        api.ReplyView.as_view(),
        name="community-question-reply",
    ),
    path(
        "community/questions/<int:pk>/rating/",
        api.RatingView.as_view(),
        name="community-question-rating",
    ),
    path(
        "community/expert/questions/",
        api.ExpertQuestionsView.as_view(),
        name="community-expert-questions",
    ),
]
