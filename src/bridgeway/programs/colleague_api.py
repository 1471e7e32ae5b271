""" "Each one, reach one" in the REST API (mounted under /api/v1/): a mentor's or alumna's
personal links for colleagues, one per program they may invite to, with how many colleagues
applied through them; replacing a link. Anyone who is not a mentor or alumnus of the program
gets the same 404 as for a program that does not exist. Times in UTC."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.programs import colleagues
from bridgeway.programs.models import Program, ReferralLink


class ColleagueLinkSerializer(serializers.Serializer[Any]):
    program = serializers.IntegerField(source="program.pk")
    program_name = serializers.CharField(source="program.name")
    organization = serializers.CharField(source="program.organization.name")
    url = serializers.CharField(
        allow_null=True,
        help_text="The link to share: the program's page for colleagues. Null until you ask "
        "for your link to this program (GET colleague-links/<program>/ makes it).",
    )
    code = serializers.CharField(
        source="link.token",
        allow_null=True,
        help_text="The end of the link; the intake and apply APIs take it as colleague_link.",
    )
    created_at = UTCDateTimeField(source="link.created_at", allow_null=True)
    applications = serializers.IntegerField(
        help_text=(
            "How many colleagues applied to the program through your links (each counted once, "
            "links you replaced included). Who they are is shown to the program's staff only."
        )
    )


def _row(
    request: Request, program: Program, link: ReferralLink | None, applications: int
) -> dict[str, Any]:
    url = (
        request.build_absolute_uri(reverse("programs:colleague_link", args=[link.token]))
        if link is not None
        else None
    )
    return {"program": program, "link": link, "url": url, "applications": applications}


class ColleagueLinkListView(APIView):
    """Each program you mentor in or are an alumnus of, with your current link to it (if you
    have asked for one) and how many colleagues applied through your links; an empty list
    for anyone else."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ColleagueLinkSerializer(many=True))
    def get(self, request: Request) -> Response:
        person = acting_person(request)
        counts = colleagues.referral_counts(person=person)
        rows = [
            _row(request, program, link, counts.get(program.pk, 0))
            for program, link in colleagues.referral_links_of(person=person)
        ]
        return Response(ColleagueLinkSerializer(rows, many=True).data)


class ColleagueLinkView(APIView):
    """Your link to one program (made the first time you ask), with how many colleagues
    applied through your links."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: ColleagueLinkSerializer, 404: None})
    def get(self, request: Request, program: int) -> Response:
        person = acting_person(request)
        link = colleagues.referral_link_for(person=person, program_id=id_or_404(program))
        applications = colleagues.referral_counts(person=person).get(link.program_id, 0)
        row = _row(request, link.program, link, applications)
        return Response(ColleagueLinkSerializer(row).data)


class ColleagueLinkReplaceView(APIView):
    """End your current link to the program at once and get a new one. Applications already
    counted stay counted."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: ColleagueLinkSerializer, 404: None})
    def post(self, request: Request, program: int) -> Response:
        person = acting_person(request)
        link = colleagues.referral_link_replace(person=person, program_id=id_or_404(program))
        applications = colleagues.referral_counts(person=person).get(link.program_id, 0)
        row = _row(request, link.program, link, applications)
        return Response(ColleagueLinkSerializer(row).data)


urlpatterns = [
    path("colleague-links/", ColleagueLinkListView.as_view(), name="colleague-links"),
    path("colleague-links/<int:program>/", ColleagueLinkView.as_view(), name="colleague-link"),
    path(
        "colleague-links/<int:program>/replace/",
        ColleagueLinkReplaceView.as_view(),
        name="colleague-link-replace",
    ),
]
