"""The bell's page, preferences, one-click unsubscribe, the SMS webhook, and staff views of
deliveries and failed jobs."""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.notifications import services, timers
from bridgeway.notifications.email import unsubscribe_read
from bridgeway.notifications.forms import ContactForm, TextConsentForm
from bridgeway.notifications.kinds import kinds
from bridgeway.notifications.models import Channel, Frequency
from bridgeway.notifications.preferences import (
    contact_settings_read,
    text_consent,
    texts_refused,
)
from bridgeway.notifications.render import summaries_in
from bridgeway.notifications.selectors import (
    failed_timers,
    notifications_for,
    preference_rows,
)


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    notifications = notifications_for(person=request.user).select_related("person")
    page = paginate(request, notifications, per_page=20)
    rows = list(page.object_list)
    items = list(zip(rows, summaries_in(rows), strict=True))  # a query per kind, not per row
    return render(request, "notifications/list.html", {"page": page, "items": items})


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read, and the person lands where it points."""
    try:
        notification = services.notification_mark_read(
            person=request.user, notification_id=parse_id(pk)
        )
    except DomainError as exc:
        raise Http404 from exc
    target = notification.url or reverse("notifications:list")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        services.notification_mark_read(person=request.user, notification_id=parse_id(pk))
    except DomainError as exc:
        raise Http404 from exc
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(person=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("notifications:list")


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    contact = contact_settings_read(request.user)
    posted_contact = request.POST if request.POST.get("form") == "contact" else None
    form = ContactForm(posted_contact, initial=ContactForm.initial_for(contact))
    consent = text_consent(request.user)
    # While the consent to text messages does not hold, the page offers it in the same submit.
    consent_form = (
        TextConsentForm(posted_contact, consent=consent)
        if consent is not None and not consent.holds
        else None
    )
    if posted_contact is not None and request.method == "POST":
        if form.is_valid() and (consent_form is None or consent_form.is_valid()):
            agreed = consent_form is not None and consent_form.agreed
            try:
                services.contact_update(
                    person=request.user,
                    **form.cleaned_data,
                    agree_to_texts=agreed,
                    texts_consent_version=consent_form.version if consent_form and agreed else 0,
                    texts_consent_required=consent_form is not None,
                )
            except DomainError as error:
                if consent_form is not None and error.field == "texts_consent":
                    consent_form.add_error("texts_consent", error.message)
                else:
                    form_add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("How we reach you is saved, and your consent to text messages is recorded.")
                    if agreed
                    else _("How we reach you is saved."),
                )
                return redirect("notifications:preferences")
    elif request.method == "POST" and request.POST.get("form") == "kinds":
        errors = _save_kinds(request)
        if not errors:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
        for problem in errors:
            messages.error(request, problem)
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "contact": contact,
            "text_consent": consent,
            "consent_form": consent_form,
            "rows": preference_rows(request.user),
            "email_choices": Frequency.choices,
            "text_choices": [
                (v, label) for v, label in Frequency.choices if v in ("immediate", "off")
            ],
            "can_text": bool(contact.phone)
            and (contact.can_text("sms") or contact.can_text("whatsapp")),
            "texts_refused": texts_refused(request.user.pk),
        },
    )


def _save_kinds(request: AuthedRequest) -> list[str]:
    errors = []
    for kind in kinds().values():
        for channel, field in ((Channel.EMAIL, "email"), (Channel.SMS, "texts")):
            value = request.POST.get(f"{field}-{kind.code}")
            if value is None:
                continue
            channels: list[str] = (
                [channel] if channel == Channel.EMAIL else [Channel.SMS, Channel.WHATSAPP]
            )
            for each in channels:
                try:
                    services.preference_set(
                        person=request.user, kind=kind.code, channel=each, frequency=value
                    )
                except DomainError as exc:
                    errors.append(f"{kind.label}: {exc.message}")
                    break
    return errors


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every email. A GET asks first (mail scanners open links); a POST — the
    button, or the mail program's one-click request (RFC 8058) — switches the emails off."""
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    person_id, codes = found
    known = kinds()
    labels = [str(known[code].label) for code in codes if code in known]
    if request.method == "POST":
        services.unsubscribe(person_id=person_id, kind_codes=codes)
        return render(request, "notifications/unsubscribe.html", {"done": True, "labels": labels})
    return render(request, "notifications/unsubscribe.html", {"labels": labels, "token": token})


STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"}
START_WORDS = {"START", "UNSTOP", "YES"}


def _twilio_signature_ok(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    if not token:
        return False
    url = settings.SITE_URL + request.path
    data = url + "".join(f"{key}{request.POST[key]}" for key in sorted(request.POST))
    expected = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest())
    return hmac.compare_digest(expected.decode(), request.headers.get("X-Twilio-Signature", ""))


@csrf_exempt
@require_POST
def text_inbound(request: HttpRequest) -> HttpResponse:
    """Twilio's webhook for replies: STOP stops that channel for that number, START restarts
    it. Signed by Twilio; anything unsigned is refused."""
    if not _twilio_signature_ok(request):
        return HttpResponseForbidden()
    sender = request.POST.get("From", "")
    channel = Channel.WHATSAPP if sender.startswith("whatsapp:") else Channel.SMS
    number = sender.removeprefix("whatsapp:")
    word = request.POST.get("Body", "").strip().upper()
    if word in STOP_WORDS:
        services.texts_stop(phone=number, channel=channel)
    elif word in START_WORDS:
        services.texts_restart(phone=number, channel=channel)
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml"
    )


@mfa_required
def staff_jobs(request: AuthedRequest, slug: str) -> HttpResponse:
    """Jobs that kept failing for this agency, with the reason, to retry once fixed."""
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=slug, roles=ANY_STAFF
    )
    if request.method == "POST":
        timer = (
            failed_timers(organization=organization)
            .filter(pk=parse_id(request.POST.get("timer", "")) or 0)
            .first()
        )
        if timer is None:
            raise Http404
        timers.timer_retry(timer=timer)
        messages.success(request, _("The job will run again in a minute."))
        return redirect("notifications:staff_jobs", slug=organization.slug)
    page = paginate(request, failed_timers(organization=organization))
    return render(
        request,
        "notifications/staff_jobs.html",
        {
            "organization": organization,
            "page": page,
            "labels": [(t, timers.timer_label(t.kind)) for t in page.object_list],
        },
    )
