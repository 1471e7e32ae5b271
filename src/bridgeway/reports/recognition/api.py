"""REST API for recognition, scoped like the pages: a person lists their own certificates and
letters; the staff of a program's agency list who finished, issue certificates (one, or everyone
who finished: issuing again returns the one already issued) and revoke them with a reason;
anyone checks a verification code (limited per connection). Another agency's ids are the same
404 as missing ones. Times are ISO 8601 in UTC."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core import limits
from bridgeway.core.errors import api_domain_error, raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.limits import RateLimited
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.programs.selectors import enrollment_get_for_staff, program_get_for_staff
from bridgeway.reports.recognition import selectors, services
from bridgeway.reports.recognition.models import Certificate
from bridgeway.reports.recognition.services import REASON_MAX, TITLE_MAX


class VerifiedSerializer(serializers.Serializer[Any]):
    """What the document itself shows, and whether it is still valid."""

    code = serializers.CharField(source="code_shown")
    kind = serializers.ChoiceField(choices=Certificate.Kind.choices)
    name = serializers.CharField()
    role = serializers.CharField()
    program = serializers.CharField(source="program_name")
    agency = serializers.CharField(source="agency_name")
    recipient_name = serializers.CharField()
    employer = serializers.CharField()
    hours = serializers.FloatField()
    mentorships = serializers.IntegerField()
    started_on = serializers.DateField(allow_null=True)
    finished_on = serializers.DateField(allow_null=True)
    signer_name = serializers.CharField(source="signer_shown")
    signer_title = serializers.CharField()
    issued_at = UTCDateTimeField()
    revoked_at = UTCDateTimeField(allow_null=True)
    valid = serializers.SerializerMethodField()

    def get_valid(self, certificate: Certificate) -> bool:
        return certificate.revoked_at is None


class CertificateSerializer(VerifiedSerializer):
    id = serializers.IntegerField(source="pk")
    language = serializers.CharField()
    emailed_at = UTCDateTimeField(allow_null=True)


class StaffCertificateSerializer(CertificateSerializer):
    revoked_reason = serializers.CharField()


class ParticipantSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(source="enrollment.pk")
    name = serializers.CharField(source="enrollment.person.name")
    role = serializers.CharField(source="enrollment.role")
    hours = serializers.FloatField(source="standing.hours")
    mentorships = serializers.IntegerField(source="standing.completed")
    certificate = StaffCertificateSerializer(allow_null=True)


class IssueSerializer(serializers.Serializer[Any]):
    signer_title = serializers.CharField(max_length=TITLE_MAX)


class IssuedAllSerializer(serializers.Serializer[Any]):
    issued = serializers.IntegerField()
    existing = serializers.IntegerField()


class RevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=REASON_MAX)


class MyCertificatesView(APIView):
    @extend_schema(responses=CertificateSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Your certificates and letters, newest first (revoked ones say so)."""
        rows = selectors.certificates_of(acting_person(request))
        return Response(CertificateSerializer(rows, many=True).data)


class ProgramCertificatesView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: ParticipantSerializer(many=True), 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """Who completed a mentorship in the program, with hours and certificate."""
        program = program_get_for_staff(person=acting_person(request), program_id=id_or_404(pk))
        rows = selectors.program_participants(program)
        return Response(ParticipantSerializer(rows, many=True).data)

    @extend_schema(
        request=IssueSerializer, responses={200: IssuedAllSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """A certificate for everyone who finished; those who have one keep it."""
        person = acting_person(request)
        program = program_get_for_staff(person=person, program_id=id_or_404(pk))
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            issued, existing = services.certificates_issue_for_program(
                program=program, by=person, signer_title=data.validated_data["signer_title"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response({"issued": issued, "existing": existing})


class EnrollmentCertificateView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=IssueSerializer,
        responses={
            200: StaffCertificateSerializer,
            201: StaffCertificateSerializer,
            400: None,
            404: None,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Issue this participant's certificate: 201 when new, 200 with the one they have."""
        person = acting_person(request)
        enrollment = enrollment_get_for_staff(person=person, enrollment_id=id_or_404(pk))
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            certificate, new = services.certificate_issue(
                enrollment=enrollment, by=person, signer_title=data.validated_data["signer_title"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(
            StaffCertificateSerializer(certificate).data,
            status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
        )


class RevokeView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=RevokeSerializer, responses={200: StaffCertificateSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Revoke a certificate or letter with a reason (kept in the audit log)."""
        person = acting_person(request)
        certificate = selectors.certificate_get_for_staff(
            person=person, certificate_id=id_or_404(pk)
        )
        data = RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            certificate = services.certificate_revoke(
                certificate=certificate, by=person, reason=data.validated_data["reason"]
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(StaffCertificateSerializer(certificate).data)


class VerifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: VerifiedSerializer, 404: None, 429: None})
    def get(self, request: Request, code: str) -> Response:
        """Check a verification code: what the document shows and whether it is still valid.
        An unknown code answers 404 "No certificate has this code."."""
        try:
            limits.hit("verify", who="ip:" + get_adapter(request).get_client_ip(request))
        except RateLimited as error:
            raise api_domain_error(error) from None
        certificate = selectors.certificate_by_code(services.normalized_code(code))
        if certificate is None:
            raise NotFound(_("No certificate has this code."))
        return Response(VerifiedSerializer(certificate).data)
