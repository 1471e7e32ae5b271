"""The post form: kind, who may read it in the archive, a version per language the site offers,
and the segment's filters. The scope is chosen when the post is written (a staff member of an
agency: the agency or one of its programs; a network admin: the network)."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bridgeway.community.news.models import Post, PostKind, Visibility
from bridgeway.community.news.services import POST_FIELDS, Version
from bridgeway.core.time_zones import time_zone_choices
from bridgeway.programs.models import EnrollmentRole, EnrollmentStatus
from bridgeway.programs.questionnaires.codelists import country_choices, occupation_choices

MARKDOWN_HELP = _("You can use *italics*, **bold**, lists, quotes and links.")
SEGMENT_FIELDS = ("roles", "statuses", "cohort_start", "languages", "sectors", "countries")


def _multiple(label: Any, choices: Any, help_text: Any = "", select: bool = False) -> Any:
    widget = forms.SelectMultiple(attrs={"size": 8}) if select else forms.CheckboxSelectMultiple()
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=widget, help_text=help_text
    )


class PostForm(forms.Form):
    client_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices, widget=forms.RadioSelect)
    urgent = forms.BooleanField(
        label=_("Urgent announcement"),
        required=False,
        help_text=_(
            "Urgent announcements reach the notifications of people who turned announcement "
            "emails off (they still get no email)."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it in the archive"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        help_text=_("People whose language has no version read this one."),
    )
    roles = _multiple(_("Role"), EnrollmentRole.choices, _("None ticked: mentors and mentees."))
    statuses = _multiple(
        _("Enrollment status"),
        EnrollmentStatus.choices,
        _("None ticked: every status except withdrawn and declined."),
    )
    cohort_start = forms.ChoiceField(label=_("Cohort"), required=False)
    languages = _multiple(_("Preferred language"), [], _("None ticked: every language."))
    sectors = _multiple(
        _("Occupation group (NOC 2021)"),
        occupation_choices,
        _("From the profile's occupation answers. None ticked: every occupation."),
    )
    countries = _multiple(
        _("Country"),
        country_choices,
        _(
            "Where the person lives, from their account or the profile's country question "
            "(for newcomers abroad, their country before arrival). None chosen: every country."
        ),
        select=True,
    )
    time_zones = _multiple(_("Time zone"), [], _("None chosen: every time zone."), select=True)

    def __init__(
        self,
        *args: Any,
        scopes: list[tuple[str, str]] | None = None,
        cohorts: list[tuple[date, list[str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if scopes is not None:
            self.fields["scope"] = forms.ChoiceField(label=_("Send to"), choices=scopes)
            self.order_fields(["scope"])
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)
            self.initial.setdefault("default_language", settings.LANGUAGE_CODE)
            self.initial.setdefault("kind", PostKind.NEWSLETTER)
        self.fields["cohort_start"].choices = [  # type: ignore[attr-defined]
            ("", _("Any cohort")),
            *[(start.isoformat(), _cohort_label(start, names)) for start, names in cohorts or []],
        ]
        self.fields["time_zones"].choices = time_zone_choices()  # type: ignore[attr-defined]
        self.fields["default_language"].choices = settings.LANGUAGES  # type: ignore[attr-defined]
        self.fields["languages"].choices = settings.LANGUAGES  # type: ignore[attr-defined]
        for code, _name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title"), max_length=160, required=False
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("One-line summary (optional)"), max_length=300, required=False
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text"),
                max_length=50000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=MARKDOWN_HELP,
            )

    @classmethod
    def of(cls, post: Post, data: Any = None, **kwargs: Any) -> PostForm:
        initial: dict[str, Any] = {name: getattr(post, name) for name in POST_FIELDS}
        initial["cohort_start"] = post.cohort_start.isoformat() if post.cohort_start else ""
        for version in post.versions.all():
            initial[f"title_{version.language}"] = version.title
            initial[f"summary_{version.language}"] = version.summary
            initial[f"body_{version.language}"] = version.body
        return cls(data, initial=initial, **kwargs)

    def language_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, language name, its three fields) for the template."""
        return [
            (code, str(name), [self[f"{part}_{code}"] for part in ("title", "summary", "body")])
            for code, name in settings.LANGUAGES
        ]

    def segment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*SEGMENT_FIELDS, "time_zones")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        data: dict[str, Any] = cleaned if cleaned is not None else {}
        written = 0
        for code, name in settings.LANGUAGES:
            title = (data.get(f"title_{code}") or "").strip()
            body = (data.get(f"body_{code}") or "").strip()
            if title and not body:
                self.add_error(
                    f"body_{code}",
                    _("Write the text of the %(language)s version.") % {"language": name},
                )
            elif body and not title:
                self.add_error(
                    f"title_{code}",
                    _("Give the %(language)s version a title.") % {"language": name},
                )
            written += bool(title and body)
        default = data.get("default_language")
        if default and not (data.get(f"title_{default}") and data.get(f"body_{default}")):
            self.add_error(
                "default_language",
                _("Write the version in the default language, or choose another default."),
            )
        if data.get("urgent") and data.get("kind") != PostKind.ANNOUNCEMENT:
            self.add_error("urgent", _("Only an announcement can be urgent."))
        if not written and not self.errors:
            self.add_error(None, _("Write the post in at least one language."))
        return data

    def versions(self) -> dict[str, Version]:
        data = self.cleaned_data
        return {
            code: Version(
                title=data[f"title_{code}"],
                body=data[f"body_{code}"],
                summary=data[f"summary_{code}"],
            )
            for code, _name in settings.LANGUAGES
            if data.get(f"title_{code}") and data.get(f"body_{code}")
        }

    def post_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in POST_FIELDS if name != "cohort_start"}
        fields["cohort_start"] = (
            date.fromisoformat(data["cohort_start"]) if data["cohort_start"] else None
        )
        return fields


def _cohort_label(start: date, names: list[str]) -> str:
    return ngettext(
        "Starting %(date)s (%(programs)s)", "Starting %(date)s (%(programs)s)", len(names)
    ) % {"date": formats.date_format(start, "DATE_FORMAT"), "programs": ", ".join(names)}


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send on"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "aria-describedby": "id_send_at_helptext"},
            format="%Y-%m-%dT%H:%M",
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def clean_send_at(self) -> datetime:
        """The time as the staff member wrote it, in their own time zone."""
        value: datetime = self.cleaned_data["send_at"]
        return value.replace(tzinfo=None).replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone))


class TestEmailForm(forms.Form):
    language = forms.ChoiceField(label=_("Version"))

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]
