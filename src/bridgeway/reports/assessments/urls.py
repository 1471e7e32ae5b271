"""Addresses of the assessments, included in the reports app's (its `reports:` names)."""

from django.urls import path

from bridgeway.reports.assessments import staff_views, views

PROGRAM = "manage/programs/<int:pk>/assessments/"
INSTRUMENT = f"{PROGRAM}<int:instrument_pk>/"
QUESTION = f"{INSTRUMENT}questions/<int:question_pk>/"

urlpatterns = [
    path("my/assessments/", views.my_assessments, name="assessments"),
    path("my/assessments/<int:pk>/", views.assessment, name="assessment"),
    path(PROGRAM, staff_views.instruments, name="assessment_instruments"),
    path(f"{PROGRAM}ready-made/", staff_views.ready_made_add, name="assessment_ready_made"),
    path(f"{PROGRAM}new/", staff_views.instrument_new, name="assessment_instrument_new"),
    path(INSTRUMENT, staff_views.instrument, name="assessment_instrument"),
    path(f"{INSTRUMENT}results/", staff_views.results, name="assessment_results"),
    path(f"{INSTRUMENT}questions/new/", staff_views.question_new, name="assessment_question_new"),
    path(QUESTION, staff_views.question_edit, name="assessment_question_edit"),
    path(f"{QUESTION}delete/", staff_views.question_delete, name="assessment_question_delete"),
    path("network/reports/assessments/", staff_views.network, name="network_assessments"),
]
