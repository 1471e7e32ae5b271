"""API routes of the matching app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.matching import api, suggestion_api

urlpatterns = [
    path("programs/<int:pk>/match/", api.MatchRunView.as_view(), name="matching-run"),
    path("programs/<int:pk>/match/accept/", api.MatchAcceptView.as_view(), name="matching-accept"),
    path(
        "programs/<int:pk>/match/preview/",
        api.MatchPreviewView.as_view(),
        name="matching-preview",
    ),
    path(
        "programs/<int:pk>/recruitment-gap/",
        api.RecruitmentGapView.as_view(),
        name="matching-recruitment-gap",
    ),
    path(
        "enrollments/<int:pk>/suggestions/",
        api.SuggestionsView.as_view(),
        name="matching-suggestions",
    ),
    path(
        "enrollments/<int:pk>/suggestions/<int:mentor_pk>/",
        suggestion_api.SuggestedMentorView.as_view(),
        name="matching-suggested-mentor",
    ),
]
