from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from bridgeway.programs import api as programs_api

router = DefaultRouter()
router.include_format_suffixes = False  # one address per resource; JSON is the only format
router.register("programs", programs_api.ProgramViewSet, basename="program")
router.register("enrollments", programs_api.EnrollmentViewSet, basename="enrollment")
router.register("directory", programs_api.DirectoryViewSet, basename="directory")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include("bridgeway.programs.questionnaires.api_urls")),
    path("v1/", include("bridgeway.programs.intake.api_urls")),
    path("v1/", include("bridgeway.programs.colleague_api")),
    path("v1/", include("bridgeway.programs.screening.api_urls")),
    path("v1/", include("bridgeway.learning.api_urls")),
    path("v1/", include("bridgeway.matching.api_urls")),
    path("v1/", include("bridgeway.notifications.api_urls")),
    path("v1/", include("bridgeway.relationships.api_urls")),
    path("v1/", include("bridgeway.messaging.api_urls")),
    path("v1/", include("bridgeway.concerns.api_urls")),
    path("v1/", include("bridgeway.community.api_urls")),
    path("v1/", include("bridgeway.reports.assessments.api_urls")),
    path("v1/", include("bridgeway.messaging.api_attachments")),
    path("v1/", include("bridgeway.reports.recognition.api_urls")),
    path("v1/", include("bridgeway.reports.funders.api_urls")),
    path("v1/", include("bridgeway.reports.quality.api_urls")),
    path("v1/", include("bridgeway.reports.api_urls")),
    path("v1/", include("bridgeway.reports.partners.api_urls")),
    path("v1/", include("bridgeway.privacy.exports.api_urls")),
    path("v1/", include("bridgeway.privacy.consent.api_urls")),
    path("v1/", include("bridgeway.privacy.erasure.api_urls")),
    path("v1/me/", programs_api.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
