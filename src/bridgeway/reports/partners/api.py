"""REST API for partners, scoped like the pages: a partner's contacts (and the staff who run it)
read its aggregate figures for a period and its shared letters; the staff of an agency list the
links of its mentors to a partner, suggest the partner to a mentor, and confirm or end a link.
Two-step verification first, for contacts as for staff. Another agency's ids, and partners the
caller may not read, are the same 404 as missing ones. Times are ISO 8601 in UTC."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.reports.figures import Figure
from bridgeway.reports.partners import links, selectors
from bridgeway.reports.partners.access import partner_get_for_reader, partner_get_for_staff
from bridgeway.reports.partners.forms import PeriodForm
from bridgeway.reports.partners.links import REASON_MAX
from bridgeway.reports.partners.models import EmployerLink
from bridgeway.reports.partners.report import partner_report_build


class PartnerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    agency = serializers.CharField(source="organization.name", allow_null=True, default=None)


class FigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField(source="label")
    unit = serializers.CharField()
    number = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()

    def get_number(self, figure: Figure) -> float | None:
        """The number, or null when it is held back (or there is none)."""
        return None if not figure.shown else round(float(figure.value or 0), 2)

    def get_text(self, figure: Figure) -> str:
        """The figure in words, or why it is held back, in the caller's language."""
        return figure.text()

    def get_hidden(self, figure: Figure) -> bool:
        """Held back: a small count, or one a small count could be worked out from."""
        return bool(figure.hidden)


class TableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    rows = FigureSerializer(many=True)
    total = FigureSerializer(allow_null=True)
    extra = FigureSerializer(many=True)


class FiguresSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(source="chosen.start")
    end = serializers.DateField(source="chosen.end")
    enough = serializers.BooleanField(
        help_text="False while fewer than 5 employees are counted: no table is given."
    )
    tables = TableSerializer(many=True)
    made_at = UTCDateTimeField()


class SharedLetterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="certificate.name")
    program = serializers.CharField(source="certificate.program_name")
    agency = serializers.CharField(source="certificate.agency_name")
    code = serializers.CharField(source="certificate.code_shown")
    issued_at = UTCDateTimeField(source="certificate.issued_at")
    revoked_at = UTCDateTimeField(source="certificate.revoked_at", allow_null=True)
    shared_at = UTCDateTimeField()


class LinkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="person.name")
    email = serializers.EmailField(source="person.email")
    agency = serializers.CharField(source="organization.name")
    status = serializers.ChoiceField(choices=EmployerLink.Status.choices)
    share_figures = serializers.BooleanField()
    share_letters = serializers.BooleanField()
    consent_at = UTCDateTimeField(allow_null=True)
    confirmed_at = UTCDateTimeField(allow_null=True)


class ProposeSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(min_value=1, help_text="A mentor's enrollment.")


class LinkAnswerSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=[("confirm", "confirm"), ("end", "end")])
    reason = serializers.CharField(max_length=REASON_MAX, required=False, allow_blank=True)


PERIOD = [
    OpenApiParameter("start", str, description="First day, YYYY-MM-DD (a year ago by default)"),
    OpenApiParameter("end", str, description="Last day, YYYY-MM-DD (today by default)"),
]


class MyPartnersView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=PartnerSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The partners whose figures you read."""
        rows = selectors.partners_for_reader(acting_person(request))
        return Response(PartnerSerializer(rows, many=True).data)


class FiguresView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(parameters=PERIOD, responses={200: FiguresSerializer, 400: None, 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """The partner's aggregate figures for the period, small counts held back."""
        partner = partner_get_for_reader(person=acting_person(request), partner_id=id_or_404(pk))
        form = PeriodForm(request.query_params or None)
        if request.query_params and not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        report = partner_report_build(partner=partner, chosen=form.report_filter())
        return Response(FiguresSerializer(report).data)


class LettersView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: SharedLetterSerializer(many=True), 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """The letters the partner's employees share with it, newest first."""
        partner = partner_get_for_reader(person=acting_person(request), partner_id=id_or_404(pk))
        rows = selectors.shared_letters(partner)
        return Response(SharedLetterSerializer(rows, many=True).data)


class StaffLinksView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: LinkSerializer(many=True), 404: None})
    def get(self, request: Request, pk: int) -> Response:
        """The open links of your agencies' mentors to this partner."""
        person = acting_person(request)
        partner, _manages, _linker = partner_get_for_staff(person=person, partner_id=id_or_404(pk))
        rows = selectors.links_for_staff(person=person, partner=partner)
        return Response(LinkSerializer(rows, many=True).data)

    @extend_schema(request=ProposeSerializer, responses={201: LinkSerializer, 400: None, 404: None})
    def post(self, request: Request, pk: int) -> Response:
        """Suggest the partner to one of your mentors; nothing is shared until they agree."""
        person = acting_person(request)
        partner, _manages, linker = partner_get_for_staff(person=person, partner_id=id_or_404(pk))
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not linker:
            raise_api_domain_error(DomainError(_("Only an agency's staff link its mentors.")))
        enrollment = selectors.mentor_get_for_linking(
            person=person, partner=partner, enrollment_id=data.validated_data["enrollment"]
        )
        try:
            link = links.link_propose(partner=partner, enrollment=enrollment, by=person)
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)


class StaffLinkView(APIView):
    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=LinkAnswerSerializer, responses={200: LinkSerializer, 400: None, 404: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        """Confirm a mentor's request, or end a link (with a reason the mentor reads)."""
        person = acting_person(request)
        link = selectors.link_get_for_staff(person=person, link_id=id_or_404(pk))
        data = LinkAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if data.validated_data["action"] == "confirm":
                link = links.link_confirm(link=link, by=person)
            else:
                link = links.link_end(
                    link=link, by=person, reason=data.validated_data.get("reason", "")
                )
        except DomainError as error:
            raise_api_domain_error(error)
        return Response(LinkSerializer(link).data)
