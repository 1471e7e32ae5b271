from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import TranslatedTextField
from bridgeway.messaging.attachments import ALLOWED
from bridgeway.messaging.models import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "**bold**, _italic_, [a link](https://…), lists with - at the start of a line."
        ),
        error_messages={"required": _("Write a message first.")},
    )
    # Sent with the form so that submitting it twice (a double tap, a retry on a slow
    # connection) stores one message.
    client_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4().hex)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files from one input. What they are and how large is checked by the service
    (messaging/attachments.py), from their content."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(FilesField, self).clean(f, initial) for f in files]


# A hint for the file picker only (the server reads what each file is). With it, iPhones turn
# their HEIC photos into JPEG when they send them.
ACCEPT = ",".join([*ALLOWED, *(f".{e}" for t in ALLOWED.values() for e in t.extensions)])


class ComposeForm(MessageForm):
    """A message with files, on the conversation page (a plain multipart POST without
    JavaScript; conversation.js sends the same form as FormData)."""

    attachments = FilesField(
        label=_("Attach files"),
        required=False,
        help_text=_(
            "Documents, images, video or audio, up to %(limit)d MB each (the limit of this "
            "program)."
        ),
    )

    def __init__(self, *args: Any, limit_mb: int = 100, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False
        field = self.fields["attachments"]
        field.help_text = field.help_text % {"limit": limit_mb}
        field.widget.attrs["accept"] = ACCEPT

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            self.add_error("body", _("Write a message first."))
        return data


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message first.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to read this conversation?"),
        max_length=300,
        min_length=5,
        help_text=_(
            "Your reason, your name and the time are recorded each time you open it; the "
            "messages are not."
        ),
    )


class JoinForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you join as a mediator?"),
        max_length=300,
        min_length=5,
        help_text=_("Both people are told that you joined. Your reason is recorded."),
    )


class FlagForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=500, required=False)


class SettingsForm(forms.Form):
    keep_deleted = forms.BooleanField(
        label=_("Keep deleted messages in the archive"),
        required=False,
        help_text=_(
            "On: a deleted message disappears for everyone, and staff who review the "
            "conversation with a reason still read it. Off: its text is erased."
        ),
    )
    flag_words = TranslatedTextField(
        label=_("Words that flag a message to staff"),
        multiline=True,
        required=False,
        max_length=5000,
        help_text=_(
            "One word or phrase per line, in each language. Case and accents do not matter. "
            "Staff see the flagged message and the words found, not the conversation."
        ),
    )
    attachment_limit_mb = forms.IntegerField(
        label=_("Largest attachment (MB)"), min_value=1, max_value=2048
    )

    def words(self) -> dict[str, list[str]]:
        return {
            language: [line for line in text.splitlines() if line.strip()]
            for language, text in self.cleaned_data["flag_words"].items()
        }
