"""API for what came with recurring meetings: cancelling a meeting and the later ones of its
series, and the private calendar address (made, read, replaced, turned off). A series is
proposed through the meetings endpoint (`repeat`). Scoped like the rest of the meetings API:
only the two people of a relationship reach its meetings; the calendar address is the caller's
own."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.notifications.render import absolute
from bridgeway.relationships import calendar_feed
from bridgeway.relationships.api import MeetingSerializer, _domain_error
from bridgeway.relationships.selectors import meeting_get_for_party
from bridgeway.relationships.series import series_cancel_from


class MeetingCancelSeriesView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=None, responses={200: MeetingSerializer(many=True), 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Cancel this meeting of a series and every later one; you are both told, and your
        calendars receive the shorter series (or its cancellation when nothing is left).
        Answers the meetings cancelled."""
        person = acting_person(request)
        meeting = meeting_get_for_party(person=person, meeting_id=id_or_404(pk))
        if meeting.series_id is None:
            raise _domain_error(DomainError(_("This meeting does not repeat."))) from None
        try:
            cancelled = series_cancel_from(meeting=meeting, by=person)
        except DomainError as error:
            raise _domain_error(error) from None
        return Response([MeetingSerializer(m, context={"person": person}).data for m in cancelled])


class CalendarFeedSerializer(serializers.Serializer[Any]):
    active = serializers.BooleanField(help_text="Whether you have a calendar address now.")
    created_at = UTCDateTimeField(allow_null=True)
    last_read_at = UTCDateTimeField(allow_null=True, help_text="Last read by a calendar app.")
    url = serializers.CharField(
        allow_blank=True, help_text="Only in the answer that makes it: it is not kept."
    )


class CalendarFeedView(APIView):
    """Your private calendar address: calendar apps subscribe to it without signing in."""

    permission_classes = [StaffHaveMFA]

    def _state(self, request: Request, url: str = "") -> dict[str, Any]:
        feed = calendar_feed.feed_of(person=acting_person(request))
        return {
            "active": feed is not None,
            "created_at": feed.created_at if feed else None,
            "last_read_at": feed.last_read_at if feed else None,
            "url": url,
        }

    @extend_schema(responses={200: CalendarFeedSerializer})
    def get(self, request: Request) -> Response:
        """Whether you have a calendar address (the address itself is shown only once)."""
        return Response(CalendarFeedSerializer(self._state(request)).data)

    @extend_schema(request=None, responses={201: CalendarFeedSerializer})
    def post(self, request: Request) -> Response:
        """Make a new address, replacing the earlier one (which stops working at once)."""
        token = calendar_feed.feed_create(person=acting_person(request))
        url = absolute(reverse("relationships:calendar_feed", args=[token]))
        return Response(
            CalendarFeedSerializer(self._state(request, url)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Turn the address off: calendar apps get nothing from it any more."""
        calendar_feed.feed_turn_off(person=acting_person(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
