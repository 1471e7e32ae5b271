"""REST API for requests to mentors, relationships, their agreement and their meetings, scoped
to the caller exactly like the pages: a mentee asks from their own enrollment, a mentor answers
from theirs, and only the two people of a relationship read it and act on it. Someone else's id
is the same 404 as a missing one. Text and error messages are in the caller's language; times
are ISO 8601 in UTC, and proposed times are typed in the caller's own time zone."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.accounts.models import Person
from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core import limits
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import MAX_ID, acting_person, id_or_404
from bridgeway.core.limits import RateLimited, person_key
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.serializers import KeptFieldsSerializer
from bridgeway.core.services import DomainError
from bridgeway.matching.selectors import (
    mentee_enrollment_get,
    mentor_enrollment_get,
)
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.relationships import agreements, flash, meetings, services
from bridgeway.relationships.models import (
    MAX_CHOICES,
    Agreement,
    CloseReason,
    DeclineReason,
    Meeting,
    MeetingChannel,
    MeetingFrequency,
    MeetingKind,
    MeetingLog,
    MeetingSeries,
    MentorRequest,
    Relationship,
)
from bridgeway.relationships.selectors import (
    LISTED_FIRST_PAGE,
    agreement_of,
    meeting_get_for_party,
    meetings_of_pair,
    open_requests_of_mentee,
    relationship_get_for_party,
    relationships_listed_first,
    relationships_listed_for,
    request_get_for_mentor,
    request_to_mentor_exists,
    requests_of_mentee,
    waiting_requests_for_mentors,
)
from bridgeway.relationships.series import Repeat

_PROPOSE_FIELDS = {
    "options": "times",
    "repeat_times": "repeat",
    "repeat_until": "repeat",
}


def _domain_error(error: DomainError, renamed: dict[str, str] | None = None) -> APIException:
    """The 400 answer for a broken product rule, keyed by the request's own field name when the
    service names it differently (a limit reached: 429)."""
    if isinstance(error, RateLimited):
        return api_domain_error(error)
    field = (renamed or {}).get(error.field or "", error.field) or "non_field_errors"
    return ValidationError({field: [error.message]})


# --- Serializers ----------------------------------------------------------------------------------


class EnrollmentRefSerializer(KeptFieldsSerializer[Enrollment]):
    """The other person: their enrollment in the program and their name."""

    enrollment = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="person.name")


class MentorRequestSerializer(serializers.Serializer[Any]):
    """One of the mentee's requests. Why a mentor declined is not shown: only the program's
    coordinator reads it."""

    id = serializers.IntegerField()
    mentor = EnrollmentRefSerializer()
    rank = serializers.IntegerField(help_text="1 for the first choice, then 2 and 3.")
    source = serializers.ChoiceField(choices=MentorRequest.Source.choices)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=MentorRequest.Status.choices)
    sent_at = UTCDateTimeField(allow_null=True)
    due_at = UTCDateTimeField(allow_null=True, help_text="The mentor answers by then.")
    answered_at = UTCDateTimeField(allow_null=True)
    mentee_confirms = serializers.BooleanField(
        help_text="A coordinator's proposal you accept or decline too."
    )
    mentee_accepted_at = UTCDateTimeField(allow_null=True, help_text="Your yes, when given.")


class MentorRequestsSendSerializer(serializers.Serializer[Any]):
    mentor_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=MAX_CHOICES,
        help_text="Enrollments of mentors from your suggestions, your first choice first.",
        error_messages={"empty": gettext_lazy("Choose at least one mentor: your first choice.")},
    )
    message = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="In your own words; each mentor you ask reads it, one at a time.",
    )

    def validate_mentor_ids(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValidationError(_("Give each mentor a different place in your order."))
        return value


class ReceivedRequestSerializer(KeptFieldsSerializer[Any]):
    """A request to the caller as a mentor, with the mentee's message."""

    id = serializers.IntegerField()
    mentee = EnrollmentRefSerializer()
    message = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=MentorRequest.Source.choices)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=MentorRequest.Status.choices)
    sent_at = UTCDateTimeField(allow_null=True)
    due_at = UTCDateTimeField(allow_null=True, help_text="Answer by then.")
    answered_at = UTCDateTimeField(allow_null=True)
    decline_reason = serializers.ChoiceField(
        choices=DeclineReason.choices, allow_blank=True, help_text="Your reason, if you declined."
    )
    decline_note = serializers.CharField(allow_blank=True)
    mentee_confirms = serializers.BooleanField(
        help_text="A coordinator's proposal the mentee accepts or declines too."
    )
    mentor_accepted_at = UTCDateTimeField(allow_null=True, help_text="Your yes, when given.")
    mentee_accepted_at = UTCDateTimeField(allow_null=True, help_text="The mentee's yes.")


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=DeclineReason.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose a reason from the list.")},
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="In your words; only the coordinator reads it. Needed with 'other'.",
    )


class ProgramRefSerializer(KeptFieldsSerializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    language = serializers.CharField(
        source="content_language", help_text="BCP 47 code of the language of its name."
    )
    organization = serializers.CharField(source="organization.name", help_text="The agency.")


class RelationshipSerializer(KeptFieldsSerializer[Relationship]):
    """A relationship as one of its two people sees it."""

    id = serializers.IntegerField()
    program = ProgramRefSerializer()
    role = serializers.SerializerMethodField(help_text="Your part in it.")
    other = serializers.SerializerMethodField(help_text="The other person.")
    status = serializers.ChoiceField(choices=Relationship.Status.choices)
    started_at = UTCDateTimeField()
    activated_at = UTCDateTimeField(allow_null=True, help_text="In force since.")
    planned_end = serializers.DateField()
    closed_at = UTCDateTimeField(allow_null=True)
    hours = serializers.SerializerMethodField(help_text="Hours of meetings you have logged.")
    kind = serializers.ChoiceField(
        source="program.kind",
        choices=Program.Kind.choices,
        help_text="'flash': a single conversation, with no agreement, goals or check-ins; it "
        "closes by itself after its meeting.",
    )
    close_reason = serializers.ChoiceField(choices=CloseReason.choices, allow_blank=True)

    def _person(self) -> Person:
        person: Person = self.context["person"]
        return person

    def _is_mentee(self, relationship: Relationship) -> bool:
        return relationship.mentee.person_id == self._person().pk

    @extend_schema_field(serializers.ChoiceField(choices=EnrollmentRole.choices))
    def get_role(self, relationship: Relationship) -> str:
        return "mentee" if self._is_mentee(relationship) else "mentor"

    @extend_schema_field(EnrollmentRefSerializer)
    def get_other(self, relationship: Relationship) -> dict[str, Any]:
        other = relationship.mentor if self._is_mentee(relationship) else relationship.mentee
        return EnrollmentRefSerializer(other).data

    def get_hours(self, relationship: Relationship) -> float:
        minutes = getattr(relationship, "logged_minutes", None)  # a list's rows carry them
        if minutes is not None:
            return round(minutes / 60, 1)
        return meetings.hours_of(relationship=relationship, person=self._person())


class AgreementSerializer(serializers.Serializer[Agreement]):
    version = serializers.IntegerField(help_text="Version of the program's text; 0: the default.")
    meeting_frequency = serializers.ChoiceField(choices=MeetingFrequency.choices)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=MeetingChannel.choices))
    response_days = serializers.IntegerField(help_text="You answer each other within these days.")
    text = serializers.SerializerMethodField(help_text="In the caller's language when it exists.")
    mentee_signed_name = serializers.CharField(allow_blank=True)
    mentee_signed_at = UTCDateTimeField(allow_null=True)
    mentor_signed_name = serializers.CharField(allow_blank=True)
    mentor_signed_at = UTCDateTimeField(allow_null=True)
    waived_at = UTCDateTimeField(
        allow_null=True, help_text="Started by the program's staff without signatures."
    )
    waived_reason = serializers.CharField(allow_blank=True)
    complete = serializers.BooleanField(help_text="Signed by both, or waived: it is in force.")

    def get_text(self, agreement: Agreement) -> str:
        return agreements.agreement_text(agreement)


class RelationshipDetailSerializer(RelationshipSerializer):
    agreement = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField(
        help_text="For a flash mentorship, what comes next in plain words (your language); "
        "null for other kinds."
    )

    def get_next_step(self, relationship: Relationship) -> str | None:
        return flash.next_steps([relationship], self._person()).get(relationship.pk)

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, relationship: Relationship) -> dict[str, Any] | None:
        agreement = self.context["agreement"]
        return AgreementSerializer(agreement).data if agreement is not None else None


class TermsSerializer(serializers.Serializer[Any]):
    meeting_frequency = serializers.ChoiceField(
        choices=MeetingFrequency.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose how often you meet from the list.")},
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(
            choices=MeetingChannel.choices,
            error_messages={
                "invalid_choice": gettext_lazy("Choose at least one way to meet from the list.")
            },
        ),
        allow_empty=False,
        max_length=len(MeetingChannel.choices),
        error_messages={
            "empty": gettext_lazy("Choose at least one way to meet from the list."),
        },
    )
    response_days = serializers.IntegerField(
        min_value=1,
        max_value=14,
        error_messages={
            "min_value": gettext_lazy("Give a number of days from 1 to 14."),
            "max_value": gettext_lazy("Give a number of days from 1 to 14."),
        },
    )


class SignSerializer(serializers.Serializer[Any]):
    typed_name = serializers.CharField(
        max_length=150,
        help_text="Your full name, typed: your signature.",
        error_messages={"blank": gettext_lazy("Type your name to sign.")},
    )


class SeriesSerializer(serializers.Serializer[MeetingSeries]):
    id = serializers.IntegerField()
    frequency = serializers.ChoiceField(choices=MeetingFrequency.choices)
    count = serializers.IntegerField(
        help_text="How many meetings, once a time is picked (0 while proposed)."
    )
    times_wanted = serializers.IntegerField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    time_zone = serializers.CharField(help_text="The wall-clock time is kept in this zone.")
    status = serializers.ChoiceField(choices=MeetingSeries.Status.choices)


class MeetingSerializer(serializers.Serializer[Meeting]):
    id = serializers.IntegerField()
    relationship = serializers.IntegerField(source="relationship_id")
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    link = serializers.CharField(allow_blank=True, help_text="For a video call.")
    place = serializers.CharField(allow_blank=True, help_text="To meet in person.")
    duration_minutes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    options = serializers.SerializerMethodField(
        help_text="The proposed times in UTC, in the proposer's order; pick one by its index."
    )
    starts_at = UTCDateTimeField(allow_null=True, help_text="The time picked.")
    proposed_by_you = serializers.SerializerMethodField()
    created_at = UTCDateTimeField()
    series = SeriesSerializer(allow_null=True, help_text="The series this meeting belongs to.")

    @extend_schema_field(serializers.ListField(child=serializers.DateTimeField()))
    def get_options(self, meeting: Meeting) -> list[str]:
        field = UTCDateTimeField()
        moments = [parse_datetime(option) for option in meeting.options]
        return [field.to_representation(moment) for moment in moments if moment is not None]

    def get_proposed_by_you(self, meeting: Meeting) -> bool:
        person: Person = self.context["person"]
        return meeting.proposed_by_id == person.pk


class MeetingTimeSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(help_text="YYYY-MM-DD, in your time zone.")
    time = serializers.TimeField(help_text="HH:MM on the clocks of your time zone.")


class RepeatSerializer(serializers.Serializer[Any]):
    frequency = serializers.ChoiceField(
        choices=MeetingFrequency.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose how often from the list.")},
    )
    times = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="How many meetings in all, 2 to 52 (stopping at the planned end).",
    )
    until = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Or the last day (YYYY-MM-DD, your zone), which may pass the planned end.",
    )


class MeetingProposeSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=MeetingKind.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose how you meet from the list.")},
    )
    link = serializers.URLField(
        max_length=200, required=False, allow_blank=True, default="", help_text="For video."
    )
    place = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="In person."
    )
    duration_minutes = serializers.ChoiceField(
        choices=[(minutes, f"{minutes} min") for minutes in meetings.DURATIONS],
        required=False,
        default=60,
        error_messages={"invalid_choice": gettext_lazy("Choose the length from the list.")},
    )
    times = serializers.ListField(
        child=MeetingTimeSerializer(),
        allow_empty=False,
        max_length=meetings.MAX_OPTIONS,
        help_text="Up to three times, typed in your own time zone (see /api/v1/me/).",
        error_messages={
            "empty": gettext_lazy("Propose at least one time."),
            "max_length": gettext_lazy("Propose at most three times."),
        },
    )
    repeat = RepeatSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="To make it a series: the time picked is the first meeting.",
    )


class MeetingPickSerializer(serializers.Serializer[Any]):
    option = serializers.IntegerField(
        min_value=0,
        max_value=meetings.MAX_OPTIONS - 1,
        help_text="The index of the proposed time, from 0.",
        error_messages={
            "min_value": gettext_lazy("Choose one of the proposed times."),
            "max_value": gettext_lazy("Choose one of the proposed times."),
        },
    )


class MeetingLogSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(
        choices=MeetingLog.Outcome.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose an answer from the list.")},
    )
    minutes = serializers.IntegerField(
        min_value=0,
        max_value=600,
        required=False,
        default=0,
        help_text="How long you met, 5 to 600, when you met.",
        error_messages={
            "min_value": gettext_lazy("Give the minutes you met, from 5 to 600."),
            "max_value": gettext_lazy("Give the minutes you met, from 5 to 600."),
        },
    )


class MeetingLoggedSerializer(serializers.Serializer[Any]):
    meeting = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=MeetingLog.Outcome.choices)
    minutes = serializers.IntegerField()
    hours = serializers.FloatField(help_text="All the hours you have logged in this mentorship.")


# --- The mentee's requests ------------------------------------------------------------------------


def _mentee_requests(mentee: Enrollment) -> list[MentorRequest]:
    """Those on their way (in the mentee's order), then what happened to the earlier ones."""
    return open_requests_of_mentee(mentee=mentee) + requests_of_mentee(mentee=mentee)


def _sent_and_answered(mentee: Enrollment, sent: list[MentorRequest]) -> list[MentorRequest]:
    """`_mentee_requests` right after sending: the requests just written that are on their way
    are all that is (the service found nothing else of the mentee's under its lock), in the
    mentee's order, with their mentors' people; then the answered ones, read (a mentor passed
    over at sending is among them)."""
    on_their_way = [
        r for r in sent if r.status in (MentorRequest.Status.WAITING, MentorRequest.Status.QUEUED)
    ]
    return on_their_way + requests_of_mentee(mentee=mentee)


class MentorRequestsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=MentorRequestSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Your requests to mentors from one of your mentee enrollments: those on their way,
        in your order, then the newest answered ones."""
        mentee = mentee_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
        return Response(MentorRequestSerializer(_mentee_requests(mentee), many=True).data)

    @extend_schema(
        request=MentorRequestsSendSerializer,
        responses={201: MentorRequestSerializer(many=True), 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Ask up to three of your suggested mentors, in order: the first is asked at once, the
        others wait their turn."""
        person = acting_person(request)
        mentee = mentee_enrollment_get(person=person, enrollment_id=id_or_404(pk))
        serializer = MentorRequestsSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        renamed = {"mentors": "mentor_ids"}
        try:
            # As on the page: no new requests while a mentorship has started, some are on
            # their way or a coordinator's proposal is open (the service checks each under
            # its lock); only mentors among the suggestions.
            limits.hit("request", who=person_key(person))
            sent = services.requests_send(
                mentee=mentee,
                mentor_ids=data["mentor_ids"],
                message=data["message"],
                by=person,
                suggested_only=True,
            )
        except DomainError as error:
            raise _domain_error(error, renamed) from None
        return Response(
            MentorRequestSerializer(_sent_and_answered(mentee, sent), many=True).data,
            status=status.HTTP_201_CREATED,
        )


# --- The mentor's answer --------------------------------------------------------------------------


class RequestsReceivedView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ReceivedRequestSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Requests waiting for your answer as a mentor, the first deadline first."""
        mentor = mentor_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
        waiting = waiting_requests_for_mentors(mentor_ids=[mentor.pk])[mentor.pk]
        return Response(ReceivedRequestSerializer(waiting, many=True).data)


def _received(request: Request, pk: int, request_pk: int) -> MentorRequest:
    mentor = mentor_enrollment_get(person=acting_person(request), enrollment_id=id_or_404(pk))
    return request_get_for_mentor(mentor=mentor, request_id=id_or_404(request_pk))


class RequestAcceptView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=None,
        responses={
            201: RelationshipSerializer,
            202: ReceivedRequestSerializer,
            400: None,
            404: None,
        },
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Accept the request: your mentorship begins, with its agreement to sign (201). When
        the mentee confirms a coordinator's proposal too and has not yet, your yes is kept and
        the request is returned (202). Answering twice, or after the deadline, is refused and
        changes nothing."""
        person = acting_person(request)
        mentor_id, request_id = id_or_404(pk), id_or_404(request_pk)
        # Whether it is a request to this mentor of this person's, in one short query: the
        # service reads the request with its people under its lock.
        if not request_to_mentor_exists(person=person, mentor_id=mentor_id, request_id=request_id):
            raise NotFound
        try:
            relationship = services.request_accept(request=MentorRequest(pk=request_id), by=person)
        except DomainError as error:
            raise _domain_error(error) from None
        if relationship is None:
            return Response(
                ReceivedRequestSerializer(_received(request, pk, request_pk)).data,
                status=status.HTTP_202_ACCEPTED,
            )
        # The relationship as the service wrote it, with the program, the agency and both
        # people it read: nothing is logged in a mentorship that has just begun.
        relationship.logged_minutes = 0  # type: ignore[attr-defined]
        return Response(
            RelationshipSerializer(relationship, context={"person": person}).data,
            status=status.HTTP_201_CREATED,
        )


class RequestDeclineView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=DeclineSerializer, responses={200: ReceivedRequestSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int, request_pk: int) -> Response:
        """Decline with a reason from the list and, if you like, your words (needed with
        'other'). The mentee is not told why; the coordinator is."""
        mentor_request = _received(request, pk, request_pk)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            declined = services.request_decline(
                request=mentor_request,
                by=acting_person(request),
                reason=serializer.validated_data["reason"],
                note=serializer.validated_data["note"],
            )
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(ReceivedRequestSerializer(declined).data)


# --- Relationships and their agreement ------------------------------------------------------------


class RelationshipListView(generics.ListAPIView[Relationship]):
    """Your mentorships, as mentee or mentor, the newest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = RelationshipSerializer

    def get_queryset(self) -> QuerySet[Relationship]:
        return relationships_listed_for(person=acting_person(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "person": acting_person(self.request)}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The first page, which is almost always the whole list, from a query compiled once
        per process, answered by DRF's paginator as before: when it holds no more than a page,
        its count is its length (the paginator would count the rows in a query of its own),
        and the paginator is given these rows rather than a queryset built for nothing; a
        longer list is counted and its first page is these rows. Any other page goes through
        the paginator."""
        paginator = self.paginator
        if (
            type(paginator) is not PageNumberPagination
            or paginator.page_size != LISTED_FIRST_PAGE
            or request.query_params.get(paginator.page_query_param)
        ):
            return super().list(request, *args, **kwargs)
        rows = relationships_listed_first(person=acting_person(request))
        # A list that fits one page is counted by its length; a longer one by its queryset.
        whole = len(rows) <= LISTED_FIRST_PAGE
        pages = paginator.django_paginator_class(
            rows if whole else self.get_queryset(), LISTED_FIRST_PAGE
        )
        paginator.request = request
        paginator.page = Page(rows[:LISTED_FIRST_PAGE], 1, pages)
        paginator.display_page_controls = pages.num_pages > 1 and paginator.template is not None
        data = self.get_serializer(paginator.page.object_list, many=True).data
        return self.get_paginated_response(data)


def _detail(person: Person, relationship: Relationship) -> Response:
    context = {"person": person, "agreement": agreement_of(relationship)}
    return Response(RelationshipDetailSerializer(relationship, context=context).data)


class RelationshipDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: RelationshipDetailSerializer, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """One of your mentorships with its agreement: the terms, the text in your language
        and the signatures."""
        person = acting_person(request)
        relationship = relationship_get_for_party(person=person, relationship_id=id_or_404(pk))
        return _detail(person, relationship)


def _agreement(request: Request, pk: int) -> tuple[Person, Relationship, Agreement]:
    person = acting_person(request)
    relationship = relationship_get_for_party(person=person, relationship_id=id_or_404(pk))
    agreement = agreement_of(relationship)
    if agreement is None:
        raise NotFound
    return person, relationship, agreement


class AgreementTermsView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=TermsSerializer,
        responses={200: RelationshipDetailSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Set the terms of the agreement, while it is not in force. Changing them clears the
        signatures given to the earlier terms."""
        person, relationship, agreement = _agreement(request, pk)
        serializer = TermsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            agreements.agreement_terms(agreement=agreement, by=person, **serializer.validated_data)
        except DomainError as error:
            raise _domain_error(error) from None
        return _detail(person, relationship)


class AgreementSignView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=SignSerializer,
        responses={200: RelationshipDetailSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Sign the agreement with your typed name; the second signature puts the mentorship
        in force."""
        person, relationship, agreement = _agreement(request, pk)
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            agreements.agreement_sign(
                agreement=agreement, by=person, typed_name=serializer.validated_data["typed_name"]
            )
        except DomainError as error:
            raise _domain_error(error) from None
        relationship.refresh_from_db()
        return _detail(person, relationship)


# --- Meetings -------------------------------------------------------------------------------------


class RelationshipMeetingsView(generics.ListAPIView[Meeting]):
    """The meetings of one of your mentorships, the newest proposal first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = MeetingSerializer

    def _relationship(self) -> Relationship:
        return relationship_get_for_party(
            person=acting_person(self.request), relationship_id=id_or_404(self.kwargs["pk"])
        )

    def get_queryset(self) -> QuerySet[Meeting]:
        return meetings_of_pair(relationship=self._relationship())

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "person": acting_person(self.request)}

    @extend_schema(
        request=MeetingProposeSerializer,
        responses={201: MeetingSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Propose up to three times to meet, typed in your own time zone, once the agreement
        is in force; the other person picks one. A time the clocks skip, or one in the past, is
        refused."""
        person = acting_person(request)
        relationship = self._relationship()
        serializer = MeetingProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            meeting = meetings.meeting_propose(
                relationship=relationship,
                by=person,
                kind=data["kind"],
                times=[(slot["date"], slot["time"]) for slot in data["times"]],
                duration_minutes=int(data["duration_minutes"]),
                link=data["link"],
                place=data["place"],
                repeat=Repeat(**data["repeat"]) if data["repeat"] else None,
            )
        except DomainError as error:
            raise _domain_error(error, _PROPOSE_FIELDS) from None
        return Response(
            MeetingSerializer(meeting, context={"person": person}).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingPickView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=MeetingPickSerializer, responses={200: MeetingSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Pick one of the times the other person proposed: the meeting is scheduled and you
        both get a calendar invitation."""
        person = acting_person(request)
        meeting = meeting_get_for_party(person=person, meeting_id=id_or_404(pk))
        serializer = MeetingPickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            meeting = meetings.meeting_pick(
                meeting=meeting, by=person, option=serializer.validated_data["option"]
            )
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(MeetingSerializer(meeting, context={"person": person}).data)


class MeetingCancelView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: MeetingSerializer, 400: None, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        """Cancel the meeting; when it was scheduled, you are both told."""
        person = acting_person(request)
        meeting = meeting_get_for_party(person=person, meeting_id=id_or_404(pk))
        try:
            meeting = meetings.meeting_cancel(meeting=meeting, by=person)
        except DomainError as error:
            raise _domain_error(error) from None
        return Response(MeetingSerializer(meeting, context={"person": person}).data)


class MeetingLogView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=MeetingLogSerializer,
        responses={201: MeetingLoggedSerializer, 400: None, 404: None},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Say whether you met, once the meeting has started; the minutes you give count as
        your hours. Once per meeting."""
        person = acting_person(request)
        meeting = meeting_get_for_party(person=person, meeting_id=id_or_404(pk))
        serializer = MeetingLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            log = meetings.meeting_log(
                meeting=meeting,
                by=person,
                outcome=serializer.validated_data["outcome"],
                minutes=serializer.validated_data["minutes"],
            )
        except DomainError as error:
            raise _domain_error(error) from None
        hours = meetings.hours_of(relationship=meeting.relationship, person=person)
        data = {
            "meeting": meeting.pk,
            "outcome": log.outcome,
            "minutes": log.minutes,
            "hours": hours,
        }
        return Response(MeetingLoggedSerializer(data).data, status=status.HTTP_201_CREATED)
