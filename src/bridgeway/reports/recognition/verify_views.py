"""The public verification page: anyone holding a certificate's code (an employer, a school)
checks that it is genuine. It shows what the document itself shows and nothing more; a revoked
document says so; an unknown code gets one answer, the same whatever was typed. Lookups are
limited per connection, so codes cannot be tried in bulk."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bridgeway.core import limits
from bridgeway.core.limits import RateLimited
from bridgeway.reports.recognition.forms import VerifyForm
from bridgeway.reports.recognition.selectors import certificate_by_code
from bridgeway.reports.recognition.services import normalized_code


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("reports:verify_code", code=normalized_code(form.cleaned_data["code"]))
    return _private(render(request, "reports/recognition/verify.html", {"form": form}))


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    form = VerifyForm(initial={"code": code})
    try:
        limits.hit("verify", who="ip:" + get_adapter(request).get_client_ip(request))
    except RateLimited as error:
        response = render(
            request,
            "reports/recognition/verify.html",
            {"form": form, "limited": error.message},
            status=429,
        )
        response["Retry-After"] = str(error.retry_after)
        return _private(response)
    certificate = certificate_by_code(normalized_code(code))
    return _private(
        render(
            request,
            "reports/recognition/verify.html",
            {"form": form, "certificate": certificate, "looked_up": True},
            status=200 if certificate else 404,
        )
    )
