from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.accounts.devices import device_key, devices_of
from bridgeway.accounts.forms import PreferencesForm
from bridgeway.accounts.services import api_token_exists, api_token_replace, api_token_revoke
from bridgeway.accounts.sessions import sign_out_device, sign_out_everywhere
from bridgeway.core.access import holds_staff_role, mfa_enabled, needs_two_step
from bridgeway.core.http import AuthedRequest


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        response = redirect("accounts:preferences")
        _remember_language(response, form.cleaned_data["preferred_language"])
        return response
    return render(request, "accounts/preferences.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered in a cookie, and on the account when signed in."""
    language = request.POST.get("language", "")
    available = {code for code, _name in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(urlparse(next_url).path or "/")
    if language in available:
        if request.user.is_authenticated:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
        _remember_language(response, language)
    return response


def _remember_language(response: HttpResponse, language: str) -> None:
    """The language cookie, with the same security flags wherever it is set."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


@login_required
def mfa_required_notice(request: AuthedRequest) -> HttpResponse:
    """Staff (and partner contacts) land here until they set up two-step verification."""
    if mfa_enabled(request.user):
        return redirect("core:dashboard")
    return render(
        request,
        "accounts/mfa_required.html",
        {
            "is_staff_person": holds_staff_role(request.user),
            "reads_figures_only": needs_two_step(request.user)
            and not holds_staff_role(request.user),
        },
    )


@login_required
def api_token(request: AuthedRequest) -> HttpResponse:
    """Create, show once, or revoke the person's API token. Staff need MFA first."""
    if needs_two_step(request.user) and not mfa_enabled(request.user):
        return redirect("accounts:mfa_required")
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "create":
            new_key = api_token_replace(person=request.user)
            messages.success(request, _("Your new API token is shown below once. Keep it safe."))
        else:
            api_token_revoke(person=request.user)
            messages.success(request, _("Your API token is revoked."))
    has_token = api_token_exists(person=request.user)
    return render(request, "accounts/api_token.html", {"new_key": new_key, "has_token": has_token})


@login_required
def sign_out_everywhere_page(request: AuthedRequest) -> HttpResponse:
    """End every session of the person: on this device now, on the others at their next
    request; the API token too when they tick the box."""
    if request.method == "POST":
        sign_out_everywhere(person=request.user, revoke_token=bool(request.POST.get("token")))
        logout(request)
        messages.success(request, _("You are signed out on every device."))
        return redirect("account_login")
    has_token = api_token_exists(person=request.user)
    return render(request, "accounts/sign_out_everywhere.html", {"has_token": has_token})


@login_required
def signed_in(request: AuthedRequest) -> HttpResponse:
    """Where the person is signed in: each device's browser, when it signed in and was last
    seen, this one marked; any other one can be signed out from here."""
    current = request.session.session_key
    if request.method == "POST":
        key = device_key(request.user, request.POST.get("device", ""))
        if key is None:
            messages.info(request, _("That device was already signed out."))
        elif key == current:
            messages.info(request, _("To sign out on this device, use “Sign out” in the menu."))
        else:
            sign_out_device(person=request.user, session_key=key)
            messages.success(
                request, _("That device is signed out. It will need to sign in again.")
            )
        return redirect("accounts:signed_in")
    devices = devices_of(request.user, current)
    return render(
        request,
        "accounts/signed_in.html",
        {"devices": devices, "others": sum(1 for d in devices if not d.this_one)},
    )
