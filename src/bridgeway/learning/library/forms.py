from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bridgeway.learning.library.models import ADDED_IN_THE_LIBRARY, Arrival, Kind, Resource, Topic
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.codelists import language_choices, occupation_choices
from bridgeway.programs.reach import Audience


def _sectors(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *occupation_choices()]


class FilterForm(forms.Form):
    """The library's search and filters (a GET form; anything unknown is ignored)."""

    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    sector = forms.ChoiceField(label=_("Occupation sector"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *languages]  # type: ignore[attr-defined]
        self.fields["sector"].choices = _sectors(_("Any sector"))  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", _("Any topic")), *Topic.choices]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Any kind")), *Kind.choices]  # type: ignore[attr-defined]

    def value(self, name: str) -> str:
        """A filter's value; one that is not a choice is left out (and said so on the form)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return str(self.cleaned_data.get(name) or "").strip()


class ResourceSettingsForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Audience.choices,
        help_text=_("Staff of the agency always see it."),
    )
    sector = forms.ChoiceField(
        label=_("Occupation sector"),
        required=False,
        help_text=_(
            "Suggested first to people of this sector (NOC 2021); others do not get it "
            "among their suggestions."
        ),
    )
    arrival = forms.ChoiceField(label=_("When it helps"), choices=Arrival.choices, required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sectors(_("Every sector"))  # type: ignore[attr-defined]

    def settings(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in ("audience", "sector", "arrival", "topics")}


class ResourceEditForm(ResourceSettingsForm):
    archived = forms.BooleanField(
        label=_("Archived: hidden from participants"),
        required=False,
        help_text=_("Its views stay counted; take the mark off to show it again."),
    )

    @classmethod
    def of(cls, resource: Resource, data: Any = None) -> ResourceEditForm:
        initial = {n: getattr(resource, n) for n in ("audience", "sector", "arrival", "archived")}
        initial["topics"] = [t.topic for t in resource.topics.all()]
        return cls(data, initial=initial)

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "archived": self.cleaned_data["archived"]}


class VersionForm(forms.Form):
    """A resource's words and content in one language."""

    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What people will find in it, in a sentence or two."),
    )
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For a link, or a video on another site (people open it there)."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("For a document, or a video file (MP4, WebM, MOV)."),
    )

    def __init__(self, *args: Any, language: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if language:
            self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        else:
            del self.fields["language"]

    def version(self) -> dict[str, str]:
        names = [n for n in ("language", "title", "summary", "url") if n in self.fields]
        return {n: self.cleaned_data[n] or "" for n in names}


class AnswerVersionForm(forms.Form):
    """An expert's answer in one language: its title, question and answer (Markdown)."""

    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=160)
    question_text = forms.CharField(
        label=_("Question, without anything that identifies the person"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )
    answer_text = forms.CharField(
        label=_("Answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("You can use *italics*, **bold**, lists, quotes and links."),
    )

    def __init__(self, *args: Any, language: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if language:
            self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        else:
            del self.fields["language"]

    def version(self) -> dict[str, str]:
        names = [
            n for n in ("language", "title", "question_text", "answer_text") if n in self.fields
        ]
        return {n: self.cleaned_data[n] for n in names}


class ResourceForm(ResourceSettingsForm, VersionForm):
    """A new resource with its first version; `programs` given for an agency's resource."""

    where = forms.ChoiceField(label=_("For"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in ADDED_IN_THE_LIBRARY],
        help_text=_("Expert answers are published from their question, in Ask an expert."),
    )
    field_order = [
        "where", "kind", "language", "title", "summary", "url", "file",
        "audience", "sector", "arrival", "topics",
    ]  # fmt: skip

    def __init__(self, *args: Any, programs: list[Program] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programs = {str(p.pk): p for p in programs or []}
        if programs is None:
            del self.fields["where"]
        else:
            self.fields["where"].choices = [  # type: ignore[attr-defined]
                ("", _("Every program of the agency")),
                *[(str(p.pk), p.name) for p in programs],
            ]

    def program(self) -> Program | None:
        return self.programs.get(self.cleaned_data.get("where") or "")
