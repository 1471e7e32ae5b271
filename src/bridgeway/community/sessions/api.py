"""REST API of group sessions (/api/v1/community/sessions/…). Participants: the coming
sessions they may join or have joined, one session, and their place (POST to register,
DELETE to cancel). Staff: their scopes' sessions, scheduling one (or a repeating series),
changing or cancelling one, attendance and the recording link. Another agency's id is the
same 404 as a missing one. Times in UTC; a new session's day and time in its time zone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.news import selectors as scopes
from bridgeway.community.sessions import registration as places
from bridgeway.community.sessions import selectors, services
from bridgeway.community.sessions.calendar import join_url
from bridgeway.community.sessions.models import (
    Frequency,
    JoinKind,
    Registration,
    Session,
    SessionAudience,
)
from bridgeway.community.sessions.recurrence import MAX_DATES, Repeat
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.programs.questionnaires.codelists import time_zones


class SessionSerializer(serializers.Serializer[Session]):
    """A session as a participant sees it; `join_url` only with a place."""

    id = serializers.IntegerField(source="pk", read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    audience = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    starts_at = UTCDateTimeField(read_only=True)
    ends_at = UTCDateTimeField(read_only=True)
    time_zone = serializers.CharField(read_only=True)
    capacity = serializers.IntegerField(read_only=True)
    registered = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    series = serializers.IntegerField(source="series_id", read_only=True, allow_null=True)
    my_status = serializers.SerializerMethodField()
    join_url = serializers.SerializerMethodField()
    recording_link = serializers.SerializerMethodField()

    def _mine(self, session: Session) -> str:
        person = self.context["person"]
        registration = selectors.registration_of(person=person, session=session)
        return registration.status if registration is not None else ""

    def get_my_status(self, session: Session) -> str:
        return self._mine(session)

    def get_join_url(self, session: Session) -> str:
        placed = self._mine(session) == Registration.Status.REGISTERED
        return join_url(session) if placed and not session.is_cancelled else ""

    def get_recording_link(self, session: Session) -> str:
        placed = self._mine(session) == Registration.Status.REGISTERED
        return session.recording_link if placed else ""


class StaffSessionSerializer(serializers.Serializer[Session]):
    """A session as its staff write it: scope ("network:<id>", "agency:<id>", "program:<id>"),
    day and time in `time_zone` (default: yours), and an optional repetition."""

    id = serializers.IntegerField(source="pk", read_only=True)
    scope = serializers.CharField(max_length=40, write_only=True)
    scope_level = serializers.CharField(source="scope", read_only=True)
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=20000, required=False, default="")
    audience = serializers.ChoiceField(choices=SessionAudience.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    day = serializers.DateField(write_only=True)
    at = serializers.TimeField(write_only=True)
    time_zone = serializers.CharField(max_length=64, required=False, default="")
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480)
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    join_kind = serializers.ChoiceField(choices=JoinKind.choices, default=JoinKind.LINK)
    join_link = serializers.URLField(max_length=500, required=False, default="")
    repeat = serializers.ChoiceField(
        choices=Frequency.choices, required=False, allow_null=True, default=None, write_only=True
    )
    repeat_count = serializers.IntegerField(
        min_value=2, max_value=MAX_DATES, required=False, allow_null=True, write_only=True
    )
    repeat_until = serializers.DateField(required=False, allow_null=True, write_only=True)
    starts_at = UTCDateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)
    sequence = serializers.IntegerField(read_only=True)
    series = serializers.IntegerField(source="series_id", read_only=True, allow_null=True)
    registered = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    recording_link = serializers.URLField(read_only=True)
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)

    def validate_time_zone(self, value: str) -> str:
        if value and value not in time_zones():
            raise serializers.ValidationError("Give an IANA time zone, such as America/Toronto.")
        return value

    def fields_for(self, zone: str) -> services.SessionFields:
        data = self.validated_data
        return services.SessionFields(
            title=data["title"],
            description=data["description"],
            audience=data["audience"],
            language=data["language"],
            day=data["day"],
            at=data["at"],
            time_zone=data["time_zone"] or zone,
            duration_minutes=data["duration_minutes"],
            capacity=data["capacity"],
            join_kind=data["join_kind"],
            join_link=data["join_link"],
        )


class SessionListView(generics.ListAPIView[Session]):
    """Coming sessions you may join or have joined, the soonest first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        person = acting_person(self.request)
        return selectors.sessions_by_ids(
            ids=selectors.mine_upcoming(person=person).values("pk"),
            more=selectors.upcoming_open(person=person).values("pk"),
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "person": acting_person(self.request)}


class SessionDetailView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=SessionSerializer)
    def get(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        session = selectors.session_get_for_person(person=person, session_id=id_or_404(pk))
        return Response(SessionSerializer(session, context={"person": person}).data)


class RegistrationView(APIView):
    """POST: register (a place, or the waiting list when full; twice changes nothing);
    DELETE: cancel your place, which goes to the first person waiting."""

    permission_classes = [StaffHaveMFA]

    def _answer(self, request: Request, pk: str, cancel: bool) -> Response:
        person = acting_person(request)
        session = selectors.session_get_for_person(person=person, session_id=id_or_404(pk))
        try:
            if cancel:
                places.unregister(session=session, person=person)
            else:
                places.register(session=session, person=person)
        except DomainError as error:
            raise_api_domain_error(error)
        session = selectors.session_get_for_person(person=person, session_id=session.pk)
        return Response(SessionSerializer(session, context={"person": person}).data)

    @extend_schema(request=None, responses=SessionSerializer)
    def post(self, request: Request, pk: str) -> Response:
        return self._answer(request, pk, cancel=False)

    @extend_schema(request=None, responses={200: SessionSerializer})
    def delete(self, request: Request, pk: str) -> Response:
        return self._answer(request, pk, cancel=True)


class StaffSessionListView(generics.ListCreateAPIView[Session]):
    """Sessions of the scopes you manage, the latest first; schedule one (or a series: the
    answer is its first date)."""

    permission_classes = [StaffHaveMFA]
    serializer_class = StaffSessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        person = acting_person(self.request)
        return selectors.sessions_by_ids(
            ids=selectors.sessions_managed(person=person).values("pk")
        ).order_by("-starts_at", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Session]) -> None:
        person = acting_person(self.request)
        assert isinstance(serializer, StaffSessionSerializer)
        data = serializer.validated_data
        scope = scopes.scope_for_manager(person=person, value=data["scope"])
        if scope is None:
            raise serializers.ValidationError({"scope": ["Choose a scope you manage."]})
        repeat = None
        if data.get("repeat"):
            repeat = Repeat(
                frequency=data["repeat"],
                count=data.get("repeat_count"),
                until=data.get("repeat_until"),
            )
        try:
            made = services.session_create(
                by=person,
                scope=scope,
                fields=serializer.fields_for(person.time_zone),
                repeat=repeat,
                client_key=data.get("client_key", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        serializer.instance = selectors.session_get_for_manager(
            person=person, session_id=made[0].pk
        )


class StaffSessionDetailView(APIView):
    """One of your scopes' sessions: PUT changes this date, DELETE cancels it."""

    permission_classes = [StaffHaveMFA]

    def _session(self, request: Request, pk: str) -> Session:
        return selectors.session_get_for_manager(
            person=acting_person(request), session_id=id_or_404(pk)
        )

    @extend_schema(responses=StaffSessionSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return Response(StaffSessionSerializer(self._session(request, pk)).data)

    @extend_schema(request=StaffSessionSerializer, responses=StaffSessionSerializer)
    def put(self, request: Request, pk: str) -> Response:
        session = self._session(request, pk)
        serializer = StaffSessionSerializer(data={**request.data, "scope": "unchanged"})
        serializer.is_valid(raise_exception=True)
        try:
            services.session_update(
                session=session,
                by=acting_person(request),
                fields=serializer.fields_for(session.time_zone),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(StaffSessionSerializer(self._session(request, pk)).data)

    @extend_schema(request=None, responses={200: StaffSessionSerializer})
    def delete(self, request: Request, pk: str) -> Response:
        session = self._session(request, pk)
        try:
            services.session_cancel(session=session, by=acting_person(request))
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(StaffSessionSerializer(self._session(request, pk)).data)


class AttendanceSerializer(serializers.Serializer[Any]):
    attended = serializers.ListField(child=serializers.IntegerField(), required=False)
    recording_link = serializers.URLField(max_length=500, required=False)


class PlaceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AttendanceReportSerializer(serializers.Serializer[Any]):
    registered = PlaceSerializer(many=True)
    attended = serializers.ListField(child=serializers.IntegerField())
    recording_link = serializers.CharField()


class AttendanceView(APIView):
    """After the session: the ids of the people with a place who came (the others are marked
    absent), and/or the recording link. GET lists the people with a place."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=AttendanceReportSerializer)
    def get(self, request: Request, pk: str) -> Response:
        session = selectors.session_get_for_manager(
            person=acting_person(request), session_id=id_or_404(pk)
        )
        rows = selectors.registrants(session=session)
        return Response(
            {
                "attended": [r.person_id for r in rows if r.attended],
                "registered": [{"id": r.person_id, "name": r.person.name} for r in rows],
                "recording_link": session.recording_link,
            }
        )

    @extend_schema(request=AttendanceSerializer, responses=AttendanceReportSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        session = selectors.session_get_for_manager(person=person, session_id=id_or_404(pk))
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if "attended" in data:
                services.attendance_mark(session=session, by=person, attended=set(data["attended"]))
            if "recording_link" in data:
                services.recording_set(session=session, by=person, link=data["recording_link"])
        except DomainError as error:
            raise_api_domain_error(error)
        return self.get(request, pk)
