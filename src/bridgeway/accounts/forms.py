from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import AccessibilityNeed, ContactMode, Person
from bridgeway.core.time_zones import time_zone_choices
from bridgeway.core.widgets import LongSelect


class SignupDetailsForm(forms.Form):
    """Extra fields on the sign-up page: how to call the person and where they are."""

    display_name = forms.CharField(label=_("Your name"), max_length=150)
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=time_zone_choices,
        initial="America/Toronto",
        widget=LongSelect,
    )

    def signup(self, request: HttpRequest, user: Person) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.time_zone = self.cleaned_data["time_zone"]
        user.save(update_fields=["display_name", "time_zone"])


class PreferencesForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(label=_("Language of the pages"), choices=[])
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, widget=LongSelect
    )
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Accessibility and accommodation"),
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Your match and program staff see these so they can meet you well."),
    )
    contact_mode = forms.ChoiceField(label=_("Preferred contact"), choices=ContactMode.choices)

    class Meta:
        model = Person
        fields = [
            "display_name",
            "preferred_language",
            "time_zone",
            "accessibility_needs",
            "contact_mode",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_field = self.fields["preferred_language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = [(code, str(name)) for code, name in settings.LANGUAGES]
        zone_field = self.fields["time_zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = time_zone_choices(keep=self.instance.time_zone)
        self.fields["display_name"].required = True
