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
from bridgeway.programs.models import ReferralLink


class ColleagueLinkSerializer(serializers.Serializer[Any]):
    program = serializers.IntegerField(source="link.program_id")
    program_name = serializers.CharField(source="link.program.name")
    organization = serializers.CharField(source="link.program.organization.name")
    url = serializers.CharField(help_text="The link to share: the program's page for colleagues.")
    code = serializers.CharField(
        source="link.token", help_text="The end of the link; the intake and apply APIs take it."
    )
    created_at = UTCDateTimeField(source="link.created_at")
    applications = serializers.IntegerField(
        help_text=(
            "How many colleagues applied to the program through your links (each counted once, "
            "links you replaced included). Who they are is shown to the program's staff only."
        )
    )


def _row(request: Request, link: ReferralLink, applications: int) -> dict[str, Any]:
    url = request.build_absolute_uri(reverse("programs:colleague_link", args=[link.token]))
    return {"link": link, "url": url, "applications": applications}


class ColleagueLinkListView(APIView):
    """Your link for each program you mentor in or are an alumnus of (made the first time you
    ask), with how many colleagues applied through it; an empty list for anyone else."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=ColleagueLinkSerializer(many=True))
    def get(self, request: Request) -> Response:
        person = acting_person(request)
        counts = colleagues.referral_counts(person=person)
        rows = [
            _row(request, link, counts.get(link.program_id, 0))
            for link in colleagues.referral_links_for(person=person)
        ]
        return Response(ColleagueLinkSerializer(rows, many=True).data)


class ColleagueLinkView(APIView):
    """Your link to one program, with how many colleagues applied through your links."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses={200: ColleagueLinkSerializer, 404: None})
    def get(self, request: Request, program: int) -> Response:
        person = acting_person(request)
        link = colleagues.referral_link_for(person=person, program_id=id_or_404(program))
        applications = colleagues.referral_counts(person=person).get(link.program_id, 0)
        return Response(ColleagueLinkSerializer(_row(request, link, applications)).data)


class ColleagueLinkReplaceView(APIView):
    """End your current link to the program at once and get a new one. Applications already
    counted stay counted."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses={200: ColleagueLinkSerializer, 404: None})
    def post(self, request: Request, program: int) -> Response:
        person = acting_person(request)
        link = colleagues.referral_link_replace(person=person, program_id=id_or_404(program))
        applications = colleagues.referral_counts(person=person).get(link.program_id, 0)
        return Response(ColleagueLinkSerializer(_row(request, link, applications)).data)


urlpatterns = [
    path("colleague-links/", ColleagueLinkListView.as_view(), name="colleague-links"),
    path("colleague-links/<int:program>/", ColleagueLinkView.as_view(), name="colleague-link"),
    path(
        "colleague-links/<int:program>/replace/",
        ColleagueLinkReplaceView.as_view(),
        name="colleague-link-replace",
    ),
]
