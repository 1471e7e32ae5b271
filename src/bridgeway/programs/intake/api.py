"""REST API of the intake: program suggestions for given answers and submitting an intake.

Both are public, like the intake page; the same form rules and services serve both."""

from __future__ import annotations

import zoneinfo
from typing import Any

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.core import limits
from bridgeway.core.errors import api_domain_error
from bridgeway.core.i18n import translated
from bridgeway.core.limits import RateLimited
from bridgeway.core.services import DomainError
from bridgeway.privacy.consent.selectors import intake_purposes
from bridgeway.programs import colleagues
from bridgeway.programs.intake import services
from bridgeway.programs.intake.answers import answers_for_fit
from bridgeway.programs.intake.countries import COUNTRY_TIME_ZONES
from bridgeway.programs.intake.forms import IntakeQuestionsForm
from bridgeway.programs.intake.reference import COUNTRIES, HELP_CHOICES, LANGUAGES, OCCUPATIONS
from bridgeway.programs.intake.selectors import consent_text_current, intake_suggestions


class AnswersSerializer(serializers.Serializer[Any]):
    help = serializers.MultipleChoiceField(choices=HELP_CHOICES)
    country = serializers.ChoiceField(
        choices=sorted(COUNTRIES), help_text="ISO 3166-1 alpha-2 code."
    )
    city = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    arrival_date = serializers.DateField(required=False, allow_null=True, default=None)
    languages = serializers.MultipleChoiceField(choices=sorted(LANGUAGES))
    languages_other = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    occupation = serializers.ChoiceField(
        choices=sorted(OCCUPATIONS), required=False, allow_blank=True, default=""
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The intake page's own rules, so that both give the same answers."""
        data = {
            **{k: v for k, v in attrs.items() if k in IntakeQuestionsForm.base_fields},
            "help": sorted(attrs["help"]),
            "languages": sorted(attrs["languages"]),
            "arrival_date": attrs.get("arrival_date") or "",
        }
        form = IntakeQuestionsForm(data)
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        attrs["answers"] = form.answers()
        return attrs


class SubmitSerializer(AnswersSerializer):
    programs = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    preferred_language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES], required=False, default=""
    )
    time_zone = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="", help_text="IANA time zone."
    )
    consent = serializers.BooleanField(help_text="The person agreed to the consent text.")
    consent_version = serializers.IntegerField(min_value=1)
    purpose_versions = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=(
            "The versions of the purposes' texts shown ({purpose: version}, from GET "
            "intake/consent/); a newer one is refused like a changed consent text. Without it, "
            "the current versions are recorded."
        ),
    )
    colleague_link = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "A colleague's invitation link the person came through (the whole link or its "
            "code, the end of /join/<code>/). An application to that link's program is counted "
            "for the colleague who shared it; a link no longer valid counts nothing and does "
            "not stop the application."
        ),
    )

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise ValidationError(_("Tick the box to agree. Without it we cannot apply."))
        return value


class SuggestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organization = serializers.CharField()
    city = serializers.CharField()
    summary = serializers.CharField()
    content_language = serializers.CharField(
        help_text="BCP 47 code of the language the program's name and summary are written in."
    )
    purpose = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class PurposeTextSerializer(serializers.Serializer[Any]):
    purpose = serializers.CharField(help_text="Its code: send it back in purpose_versions.")
    name = serializers.CharField(source="label", help_text="In the caller's language.")
    version = serializers.IntegerField()
    text = serializers.CharField(help_text="In the caller's language.")


class ConsentSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    text = serializers.CharField()
    purposes = PurposeTextSerializer(
        many=True, help_text="The consents by purpose agreeing records, with their texts."
    )


class SubmittedSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class IntakeSuggestionsView(APIView):
    """Programs of the whole network that fit the given answers, best first, with reasons."""

    permission_classes = [AllowAny]

    @extend_schema(request=AnswersSerializer, responses=SuggestionSerializer(many=True))
    def post(self, request: Request) -> Response:
        serializer = AnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fits = intake_suggestions(answers=answers_for_fit(serializer.validated_data["answers"]))
        rows = [
            {
                "id": fit.program.pk,
                "name": fit.program.name,
                "organization": fit.program.organization.name,  # type: ignore[attr-defined]
                "city": fit.program.organization.city,  # type: ignore[attr-defined]
                "summary": fit.program.summary,  # type: ignore[attr-defined]
                "content_language": fit.program.content_language,  # type: ignore[attr-defined]
                "purpose": fit.program.purpose,
                "reasons": fit.reasons,
            }
            for fit in fits
        ]
        return Response(SuggestionSerializer(rows, many=True).data)


class IntakeConsentView(APIView):
    """The consent text a person agrees to, in the caller's language, and its version."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ConsentSerializer)
    def get(self, request: Request) -> Response:
        consent = consent_text_current()
        if consent is None:
            raise Http404
        return Response(
            ConsentSerializer(
                {
                    "version": consent.version,
                    "text": translated(consent.text),
                    "purposes": intake_purposes(),
                }
            ).data
        )


class IntakeSubmitView(APIView):
    """Apply to programs that fit. Signed-in callers apply for themselves (201). Otherwise the
    address receives a link that finishes the application once its owner signs in (202); the
    answer is the same whether or not the address has an account."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=SubmitSerializer, responses={201: SubmittedSerializer, 202: SubmittedSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = request.user if request.user.is_authenticated else None
        if person is None:
            _require_identity(data)
        try:
            limits.hit("intake", who="ip:" + get_adapter(request).get_client_ip(request))
            if data.get("email"):
                limits.hit("intake_email", who="email:" + data["email"].strip().lower())
        except RateLimited as error:
            raise api_domain_error(error) from None
        try:
            services.intake_submit(
                answers=data["answers"],
                program_ids=data["programs"],
                consent_version=data["consent_version"],
                purpose_versions=data.get("purpose_versions"),
                email=data["email"],
                name=data["name"],
                preferred_language=data["preferred_language"] or request.LANGUAGE_CODE,
                time_zone=data["time_zone"],
                by=person,  # type: ignore[arg-type]
                email_link=person is None,
                colleague_codes=[colleagues.code_of(data["colleague_link"])],
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        if person is not None:
            return Response(
                {"detail": _("Your application is received.")}, status=status.HTTP_201_CREATED
            )
        return Response(
            {"detail": _("Check your email: a link finishes your application.")},
            status=status.HTTP_202_ACCEPTED,
        )


def _require_identity(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not data["email"]:
        errors["email"] = [_("Enter your email address.")]
    if not data["name"].strip():
        errors["name"] = [_("Tell us your name.")]
    zones = COUNTRY_TIME_ZONES.get(data["answers"]["country"], ())
    if not data["time_zone"] and len(zones) == 1:
        data["time_zone"] = zones[0]
    if data["time_zone"] not in zoneinfo.available_timezones():
        errors["time_zone"] = [_("Choose your time zone: your country has several.")]
    if errors:
        raise ValidationError(errors)
