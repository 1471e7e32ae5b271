from django.urls import path

from bridgeway.learning import staff_views, views
from bridgeway.learning.library import staff_views as library_staff
from bridgeway.learning.library import views as library

app_name = "learning"

MODULE = "manage/programs/<int:pk>/training/<int:module_pk>/"
RESOURCE = "manage/library/resources/<int:pk>/"

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
    path("library/", library.library, name="library"),
    path("library/resources/<int:pk>/", library.resource, name="resource"),
    path(
        "library/resources/<int:pk>/versions/<int:version_pk>/file/",
        library.resource_file,
        name="resource_file",
    ),
    path("manage/<slug:org>/library/", library_staff.agency_library, name="agency_library"),
    path(
        "manage/<slug:org>/library/new/",
        library_staff.agency_resource_new,
        name="agency_resource_new",
    ),
    path("network/library/", library_staff.network_library, name="network_library"),
    path("network/library/new/", library_staff.network_resource_new, name="network_resource_new"),
    path(RESOURCE, library_staff.resource_edit, name="resource_edit"),
    path(RESOURCE + "versions/new/", library_staff.version_new, name="version_new"),
    path(RESOURCE + "versions/<int:version_pk>/", library_staff.version_edit, name="version_edit"),
    path(
        RESOURCE + "versions/<int:version_pk>/delete/",
        library_staff.version_delete,
        name="version_delete",
    ),
]
