"""REST API for concerns, scoped like the pages: a participant raises concerns and reads their
own (their status in plain words and the messages staff send them, never staff notes); the
agencies' staff list, read and update the concerns of their agencies. Anyone else's id is the
same 404 as a missing one. Fields a caller may not set (organization, status from a
participant, …) are ignored. Times are ISO 8601 in UTC."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.concerns import services
from bridgeway.concerns.history import history
from bridgeway.concerns.models import (
    CLIENT_KEY_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    Category,
    Concern,
    Outcome,
    Priority,
)
from bridgeway.concerns.selectors import (
    blocks_of,
    concern_get_for_reporter,
    concern_get_for_staff,
    concerns_for_staff,
    concerns_of_reporter,
    events_for_reporter,
    events_for_staff,
    staff_of,
    subjects_for_participant,
)
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import MAX_ID, acting_person, id_or_404, parse_id
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError


class ConcernPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ConcernProgramSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ConcernHistoryLineSerializer(serializers.Serializer[Any]):
    at = UTCDateTimeField()
    kind = serializers.CharField()
    text = serializers.CharField(help_text="What happened, in your language.")
    message = serializers.CharField(allow_blank=True, help_text="What was written, if anything.")


def _lines(pairs: list[Any]) -> list[dict[str, Any]]:
    return [
        {"at": event.created_at, "kind": event.kind, "text": sentence, "message": event.text}
        for event, sentence in pairs
    ]


# --- Participants -----------------------------------------------------------------------------


class MyConcernSerializer(serializers.Serializer[Concern]):
    """A concern you raised: where it stands, never who handles it nor their notes."""

    id = serializers.IntegerField()
    program = ConcernProgramSerializer()
    relationship = serializers.IntegerField(source="relationship_id", allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=Concern.Status.choices)
    status_text = serializers.CharField(source="status_for_reporter")
    created_at = UTCDateTimeField()


class MyConcernDetailSerializer(MyConcernSerializer):
    history = serializers.SerializerMethodField()

    def get_history(self, concern: Concern) -> list[dict[str, Any]]:
        lines = _lines(history(events_for_reporter(concern=concern), for_reporter=True))
        return ConcernHistoryLineSerializer(lines, many=True).data  # type: ignore[return-value]


class RaiseSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(
        choices=Category.choices,
        error_messages={
            "invalid_choice": gettext_lazy("Choose what the concern is about from the list.")
        },
    )
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX,
        error_messages={
            "blank": gettext_lazy("Tell us what happened, in your own words."),
            "required": gettext_lazy("Tell us what happened, in your own words."),
        },
    )
    relationship = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="One of your mentorships, when it is about one.",
    )
    program = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="One of your programs, when it is not about a mentorship.",
    )
    about_other_person = serializers.BooleanField(
        default=True,
        help_text="With a mentorship: it is about the other person (who never sees it).",
    )
    block = serializers.BooleanField(
        default=False,
        help_text="With a mentorship: block the other person until staff lift it.",
    )
    client_key = serializers.CharField(
        max_length=CLIENT_KEY_MAX,
        required=False,
        allow_blank=True,
        help_text=(
            "Any unique text per concern (a UUID): sending the same key again returns the "
            "concern already raised instead of raising a second one."
        ),
    )


class MyConcernListView(generics.ListCreateAPIView[Concern]):
    """Concerns you raised, the newest first; raise one about one of your mentorships or
    programs."""

    permission_classes = [StaffHaveMFA]
    serializer_class = MyConcernSerializer

    def get_queryset(self) -> QuerySet[Concern]:
        return concerns_of_reporter(person=acting_person(self.request)).order_by(
            "-created_at", "-pk"
        )

    @extend_schema(request=RaiseSerializer, responses={201: MyConcernDetailSerializer, 400: None})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = acting_person(request)
        data = RaiseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        subjects = {s.key: s for s in subjects_for_participant(person=person)}
        if values.get("relationship"):
            subject = subjects.get(f"r{values['relationship']}")
            if subject is None:
                raise ValidationError({"relationship": [_("Choose one of your own mentorships.")]})
        elif values.get("program"):
            subject = subjects.get(f"p{values['program']}")
            if subject is None:
                raise ValidationError({"program": [_("Choose one of your own programs.")]})
        else:
            raise ValidationError(
                {"relationship": [_("Choose which mentorship or program it is about.")]}
            )
        try:
            concern = services.concern_raise(
                by=person,
                category=values["category"],
                description=values["description"],
                program=subject.program,
                relationship=subject.relationship,
                about=subject.other if values["about_other_person"] else None,
                block=values["block"],
                client_key=values.get("client_key") or "",
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(MyConcernDetailSerializer(concern).data, status=status.HTTP_201_CREATED)


class MyConcernDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: MyConcernDetailSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """A concern you raised, with its history as you see it."""
        concern = concern_get_for_reporter(person=acting_person(request), concern_id=id_or_404(pk))
        return Response(MyConcernDetailSerializer(concern).data)


class TextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(
        max_length=NOTE_MAX,
        error_messages={
            "blank": gettext_lazy("Write something first."),
            "required": gettext_lazy("Write something first."),
        },
    )


class NoteSerializer(TextSerializer):
    to_reporter = serializers.BooleanField(
        default=False,
        help_text="Send it to the person who raised the concern (they are told); "
        "otherwise only staff read it.",
    )


def _line(concern: Concern, event: Any, *, for_reporter: bool) -> dict[str, Any]:
    event.concern = concern
    [line] = _lines(history([event], for_reporter=for_reporter))
    return ConcernHistoryLineSerializer(line).data  # type: ignore[return-value]


class MyConcernAnswerView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=TextSerializer,
        responses={201: ConcernHistoryLineSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add to a concern you raised while it is open; the staff member handling it is told.
        A concern waiting for your answer goes back to staff."""
        person = acting_person(request)
        concern = concern_get_for_reporter(person=person, concern_id=id_or_404(pk))
        data = TextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = services.concern_answer(
                concern=concern, by=person, text=data.validated_data["text"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(_line(concern, event, for_reporter=True), status=status.HTTP_201_CREATED)


# --- Staff ------------------------------------------------------------------------------------


class ConcernBlockSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    blocker = ConcernPersonSerializer()
    blocked = ConcernPersonSerializer()
    created_at = UTCDateTimeField()
    lifted_at = UTCDateTimeField(allow_null=True)


class StaffConcernSerializer(serializers.Serializer[Concern]):
    id = serializers.IntegerField()
    program = ConcernProgramSerializer()
    relationship = serializers.IntegerField(source="relationship_id", allow_null=True)
    reporter = ConcernPersonSerializer()
    about = ConcernPersonSerializer(allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    status = serializers.ChoiceField(choices=Concern.Status.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    assignee = ConcernPersonSerializer(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    created_at = UTCDateTimeField()
    escalated_at = UTCDateTimeField(allow_null=True)
    resolved_at = UTCDateTimeField(allow_null=True)


class StaffConcernDetailSerializer(StaffConcernSerializer):
    description = serializers.CharField()
    outcome_note = serializers.CharField(allow_blank=True)
    blocks = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_blocks(self, concern: Concern) -> list[dict[str, Any]]:
        return ConcernBlockSerializer(blocks_of(concern=concern), many=True).data  # type: ignore[return-value]

    def get_history(self, concern: Concern) -> list[dict[str, Any]]:
        lines = _lines(history(events_for_staff(concern=concern), for_reporter=False))
        return ConcernHistoryLineSerializer(lines, many=True).data  # type: ignore[return-value]


class StaffUpdateSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Concern.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    assignee = serializers.IntegerField(
        required=False, allow_null=True, help_text="A staff member of the agency; null: nobody."
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    outcome_note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Staff only."
    )


FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=[*Concern.Status.values, "open"]),
    OpenApiParameter("category", OpenApiTypes.STR, enum=Category.values),
    OpenApiParameter("priority", OpenApiTypes.STR, enum=Priority.values),
    OpenApiParameter("program", OpenApiTypes.INT),
    OpenApiParameter("assignee", OpenApiTypes.INT),
]


@extend_schema(parameters=FILTERS)
class StaffConcernListView(generics.ListAPIView[Concern]):
    """The concerns of your agencies, the newest first (empty for someone who is no staff)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = StaffConcernSerializer

    def get_queryset(self) -> QuerySet[Concern]:
        rows = concerns_for_staff(person=acting_person(self.request))
        get = self.request.query_params
        if get.get("status") == "open":
            rows = rows.filter(status__in=Concern.OPEN)
        elif get.get("status") in Concern.Status.values:
            rows = rows.filter(status=get["status"])
        if get.get("category") in Category.values:
            rows = rows.filter(category=get["category"])
        if get.get("priority") in Priority.values:
            rows = rows.filter(priority=get["priority"])
        if program := parse_id(get.get("program")):
            rows = rows.filter(program_id=program)
        if assignee := parse_id(get.get("assignee")):
            rows = rows.filter(assignee_id=assignee)
        return rows.order_by("-created_at", "-pk")


class StaffConcernDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: StaffConcernDetailSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """A concern of your agency with its blocks and full history (notes included)."""
        concern = concern_get_for_staff(person=acting_person(request), concern_id=id_or_404(pk))
        return Response(StaffConcernDetailSerializer(concern).data)

    @extend_schema(
        request=StaffUpdateSerializer,
        responses={200: StaffConcernDetailSerializer, 400: None, 404: None},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change the status, priority, assignee or outcome; each change is audited. Resolving
        needs an outcome."""
        person = acting_person(request)
        concern = concern_get_for_staff(person=person, concern_id=id_or_404(pk))
        data = StaffUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assignee = None
        unassign = "assignee" in values and values["assignee"] is None
        if values.get("assignee") is not None:
            staff = {p.pk: p for p in staff_of(organization=concern.organization)}
            assignee = staff.get(values["assignee"])
            if assignee is None:
                raise ValidationError({"assignee": [_("Choose a staff member of the agency.")]})
        try:
            concern = services.concern_update(
                concern=concern,
                by=person,
                status=values.get("status"),
                priority=values.get("priority"),
                assignee=assignee,
                unassign=unassign,
                outcome=values.get("outcome"),
                outcome_note=values.get("outcome_note"),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(StaffConcernDetailSerializer(concern).data)


class StaffConcernNoteView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=NoteSerializer,
        responses={201: ConcernHistoryLineSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """A staff note (staff only) or a message to the person who raised the concern."""
        person = acting_person(request)
        concern = concern_get_for_staff(person=person, concern_id=id_or_404(pk))
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = services.concern_note(concern=concern, by=person, **data.validated_data)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(_line(concern, event, for_reporter=False), status=status.HTTP_201_CREATED)
