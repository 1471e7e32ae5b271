"""The form of a prompt: a title and a text per language, and when to post it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.core.services import DomainError
from bridgeway.messaging.models import MAX_BODY
from bridgeway.relationships.meetings import local_to_utc

FORMAT_HELP = _("You can use *italics*, **bold**, lists, quotes and links.")


class PromptForm(forms.Form):
    send_on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    send_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.languages = [(code, str(name)) for code, name in settings.LANGUAGES]
        for code, name in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                max_length=MAX_BODY,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=FORMAT_HELP,
            )

    def language_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (name, self[f"title_{code}"], self[f"body_{code}"]) for code, name in self.languages
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts: dict[str, dict[str, str]] = {}
        for code, _name in self.languages:
            title = (data.get(f"title_{code}") or "").strip()
            body = (data.get(f"body_{code}") or "").strip()
            if title and not body:
                self.add_error(f"body_{code}", _("Write the text that goes with this title."))
            elif body and not title:
                self.add_error(f"title_{code}", _("Give this text a title, such as “Week 1”."))
            elif title:
                texts[code] = {"title": title, "body": body}
        data["texts"] = texts
        day, at = data.get("send_on"), data.get("send_time")
        if day is not None and at is not None:
            try:
                data["send_at"] = local_to_utc(day, at, self.time_zone)
            except DomainError as error:
                self.add_error("send_time", error.message)
        return data

    @staticmethod
    def initial_for(
        texts: dict[str, dict[str, str]], send_at: datetime, zone: Any
    ) -> dict[str, Any]:
        local = send_at.astimezone(zone)
        initial: dict[str, Any] = {"send_on": local.date(), "send_time": local.time()}
        for code, text in texts.items():
            initial[f"title_{code}"] = text.get("title", "")
            initial[f"body_{code}"] = text.get("body", "")
        return initial
