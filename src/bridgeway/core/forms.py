from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization, StaffRole

# Words that are part of staff addresses (/manage/programs/…) cannot name an agency.
RESERVED_SLUGS = {"programs", "enrollments", "referrals", "new"}


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "slug", "description", "city", "website", "contact_email", "is_active"]
        help_texts = {"slug": _("Lowercase letters, digits and hyphens; used in addresses.")}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is reserved. Choose another."))
        return slug


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "description", "city", "website", "contact_email"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("If the person already has an account here, their own language is used."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The site's language until the inviter picks another: the language of the inviter's
        # own page says nothing about the person they invite.
        self.fields["language"].initial = settings.LANGUAGE_CODE


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class FirstAdminForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of the agency's first admin"),
        help_text=_("They receive an invitation by email."),
    )
