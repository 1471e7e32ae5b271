"""API routes of recognition, mounted under /api/v1/."""

from django.urls import path

from bridgeway.reports.recognition import api

urlpatterns = [
    path("certificates/", api.MyCertificatesView.as_view(), name="recognition-mine"),
    path(
        "staff/programs/<int:pk>/certificates/",
        api.ProgramCertificatesView.as_view(),
        name="recognition-program",
    ),
    path(
        "staff/enrollments/<int:pk>/certificate/",
        api.EnrollmentCertificateView.as_view(),
        name="recognition-issue",
    ),
    path(
        "staff/certificates/<int:pk>/revoke/",
        api.RevokeView.as_view(),
        name="recognition-revoke",
    ),
    path("verify/<str:code>/", api.VerifyView.as_view(), name="recognition-verify"),
]
