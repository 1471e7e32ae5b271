"""Pages around meetings: the private calendar feed (its settings page and the feed itself) and
"did you meet?" answered from the email's links, without signing in."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bridgeway.accounts.models import Person
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.notifications.render import absolute, when
from bridgeway.relationships import calendar_feed, meetings, series
from bridgeway.relationships.forms import MeetingLogForm
from bridgeway.relationships.meeting_answers import AnswerLinkError, answer_token_read
from bridgeway.relationships.models import Meeting, MeetingLog
from bridgeway.relationships.selectors import meeting_for_answer, meeting_log_of

# The new address is shown once, right after it is made: only its hash is kept.
_NEW_FEED = "relationships.new_calendar_feed"


@login_required
def calendar_feed_page(request: AuthedRequest) -> HttpResponse:
    """Make, replace or turn off one's private calendar address."""
    person = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            token = calendar_feed.feed_create(person=person)
            request.session[_NEW_FEED] = token
            messages.success(
                request,
                _("Your new calendar address is ready. Any earlier address has stopped working."),
            )
        elif action == "off" and calendar_feed.feed_turn_off(person=person):
            messages.success(request, _("Your calendar address is turned off."))
        return redirect("relationships:calendar_feed_page")
    token = request.session.pop(_NEW_FEED, None)
    return render(
        request,
        "relationships/calendar_feed.html",
        {
            "feed": calendar_feed.feed_of(person=person),
            "address": absolute(reverse("relationships:calendar_feed", args=[token]))
            if token
            else "",
        },
    )


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed, read by calendar apps without signing in: the secret is the key, and it
    opens nothing else. The same 404 for an address that never existed and one replaced."""
    feed = calendar_feed.feed_find(token)
    if feed is None:
        raise Http404
    with translation.override(feed.person.preferred_language):
        content = calendar_feed.feed_ics(person=feed.person)
    calendar_feed.feed_read(feed=feed)
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="mentoring.ics"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _other(meeting: Meeting, person: Person) -> Person:
    relationship = meeting.relationship
    if relationship.mentee.person_id == person.pk:
        return relationship.mentor.person
    return relationship.mentee.person


def _answer_refused(request: HttpRequest, message: str, meeting_id: int | None) -> HttpResponse:
    return render(
        request,
        "relationships/meeting_answer.html",
        {"refused": message, "meeting_id": meeting_id},
        status=403,
    )


def meeting_answer(request: HttpRequest, token: str) -> HttpResponse:
    """ "Did you meet?" from the email. Opening the link (GET) writes nothing, since mail
    scanners open links too: the answer is chosen and the person confirms with one button."""
    try:
        signed = answer_token_read(token)
    except AnswerLinkError as error:
        return _answer_refused(request, error.message, error.meeting_id)
    found = meeting_for_answer(meeting_id=signed.meeting_id, person_id=signed.person_id)
    if found is None:
        return _answer_refused(request, _("This meeting is no longer in Bridgeway."), None)
    meeting, person = found
    user = request.user
    if user.is_authenticated and user.pk != person.pk:
        # Never answer as the signed-in person, nor for the link's owner from their session.
        return _answer_refused(
            request,
            _(
                "This link was sent to someone else. You are signed in as %(name)s: sign out to "
                "use it, or answer for yourself on the meeting page."
            )
            % {"name": user.name},
            None,
        )
    # In the language of the browser (or the one chosen on the site), like every page.
    return _answer_page(request, meeting, person)


def _answer_page(request: HttpRequest, meeting: Meeting, person: Person) -> HttpResponse:
    outcome = request.GET.get("outcome", "")
    form = MeetingLogForm(
        request.POST if request.method == "POST" else None,
        initial={
            "outcome": outcome if outcome in MeetingLog.Outcome.values else "met",
            "minutes": meeting.duration_minutes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_log(
                meeting=meeting,
                by=person,
                outcome=form.cleaned_data["outcome"],
                minutes=form.cleaned_data["minutes"] or 0,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect(request.path)
    other = _other(meeting, person)
    context: dict[str, Any] = {
        "meeting": meeting,
        "person": person,
        "other": other,
        "when": when(meeting.starts_at, person.time_zone, other.time_zone)
        if meeting.starts_at
        else "",
        "answered": meeting_log_of(meeting=meeting, person=person),
        "form": form,
    }
    return render(request, "relationships/meeting_answer.html", context)


def series_context(meeting: Meeting, person: Person, other: Person) -> dict[str, Any]:
    """The series a meeting belongs to, for its page: the rule and every meeting, in both
    people's time zones."""
    if meeting.series is None:
        return {}
    every = series.series_meetings(meeting.series)
    zone = person.time_zone
    return {
        "series": meeting.series,
        "series_label": series.series_label(meeting.series),
        "series_meetings": [
            (one, series.day_of(one.starts_at, zone), when(one.starts_at, zone, other.time_zone))
            for one in every
            if one.starts_at is not None
        ],
        "can_cancel_series": meeting.series.status == "scheduled"
        and meeting.status == Meeting.Status.SCHEDULED,
    }
