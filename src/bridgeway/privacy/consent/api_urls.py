"""API routes of consent by purpose, mounted under /api/v1/."""

from django.urls import path

from bridgeway.privacy.consent import api

urlpatterns = [
    path("me/consents/", api.MyConsentsView.as_view(), name="my-consents"),
    path("me/consents/give/", api.MyConsentGiveView.as_view(), name="my-consent-give"),
    path("me/consents/withdraw/", api.MyConsentWithdrawView.as_view(), name="my-consent-withdraw"),
]
