from django import forms

from bridgeway.privacy.retention.models import RetentionPolicy


class PolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = ["message_years", "application_years", "notification_days"]
