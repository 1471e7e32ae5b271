"""REST API for programs and enrollments, scoped exactly like the pages."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.access import ADMIN_ONLY, organization_get_for_staff
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.services import DomainError
from bridgeway.programs import colleagues, services
from bridgeway.programs.forms import PROGRAM_FIELDS
from bridgeway.programs.models import (
    LANGUAGE_TAG_MAX_LENGTH,
    Enrollment,
    EnrollmentStatus,
    Program,
    WaitlistEntry,
    content_language_for,
    validate_language_tag,
)
from bridgeway.programs.selectors import (
    enrollment_get_for_staff,
    enrollment_list_for_person,
    enrollment_list_for_reader,
    program_get_for_staff,
    program_list_for_staff,
    program_list_public,
    waitlist_entry_get,
)
from bridgeway.programs.waitlist import wait_estimate, waitlist_for_program, waitlist_move

CONTENT_LANGUAGE_HELP = (
    "BCP 47 code of the language the program's name, summary, description and goals are "
    "written in, such as en, fr-CA or pt-BR; stored in lower case. Pages shown in another "
    "language mark these texts with it."
)


class ProgramSerializer(serializers.ModelSerializer[Program]):
    organization: serializers.SlugRelatedField[Program] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    content_language = serializers.CharField(
        max_length=LANGUAGE_TAG_MAX_LENGTH,
        required=False,
        validators=[validate_language_tag],
        help_text=f"{CONTENT_LANGUAGE_HELP} A new program defaults to your preferred language.",
    )

    class Meta:
        model = Program
        fields = ["id", "organization", *PROGRAM_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "organization", "created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("cohort_start", getattr(self.instance, "cohort_start", None))
        end = attrs.get("cohort_end", getattr(self.instance, "cohort_end", None))
        if start and end and end < start:
            raise ValidationError({"cohort_end": ["The cohort must end after it starts."]})
        return attrs

    def validate_content_language(self, value: str) -> str:
        return value.lower()


class ProgramCreateSerializer(ProgramSerializer):
    agency = serializers.SlugField(write_only=True, help_text="Short name of your agency.")

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "agency"]


class PublicProgramSerializer(serializers.ModelSerializer[Program]):
    organization = serializers.CharField(source="organization.name", read_only=True)
    content_language = serializers.CharField(read_only=True, help_text=CONTENT_LANGUAGE_HELP)

    class Meta:
        model = Program
        fields = [
            "id",
            "organization",
            "name",
            "kind",
            "purpose",
            "summary",
            "content_language",
            "is_pre_arrival",
            "duration_weeks",
            "cohort_start",
            "cohort_end",
        ]


class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
    person = serializers.SerializerMethodField()
    program_name = serializers.CharField(source="program.name", read_only=True)
    program_language = serializers.CharField(
        source="program.content_language",
        read_only=True,
        help_text="BCP 47 code of the language the program's name is written in.",
    )

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "program",
            "program_name",
            "program_language",
            "person",
            "role",
            "status",
            "status_reason",
            "status_changed_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_person(self, enrollment: Enrollment) -> dict[str, str]:
        return {"name": enrollment.person.name, "email": enrollment.person.email}


class EnrollmentStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ApplySerializer(serializers.Serializer[Any]):
    program = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Enrollment.Role.choices)
    colleague_link = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "A colleague's invitation link to this program (the whole link or its code, the "
            "end of /join/<code>/): the application is counted for the colleague who shared "
            "it. A link no longer valid counts nothing and does not stop the application."
        ),
    )


class WaitlistEntrySerializer(serializers.Serializer[Any]):
    place = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry.pk")
    enrollment = serializers.IntegerField(source="entry.enrollment_id")
    name = serializers.CharField(source="entry.enrollment.person.name")
    waiting_since = serializers.DateTimeField(source="entry.joined_at")
    priority = serializers.CharField(source="entry.get_tier_display")
    moved_by_staff = serializers.BooleanField(source="entry.moved_by_staff")


class WaitlistMoveSerializer(serializers.Serializer[Any]):
    entry = serializers.IntegerField()
    position = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=250)


class WaitEstimateSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField(help_text="1 is next to be matched.")
    waiting = serializers.IntegerField()
    matches_in_window = serializers.IntegerField(
        help_text="Mentees of the program matched in the last 90 days."
    )
    weeks = serializers.IntegerField(
        allow_null=True, help_text="Expected wait in weeks; null when it cannot be estimated."
    )


class MeSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    name = serializers.CharField()
    preferred_language = serializers.CharField()
    time_zone = serializers.CharField()
    agencies = serializers.ListField(child=serializers.DictField())


class DirectoryViewSet(viewsets.ReadOnlyModelViewSet[Program]):
    """The network's public program directory."""

    serializer_class = PublicProgramSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Program]:
        return program_list_public()


class ProgramViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Program],
):
    """Programs of the agencies the caller works for. Admins create and edit them."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ProgramSerializer

    def get_queryset(self) -> QuerySet[Program]:
        return program_list_for_staff(person=acting_person(self.request)).order_by("name", "pk")

    def get_object(self) -> Program:
        roles = ADMIN_ONLY if self.request.method not in ("GET", "HEAD", "OPTIONS") else None
        return program_get_for_staff(
            person=acting_person(self.request),
            program_id=id_or_404(self.kwargs["pk"]),
            roles=roles,
        )

    @extend_schema(request=ProgramCreateSerializer, responses=ProgramSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProgramCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.setdefault("content_language", content_language_for(acting_person(request)))
        slug = data.pop("agency")
        organization, _membership = organization_get_for_staff(
            person=acting_person(request),
            slug=slug,
            roles=ADMIN_ONLY,
        )
        try:
            program = services.program_create(
                organization=organization, by=acting_person(request), **data
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(ProgramSerializer(program).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program = self.get_object()
        serializer = ProgramSerializer(
            program, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        try:
            program = services.program_update(
                program=program, by=acting_person(request), **serializer.validated_data
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(ProgramSerializer(program).data)

    @extend_schema(responses=WaitlistEntrySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="waiting-list")
    def waiting_list(self, request: Request, pk: str | None = None) -> Response:
        """The program's waiting list in order (agency staff)."""
        program = program_get_for_staff(person=acting_person(request), program_id=id_or_404(pk))
        return self._waiting_list_page(program)

    def _waiting_list_page(self, program: Program) -> Response:
        entries = list(waitlist_for_program(program=program))
        page = cast("list[WaitlistEntry]", self.paginate_queryset(entries))  # type: ignore[arg-type]
        first = entries.index(page[0]) + 1 if page else 1
        rows = [{"place": first + n, "entry": entry} for n, entry in enumerate(page)]
        return self.get_paginated_response(WaitlistEntrySerializer(rows, many=True).data)

    @extend_schema(request=WaitlistMoveSerializer, responses=WaitlistEntrySerializer(many=True))
    @action(detail=True, methods=["post"], url_path="waiting-list/move")
    def waiting_list_move(self, request: Request, pk: str | None = None) -> Response:
        """Move a person to another place, with a reason (agency staff; audited)."""
        program = program_get_for_staff(person=acting_person(request), program_id=id_or_404(pk))
        serializer = WaitlistMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = waitlist_entry_get(program=program, entry_id=serializer.validated_data["entry"])
        if entry is None:
            raise ValidationError({"entry": ["This person is not on this waiting list."]})
        try:
            waitlist_move(
                entry=entry,
                to_position=serializer.validated_data["position"],
                reason=serializer.validated_data["reason"],
                by=acting_person(request),
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return self._waiting_list_page(program)


class EnrollmentViewSet(viewsets.ReadOnlyModelViewSet[Enrollment]):
    """Enrollments the caller may see: their own, and those of their agencies' programs."""

    permission_classes = [StaffHaveMFA]
    serializer_class = EnrollmentSerializer

    def get_queryset(self) -> QuerySet[Enrollment]:
        if getattr(self, "swagger_fake_view", False):  # the API schema is built without a caller
            return enrollment_list_for_reader(person=None)
        person = acting_person(self.request)
        if self.request.query_params.get("mine") == "true":
            return enrollment_list_for_person(person=person)
        queryset = enrollment_list_for_reader(person=person)
        program = self.request.query_params.get("program")
        if program:
            queryset = queryset.filter(program_id=id_or_404(program))
        status_filter = self.request.query_params.get("status")
        if status_filter:
            queryset = queryset.filter(status=status_filter)
        return queryset.order_by("-created_at", "-id")

    @extend_schema(request=EnrollmentStatusSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        """Move an enrollment along the status pipeline (agency staff)."""
        enrollment = enrollment_get_for_staff(
            person=acting_person(request), enrollment_id=id_or_404(pk)
        )
        serializer = EnrollmentStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            enrollment = services.enrollment_set_status(
                enrollment=enrollment,
                status=serializer.validated_data["status"],
                reason=serializer.validated_data["reason"],
                by=acting_person(request),
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        return Response(EnrollmentSerializer(enrollment).data)

    @extend_schema(responses={200: WaitEstimateSerializer, 404: None})
    @action(detail=True, methods=["get"])
    def waiting(self, request: Request, pk: str | None = None) -> Response:
        """The enrollment's place on the waiting list and the expected wait."""
        enrollment = self.get_object()
        estimate = wait_estimate(enrollment=enrollment)
        if estimate is None:
            raise NotFound("This enrollment is not on a waiting list.")
        return Response(WaitEstimateSerializer(estimate).data)

    @extend_schema(request=ApplySerializer, responses={201: EnrollmentSerializer})
    @action(detail=False, methods=["post"])
    def apply(self, request: Request) -> Response:
        """Apply to a listed program as a mentee or a mentor."""
        serializer = ApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        program = program_list_public().filter(pk=serializer.validated_data["program"]).first()
        if program is None:
            raise ValidationError({"program": ["No listed program has this id."]})
        try:
            enrollment = services.enrollment_apply(
                person=acting_person(request),
                program=program,
                role=serializer.validated_data["role"],
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        if serializer.validated_data["colleague_link"]:
            colleagues.referral_record(
                enrollment=enrollment,
                token=colleagues.code_of(serializer.validated_data["colleague_link"]),
            )
        return Response(EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)


class MeView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        person = acting_person(request)
        agencies = [
            {"slug": m.organization.slug, "name": m.organization.name, "role": m.role}
            for m in person.memberships.select_related("organization")
        ]
        return Response(
            MeSerializer(
                {
                    "email": person.email,
                    "name": person.name,
                    "preferred_language": person.preferred_language,
                    "time_zone": person.time_zone,
                    "agencies": agencies,
                }
            ).data
        )
