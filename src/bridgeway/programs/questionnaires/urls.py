from django.urls import path

from bridgeway.programs.questionnaires import views

app_name = "questionnaires"

QUESTION = "manage/programs/<int:pk>/questionnaire/questions/<int:question_pk>/"

urlpatterns = [
    path("manage/programs/<int:pk>/questionnaire/", views.builder, name="builder"),
    path(
        "manage/programs/<int:pk>/questionnaire/start/",
        views.questionnaire_start,
        name="start",
    ),
    path(
        "manage/programs/<int:pk>/questionnaire/questions/new/",
        views.question_new,
        name="question_new",
    ),
    path(QUESTION, views.question_edit, name="question_edit"),
    path(f"{QUESTION}move/", views.question_move, name="question_move"),
    path(f"{QUESTION}delete/", views.question_delete, name="question_delete"),
    path("my/enrollments/<int:pk>/profile/", views.profile, name="profile"),
    path("manage/enrollments/<int:pk>/profile/", views.staff_profile, name="staff_profile"),
]
