from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.community.experts.models import Expert, ExpertTopic, TargetUnit
from bridgeway.community.forms import ClientKeyForm
from bridgeway.learning.library.forms import ResourceSettingsForm
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.codelists import language_choices

MARKDOWN_HELP = _("You can use *italics*, **bold**, lists, quotes and links.")


def _topic_label(topic: ExpertTopic, agencies: int) -> str:
    return f"{topic.name} ({topic.organization.name})" if agencies > 1 else topic.name


class AskForm(ClientKeyForm):
    topic = forms.ChoiceField(label=_("Topic"))
    title = forms.CharField(
        label=_("Your question in a sentence"),
        max_length=160,
        help_text=_("For example: How do I get my nursing diploma recognized in Ontario?"),
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you have tried, where you live, anything that helps the expert answer. "
            "You can use *italics*, **bold**, lists, quotes and links."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Hide my name from the expert"),
        required=False,
        help_text=_(
            "The agency's staff always see who asked. Published answers never show your name."
        ),
    )
    field_order = ["topic", "title", "body", "anonymous"]

    def __init__(self, *args: Any, topics: list[ExpertTopic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {str(t.pk): t for t in topics}
        agencies = len({t.organization_id for t in topics})
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a topic")),
            *[(str(t.pk), _topic_label(t, agencies)) for t in topics],
        ]
        self.fields["topic"].error_messages["invalid_choice"] = _(
            "Choose one of the topics in the list."
        )

    def chosen_topic(self) -> ExpertTopic:
        return self.topics[self.cleaned_data["topic"]]


class ExpertPostForm(ClientKeyForm):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )
    asks_back = forms.TypedChoiceField(
        label=_("This is"),
        choices=[
            ("0", _("An answer (the clock stops and the person is asked to rate it)")),
            ("1", _("A question back to the person (the clock waits for their reply)")),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )


class AskerReplyForm(ClientKeyForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the answer?"),
        choices=[
            ("5", _("5 — very useful")),
            ("4", _("4 — useful")),
            ("3", _("3 — somewhat useful")),
            ("2", _("2 — not very useful")),
            ("1", _("1 — not useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The expert and the agency's staff read it."),
    )


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Topic"), max_length=120)
    description = forms.CharField(
        label=_("What it covers"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_amount = forms.IntegerField(
        label=_("Answer within"),
        min_value=1,
        max_value=720,
        initial=3,
        help_text=_("The expert is reminded at three quarters of it; staff are told at it."),
    )
    target_unit = forms.ChoiceField(label=_("Unit"), choices=TargetUnit.choices, initial="days")
    is_active = forms.BooleanField(label=_("Open for questions"), required=False, initial=True)

    @classmethod
    def of(cls, topic: ExpertTopic, data: Any = None) -> TopicForm:
        return cls(data, initial={n: getattr(topic, n) for n in cls.base_fields})


class _TopicsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    topics = _TopicsField(
        label=_("Topics"),
        queryset=ExpertTopic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topics"]
        field.queryset = ExpertTopic.objects.filter(organization=organization)  # type: ignore[attr-defined]

    @classmethod
    def of(cls, expert: Expert, data: Any = None) -> ExpertForm:
        return cls(
            data,
            organization=expert.organization,
            initial={"name": expert.name, "topics": list(expert.topics.all())},
        )


class ExpertInviteForm(ExpertForm):
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("Used when the address has no account here; an account's own language wins."),
    )
    field_order = ["name", "email", "language", "topics"]


class RouteForm(forms.Form):
    expert = forms.ChoiceField(label=_("Expert"))

    def __init__(self, *args: Any, experts: list[Expert], topic_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.experts = {str(e.pk): e for e in experts}

        def label(expert: Expert) -> str:
            on_topic = any(t.pk == topic_id for t in expert.topics.all())
            return (
                str(expert.name)
                if on_topic
                else _("%(name)s (another topic)") % {"name": expert.name}
            )

        self.fields["expert"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose an expert")),
            *[(str(e.pk), label(e)) for e in experts],
        ]

    def chosen(self) -> Expert:
        return self.experts[self.cleaned_data["expert"]]


class PublishForm(ResourceSettingsForm):
    """An answer as it goes to the resource library: the words as staff edited them, their
    language, and who finds it (the agency or one program, an audience, topics)."""

    title = forms.CharField(label=_("Title"), max_length=160)
    question_text = forms.CharField(
        label=_("Question, without anything that identifies the person"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    answer_text = forms.CharField(
        label=_("Answer"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        help_text=_(
            "Publishing again in the same language replaces these words; in another language "
            "adds a translation."
        ),
    )
    where = forms.ChoiceField(label=_("For"), required=False)
    field_order = [
        "title", "question_text", "answer_text", "language", "where",
        "audience", "topics", "sector", "arrival",
    ]  # fmt: skip

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        self.programs = {str(p.pk): p for p in programs}
        self.fields["where"].choices = [  # type: ignore[attr-defined]
            ("", _("Every program of the agency")),
            *[(str(p.pk), p.name) for p in programs],
        ]

    def publishing(self) -> dict[str, Any]:
        """The arguments of `answer_publish` (besides the question and who publishes)."""
        data = self.cleaned_data
        return {
            **{n: data[n] for n in ("title", "question_text", "answer_text", "language")},
            "program": self.programs.get(data.get("where") or ""),
            **self.settings(),
        }
