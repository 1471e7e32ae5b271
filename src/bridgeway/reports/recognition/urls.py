"""Recognition's pages, included by reports/urls.py (names in the `reports:` namespace)."""

from django.urls import path

from bridgeway.reports.recognition import staff_views, verify_views, views

urlpatterns = [
    path("recognition/", views.mine, name="recognition_mine"),
    path("recognition/letter/", views.letter_new, name="recognition_letter_new"),
    path("recognition/<int:pk>/pdf/", views.download, name="recognition_pdf"),
    path(
        "manage/programs/<int:pk>/recognition/",
        staff_views.program_page,
        name="recognition_program",
    ),
    path(
        "manage/programs/<int:pk>/recognition/issue-all/",
        staff_views.issue_all,
        name="recognition_issue_all",
    ),
    path(
        "manage/enrollments/<int:pk>/certificate/",
        staff_views.issue_one,
        name="recognition_issue",
    ),
    path("manage/certificates/<int:pk>/pdf/", staff_views.staff_pdf, name="recognition_staff_pdf"),
    path("manage/certificates/<int:pk>/revoke/", staff_views.revoke, name="recognition_revoke"),
    path("manage/letters/<int:pk>/", staff_views.letter_answer, name="recognition_letter"),
    path("verify/", verify_views.verify, name="verify"),
    path("verify/<str:code>/", verify_views.verify_code, name="verify_code"),
]
