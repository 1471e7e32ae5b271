from django.conf import settings
from django.urls import include, path

from bridgeway.core.health import health
from bridgeway.core.metrics import metrics
from bridgeway.core.urls import urlpatterns as core_patterns
from bridgeway.dashboard.urls import urlpatterns as dashboard_patterns

urlpatterns = [
    # For load balancers, process managers and Prometheus (docs/operations.md).
    path("health/", health, name="health"),
    path("metrics", metrics, name="metrics"),
    # The agency pages (core) and the pages above every app (dashboard) share the "core" names.
    path("", include((dashboard_patterns + core_patterns, "core"))),
    path("", include("bridgeway.programs.urls")),
    path("", include("bridgeway.programs.questionnaires.urls")),
    path("", include("bridgeway.programs.intake.urls")),
    path("", include("bridgeway.programs.screening.urls")),
    path("", include("bridgeway.learning.urls")),
    path("", include("bridgeway.matching.urls")),
    path("", include("bridgeway.notifications.urls")),
    path("", include("bridgeway.relationships.urls")),
    path("", include("bridgeway.messaging.urls")),
    path("", include("bridgeway.concerns.urls")),
    path("", include("bridgeway.community.urls")),
    path("", include("bridgeway.reports.urls")),
    path("", include("bridgeway.privacy.exports.urls")),
    path("", include("bridgeway.privacy.consent.urls")),
    path("", include("bridgeway.privacy.breaches.urls")),
    path("", include("bridgeway.privacy.erasure.urls")),
    path("", include("bridgeway.privacy.retention.urls")),
    path("account/", include("bridgeway.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("bridgeway.api.urls")),
]

if settings.ANYMAIL_WEBHOOKS:
    # An email service's tracking webhooks (bounces, complaints), only when one is configured;
    # anymail checks its WEBHOOK_SECRET (HTTP basic auth) on every call.
    urlpatterns.append(path("anymail/", include("anymail.urls")))

handler404 = "bridgeway.core.views.not_found"
handler403 = "bridgeway.core.views.forbidden"
handler500 = "bridgeway.core.views.server_error"
