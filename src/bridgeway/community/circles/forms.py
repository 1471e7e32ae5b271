"""Forms of circles: the staff's circle form (with its scope, kind and leader when it opens),
naming another leader, closing, inviting; a participant's request to join; a circle session."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bridgeway.community.circles.models import MAX_MEMBERS, Circle, CircleKind, Joining
from bridgeway.community.circles.selectors import MentorChoice
from bridgeway.community.circles.services import CircleFields
from bridgeway.community.forms import ClientKeyForm
from bridgeway.community.sessions.forms import SessionForm
from bridgeway.community.sessions.models import Frequency
from bridgeway.community.sessions.recurrence import MAX_DATES
from bridgeway.programs.questionnaires.codelists import occupation_choices

NOTE_HELP = _("A few words the person reads in their email (optional).")


def mentor_labels(choices: list[MentorChoice]) -> list[tuple[str, str]]:
    labels = []
    for choice in choices:
        done = (
            str(_("completed mentorships: %(count)d")) % {"count": choice.completed}
            if choice.completed
            else str(_("no completed mentorship yet"))
        )
        labels.append((str(choice.person_id), f"{choice.name} — {choice.programs} · {done}"))
    return labels


class LeaderFields(forms.Form):
    leader = forms.TypedChoiceField(label=_("Leader"), coerce=int)
    vouch = forms.BooleanField(
        label=_("I vouch for this mentor's experience"),
        required=False,
        help_text=_(
            "A mentors' circle is led by a seasoned mentor: one who completed a mentorship "
            "here. Tick this to name a mentor who has not yet; it is recorded in the audit log."
        ),
    )

    def __init__(self, *args: Any, mentors: list[MentorChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a mentor")),
            *mentor_labels(mentors),
        ]
        self.fields["leader"].help_text = _(
            "A mentor of the circle's program (or of the agency, for an agency's circle) whose "
            "application was accepted. Mentors with a completed mentorship come first."
        )


class CircleForm(ClientKeyForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    need = forms.CharField(
        label=_("Shared need or theme"),
        max_length=200,
        required=False,
        help_text=_(
            "What brings its members together, for example “job search in health care”. "
            "Required for a mentees' circle."
        ),
    )
    sector = forms.ChoiceField(label=_("Occupation group (NOC 2021)"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), choices=settings.LANGUAGES)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "How the circle works, how often it meets. You can use *italics*, **bold**, lists "
            "and links."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Places for members"),
        min_value=2,
        max_value=MAX_MEMBERS,
        initial=10,
        help_text=_("Besides the leader. Peer circles work best with 6 to 12 people."),
    )
    joining = forms.ChoiceField(
        label=_("How people join"), choices=Joining.choices, widget=forms.RadioSelect
    )

    def __init__(
        self,
        *args: Any,
        scopes: list[tuple[str, str]] | None = None,
        mentors: list[MentorChoice] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [  # type: ignore[attr-defined]
            ("", _("Any occupation")),
            *occupation_choices(),
        ]
        if scopes is not None:
            self.fields["scope"] = forms.ChoiceField(label=_("For the people of"), choices=scopes)
            self.fields["kind"] = forms.ChoiceField(
                label=_("Kind of circle"), choices=CircleKind.choices, widget=forms.RadioSelect
            )
            leader = LeaderFields(mentors=mentors or [])
            self.fields["leader"] = leader.fields["leader"]
            self.fields["vouch"] = leader.fields["vouch"]
            self.order_fields(["scope", "kind", "name", "need", "leader", "vouch"])
        if not self.is_bound:
            self.initial.setdefault("language", settings.LANGUAGE_CODE)
            self.initial.setdefault("joining", Joining.OPEN)
            self.initial.setdefault("kind", CircleKind.MENTORS)

    @classmethod
    def initial_for(cls, circle: Circle) -> dict[str, Any]:
        return {name: getattr(circle, name) for name in CircleFields.__dataclass_fields__}

    def circle_fields(self) -> CircleFields:
        data = self.cleaned_data
        return CircleFields(
            name=data["name"],
            need=data["need"],
            sector=data["sector"],
            language=data["language"],
            description=data["description"],
            capacity=data["capacity"],
            joining=data["joining"],
        )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Why it closes (optional)"),
        max_length=500,
        required=False,
        help_text=_("Kept with the circle and in the audit log."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        help_text=_("A participant the circle is for; they join it or say no on its page."),
    )


class RemoveForm(forms.Form):
    note = forms.CharField(
        label=_("Why (optional)"), max_length=500, required=False, help_text=NOTE_HELP
    )


class RequestForm(forms.Form):
    note = forms.CharField(
        label=_("A word to the leader (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you hope to find in the circle. Only its leader and staff read it."),
    )


class CircleSessionForm(SessionForm):
    """A group session for the circle's members: the sessions' form without its audience
    (`session_fields` gives "everyone", narrowed to the circle's members), with a repetition
    (a monthly circle meeting)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["audience"]
        self.fields["repeat"] = forms.ChoiceField(
            label=_("Repeats"),
            choices=[("", _("Does not repeat")), *Frequency.choices],
            required=False,
        )
        self.fields["repeat_count"] = forms.IntegerField(
            label=_("Number of dates"),
            required=False,
            min_value=2,
            max_value=MAX_DATES,
            help_text=_("Each date has its own places and its own invitation."),
        )
