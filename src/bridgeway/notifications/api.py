"""REST API for a person's own notifications and how they receive them, scoped to the caller
exactly like the bell and the preferences page. Text is in the caller's language."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, parse_id
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.serializers import KeptFieldsSerializer
from bridgeway.core.services import DomainError
from bridgeway.notifications import services
from bridgeway.notifications.models import Channel, Frequency, Notification
from bridgeway.notifications.preferences import TEXT_CHANNELS
from bridgeway.notifications.render import summaries_in, summary_in
from bridgeway.notifications.selectors import PreferenceRow, notifications_for, preference_rows

# What a person chooses per kind: email, and text messages (SMS and WhatsApp together, as on
# the preferences page).
EMAIL, TEXTS = "email", "texts"
TEXT_FREQUENCIES = [Frequency.IMMEDIATE, Frequency.OFF]


class NotificationSerializer(KeptFieldsSerializer[Notification]):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="Stable code of the kind of notification.")
    summary = serializers.SerializerMethodField(help_text="One line, in the caller's language.")
    url = serializers.CharField(allow_blank=True, help_text="Where it points on the site.")
    created_at = serializers.DateTimeField()
    read = serializers.SerializerMethodField()

    def get_summary(self, notification: Notification) -> str:
        summaries = self.context.get("summaries", {})
        if notification.pk in summaries:
            return str(summaries[notification.pk])
        return summary_in(notification)

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationFilterSerializer(serializers.Serializer[Any]):
    unread = serializers.BooleanField(
        required=False, default=False, help_text="Only the notifications not read yet."
    )


class NotificationsReadSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="How many notifications were marked as read.")


class PreferenceRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(source="kind.code")
    label = serializers.CharField(source="kind.label", help_text="In the caller's language.")  # type: ignore[assignment]
    needs_answer = serializers.BooleanField(
        help_text="It comes right away, even to someone who reads the rest in a summary."
    )
    mandatory = serializers.BooleanField(
        source="kind.mandatory", help_text="Always emailed right away; cannot be changed."
    )
    can_text = serializers.BooleanField(
        source="kind.texts", help_text="It may come by text message (SMS or WhatsApp)."
    )
    email = serializers.ChoiceField(choices=Frequency.choices)
    texts = serializers.ChoiceField(
        choices=[(value, label) for value, label in Frequency.choices if value in TEXT_FREQUENCIES],
        help_text="Text messages: SMS and WhatsApp, once the person has turned them on.",
    )


class PreferencesSerializer(serializers.Serializer[Any]):
    preferences = PreferenceRowSerializer(many=True)


class PreferenceChoiceSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=80, help_text="The code of a kind listed for you.")
    channel = serializers.ChoiceField(
        choices=[(EMAIL, "Email"), (TEXTS, "Text messages (SMS and WhatsApp)")],
        error_messages={"invalid_choice": _("Choose email, text message or WhatsApp.")},
    )
    frequency = serializers.ChoiceField(
        choices=Frequency.choices,
        error_messages={"invalid_choice": _("Choose how often from the list.")},
        help_text="Text messages come right away or not at all: immediate or off.",
    )

    def validate_kind(self, value: str) -> str:
        if value not in self.context["kinds"]:
            raise ValidationError(_("Choose a kind of notification from the list."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        frequency = attrs["frequency"]
        if attrs["channel"] == TEXTS and frequency not in TEXT_FREQUENCIES:
            raise ValidationError({"frequency": [_("Choose how often from the list.")]})
        row: PreferenceRow = self.context["kinds"][attrs["kind"]]
        if attrs["channel"] == EMAIL and row.kind.mandatory and frequency != Frequency.IMMEDIATE:
            raise ValidationError(
                {"frequency": [_("This email is always sent: it is needed to use your account.")]}
            )
        return attrs


class PreferencesUpdateSerializer(serializers.Serializer[Any]):
    preferences = PreferenceChoiceSerializer(many=True, allow_empty=False, max_length=200)  # type: ignore[call-arg]


class NotificationListView(generics.ListAPIView[Notification]):
    """Your notifications, newest first, each summed up in your language."""

    permission_classes = [StaffHaveMFA]
    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        filters = NotificationFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = notifications_for(person=acting_person(self.request))
        if filters.validated_data["unread"]:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications.select_related("person")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page's summaries are loaded together (a query per kind, not per notification)."""
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        summaries = dict(zip((n.pk for n in page), summaries_in(page), strict=True))
        context = {**self.get_serializer_context(), "summaries": summaries}
        serializer = self.get_serializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)

    @extend_schema(parameters=[NotificationFilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NotificationReadView(APIView):
    """Mark one of your notifications as read (again is harmless)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        try:
            notification = services.notification_mark_read(
                person=acting_person(request), notification_id=parse_id(pk)
            )
        except DomainError:
            raise NotFound from None
        return Response(NotificationSerializer(notification).data)


class NotificationsReadAllView(APIView):
    """Mark all your notifications as read."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=NotificationsReadSerializer)
    def post(self, request: Request) -> Response:
        count = services.notifications_mark_all_read(person=acting_person(request))
        return Response(NotificationsReadSerializer({"count": count}).data)


class NotificationPreferencesView(APIView):
    """How often each kind of notification reaches you, by email and by text message. PUT and
    PATCH both change only the kinds and channels listed, all of them or none."""

    permission_classes = [StaffHaveMFA]

    def _answer(self, request: Request) -> Response:
        rows = preference_rows(acting_person(request))
        return Response(PreferencesSerializer({"preferences": rows}).data)

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request: Request) -> Response:
        return self._answer(request)

    @extend_schema(request=PreferencesUpdateSerializer, responses=PreferencesSerializer)
    def put(self, request: Request) -> Response:
        person = acting_person(request)
        rows = {row.kind.code: row for row in preference_rows(person)}
        serializer = PreferencesUpdateSerializer(data=request.data, context={"kinds": rows})
        serializer.is_valid(raise_exception=True)
        choices: list[tuple[str, str, str]] = []
        for item in serializer.validated_data["preferences"]:
            channels = [Channel.EMAIL] if item["channel"] == EMAIL else list(TEXT_CHANNELS)
            choices.extend((item["kind"], channel, item["frequency"]) for channel in channels)
        try:
            services.preferences_set(person=person, choices=choices)
        except DomainError as error:
            raise api_domain_error(error) from None
        return self._answer(request)

    @extend_schema(request=PreferencesUpdateSerializer, responses=PreferencesSerializer)
    def patch(self, request: Request) -> Response:
        return self.put(request)
