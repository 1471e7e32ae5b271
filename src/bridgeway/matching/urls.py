from django.urls import path

from bridgeway.matching import views

app_name = "matching"

BOARD = "manage/programs/<int:pk>/match/"

urlpatterns = [
    path(BOARD, views.board, name="board"),
    path(BOARD + "accept/", views.accept, name="accept"),
    path(BOARD + "set/", views.pair_set, name="pair_set"),
    path(BOARD + "preview/", views.preview, name="preview"),
    path(
        BOARD + "proposals/<int:proposal_pk>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "manage/programs/<int:pk>/recruitment-gap/",
        views.recruitment_gap,
        name="recruitment_gap",
    ),
    path("my/enrollments/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path(
        "my/enrollments/<int:pk>/proposals/<int:proposal_pk>/",
        views.proposal_detail,
        name="proposal",
    ),
]
