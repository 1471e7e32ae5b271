from django.urls import path

from bridgeway.programs.screening import participant_views, views

app_name = "screening"

_program = "manage/programs/<int:pk>/screening/"
_enrollment = "manage/enrollments/<int:pk>/screening/"

urlpatterns = [
    path(_program, views.items, name="items"),
    path(f"{_program}suggested/", views.items_defaults, name="items_defaults"),
    path(f"{_program}items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path(f"{_program}items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path(f"{_program}items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path(f"{_program}self-assessment/", views.assessment, name="assessment"),
    path(
        f"{_program}self-assessment/suggested/",
        views.assessment_defaults,
        name="assessment_defaults",
    ),
    path(f"{_program}self-assessment/questions/new/", views.question_new, name="question_new"),
    path(
        f"{_program}self-assessment/questions/<int:question_pk>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        f"{_program}self-assessment/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        f"{_program}self-assessment/questions/<int:question_pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path("manage/<slug:org>/screening/", views.queue, name="queue"),
    path(_enrollment, views.enrollment_screening, name="enrollment"),
    path(f"{_enrollment}start/", views.enrollment_start, name="start"),
    path(f"{_enrollment}checks/<int:item_pk>/", views.check_record, name="check_record"),
    path(f"{_enrollment}approve/", views.approve, name="approve"),
    path(f"{_enrollment}decline/", views.decline, name="decline"),
    path(
        "my/enrollments/<int:pk>/self-assessment/",
        participant_views.self_assessment,
        name="self_assessment",
    ),
    path("my/enrollments/<int:pk>/references/", participant_views.references, name="references"),
    path(
        "programs/<int:pk>/self-assessment/",
        participant_views.self_assessment_try,
        name="self_assessment_try",
    ),
]
