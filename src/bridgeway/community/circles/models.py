"""A circle and its members.

A circle belongs to one program or to one agency (all its programs). Its kind says who its
members are — the mentors, or the mentees — and who leads it: a mentor. Its space, conversation
and sessions are its members' alone. A person has one row per circle, whose status moves as they
ask, are invited, join, leave or are taken out (asking twice, or joining twice, changes nothing).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization, TimeStampedModel
from bridgeway.programs.models import Program

# A group conversation holds 100 people at most (messaging.services.MAX_GROUP): the leader
# and 99 members.
MAX_MEMBERS = 99


class CircleKind(models.TextChoices):
    MENTORS = "mentors", _("Peer support for mentors")
    MENTEES = "mentees", _("Mentees around a shared need")


class Joining(models.TextChoices):
    OPEN = "open", _("Open: anyone it is for joins")
    APPROVAL = "approval", _("By request or invitation: the leader or staff approve")


class Circle(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=CircleKind.choices)
    level = models.CharField(
        _("for the people of"),
        max_length=10,
        choices=[("agency", _("One agency")), ("program", _("One program"))],
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="circles")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="circles"
    )
    name = models.CharField(_("name"), max_length=120)
    need = models.CharField(_("shared need or theme"), max_length=200, blank=True)
    sector = models.CharField(_("occupation group"), max_length=1, blank=True)
    language = models.CharField(_("language spoken"), max_length=12)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places for members"))
    joining = models.CharField(
        _("how people join"), max_length=10, choices=Joining.choices, default=Joining.OPEN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # A mentor without a completed mentorship leads only when a staff member vouches for them.
    leader_vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    space = models.OneToOneField("community.Space", on_delete=models.PROTECT, related_name="circle")
    conversation = models.OneToOneField(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="circle",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    close_note = models.CharField(_("why it closes"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="agency", program__isnull=True)
                | Q(level="program", program__isnull=False),
                name="community_circle_level_matches_scope",
            ),
            models.UniqueConstraint(
                fields=["created_by", "client_key"],
                condition=~Q(client_key=""),
                name="community_circle_once_per_client_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def member_role(self) -> str:
        """The enrollment role of its members: "mentor" or "mentee"."""
        return "mentor" if self.kind == CircleKind.MENTORS else "mentee"

    @property
    def scope_name(self) -> str:
        return self.program.name if self.program is not None else self.organization.name

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def sector_name(self) -> str:
        """The occupation group in the reader's language, or ""."""
        from bridgeway.core.i18n import translated
        from bridgeway.programs.questionnaires.codelists import OCCUPATIONS

        return translated(OCCUPATIONS.get(self.sector)) if self.sector else ""


class CircleMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        DECLINED = "declined", _("Request declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Taken out")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.CharField(_("a word to the leader"), max_length=500, blank=True)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("circle member")
        verbose_name_plural = _("circle members")
        ordering = ["role", "joined_at", "pk"]  # the leader first ("leader" < "member")
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"], name="community_circle_member_once"
            ),
            models.UniqueConstraint(
                fields=["circle"],
                condition=Q(role="leader", status="active"),
                name="community_circle_one_leader",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} in circle {self.circle_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER and self.is_active
