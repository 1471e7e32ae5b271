from django.urls import path

from bridgeway.learning import staff_views, views

app_name = "learning"

MODULE = "manage/programs/<int:pk>/training/<int:module_pk>/"

urlpatterns = [
    path("learn/", views.learn_home, name="home"),
    path("learn/guide/mentors/", views.mentor_guide, name="mentor_guide"),
    path("learn/guide/mentees/", views.mentee_guide, name="mentee_guide"),
    path(
        "learn/<int:enrollment_pk>/modules/<int:module_pk>/",
        views.module_detail,
        name="module",
    ),
    path(
        "learn/<int:enrollment_pk>/lessons/<int:lesson_pk>/",
        views.lesson_detail,
        name="lesson",
    ),
    path("learn/<int:enrollment_pk>/modules/<int:module_pk>/quiz/", views.quiz, name="quiz"),
    path(
        "learn/<int:enrollment_pk>/results/<int:attempt_pk>/",
        views.attempt_detail,
        name="attempt",
    ),
    path("manage/programs/<int:pk>/training/", staff_views.staff_training, name="staff_training"),
    path(
        "manage/programs/<int:pk>/training/progress/",
        staff_views.staff_progress,
        name="staff_progress",
    ),
    path("manage/programs/<int:pk>/training/new/", staff_views.module_new, name="module_new"),
    path(
        "manage/programs/<int:pk>/training/copy/",
        staff_views.orientation_copy,
        name="orientation_copy",
    ),
    path(MODULE, staff_views.module_edit, name="module_edit"),
    path(MODULE + "move/", staff_views.module_move, name="module_move"),
    path(MODULE + "delete/", staff_views.module_delete, name="module_delete"),
    path(MODULE + "lessons/new/", staff_views.lesson_new, name="lesson_new"),
    path(MODULE + "lessons/<int:lesson_pk>/", staff_views.lesson_edit, name="lesson_edit"),
    path(MODULE + "lessons/<int:lesson_pk>/move/", staff_views.lesson_move, name="lesson_move"),
    path(
        MODULE + "lessons/<int:lesson_pk>/delete/", staff_views.lesson_delete, name="lesson_delete"
    ),
    path(MODULE + "questions/new/", staff_views.question_new, name="question_new"),
    path(MODULE + "questions/<int:question_pk>/", staff_views.question_edit, name="question_edit"),
    path(
        MODULE + "questions/<int:question_pk>/move/",
        staff_views.question_move,
        name="question_move",
    ),
    path(
        MODULE + "questions/<int:question_pk>/delete/",
        staff_views.question_delete,
        name="question_delete",
    ),
]
