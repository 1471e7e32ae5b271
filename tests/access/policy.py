"""The access policy as a plain Python model, written from the documentation (DESIGN.md,
docs/architecture.md "Tenancy" and "Who sees what", docs/concerns.md "Who sees what",
docs/messaging.md "Who is in a conversation", docs/relationships.md, docs/community.md and the
reach rule of spaces), never from the code: the stateful test (`test_stateful.py`) keeps it
beside the real application and compares the two after every step.

The model knows only names ("p0", "admin-a", "agency-a", "program-a1") and the ids the app gave
to the rows it made; it answers, for one person and one object, whether that person may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADMIN, COORDINATOR = "admin", "coordinator"
MENTEE, MENTOR = "mentee", "mentor"
# An enrollment in one of these statuses no longer lets its person into the program's
# community (docs/community.md: withdrawn and declined enrollments count for nothing).
GONE = ("withdrawn", "declined")


@dataclass
class Enrollment:
    person: str
    program: str
    role: str
    status: str = "applied"


@dataclass
class Relationship:
    program: str
    mentee: str  # person names
    mentor: str
    mentee_enrollment: int
    mentor_enrollment: int
    conversation: int | None = None
    closed: bool = False


@dataclass
class Concern:
    agency: str
    reporter: str
    about: str | None


@dataclass
class Referral:
    person: str
    from_agency: str
    to_agency: str
    status: str = "pending"  # pending → consented → accepted, or declined


@dataclass
class Space:
    level: str  # network, agency or program
    agency: str | None
    program: str | None
    audience: str  # everyone, mentors, mentees, alumni


@dataclass
class Circle:
    """A circle of mentees of one program, with its own members-only space."""

    agency: str
    program: str
    members: set[str] = field(default_factory=set)


@dataclass
class Policy:
    """What the world holds, and who may see what in it."""

    program_agency: dict[str, str]
    network_admins: set[str] = field(default_factory=set)
    staff: dict[tuple[str, str], str] = field(default_factory=dict)  # (person, agency) → role
    enrollments: dict[int, Enrollment] = field(default_factory=dict)
    relationships: dict[int, Relationship] = field(default_factory=dict)
    concerns: dict[int, Concern] = field(default_factory=dict)
    referrals: dict[int, Referral] = field(default_factory=dict)
    spaces: dict[int, Space] = field(default_factory=dict)
    circles: dict[int, Circle] = field(default_factory=dict)  # by the id of the circle's space

    # -- roles ---------------------------------------------------------------------------

    def is_staff(self, person: str, agency: str) -> bool:
        """Admins and coordinators alike (docs/architecture.md: staff pages are scoped to
        the person's agency; both roles read the agency's participants)."""
        return (person, agency) in self.staff

    def is_any_staff(self, person: str) -> bool:
        return any(who == person for who, _agency in self.staff)

    def live_enrollments(self, person: str) -> list[Enrollment]:
        return [e for e in self.enrollments.values() if e.person == person and e.status not in GONE]

    # -- one answer per kind of object ---------------------------------------------------

    def sees_enrollment(self, person: str, pk: int) -> bool:
        """The staff page of a participant (their profile, status and history): the staff of
        the agency that runs the program, and nobody else — not another agency's staff, not
        the network's admins (they read counts, never a person)."""
        enrollment = self.enrollments[pk]
        return self.is_staff(person, self.program_agency[enrollment.program])

    def sees_relationship(self, person: str, pk: int) -> bool:
        """ "My mentorship": the mentee and the mentor, also once it closed (they answer the
        closing survey there)."""
        relationship = self.relationships[pk]
        return person in (relationship.mentee, relationship.mentor)

    def sees_relationship_as_staff(self, person: str, pk: int) -> bool:
        """The staff page of a mentorship: the staff of the program's agency. The closing
        answers on it are for staff; "the other person never does" read them, so a staff
        member who is one of the pair does not open their own mentorship's staff page."""
        relationship = self.relationships[pk]
        if person in (relationship.mentee, relationship.mentor):
            return False
        return self.is_staff(person, self.program_agency[relationship.program])

    def sees_conversation(self, person: str, pk: int) -> bool:
        """A mentorship's conversation: its members, the mentee and the mentor; still readable
        after the mentorship closes (docs/messaging.md)."""
        return self.sees_relationship(person, pk)

    def sees_conversation_as_staff(self, person: str, pk: int) -> bool:
        """The staff review page of a mentorship's conversation (where staff give a reason
        before reading): the program's staff — the same people as the mentorship's staff
        page."""
        return self.sees_relationship_as_staff(person, pk)

    def staff_conversation_is_own(self, person: str, pk: int) -> bool:
        """A member of the conversation who is also on the agency's staff, opening its staff
        address, is sent to the conversation itself: they read it as a member."""
        relationship = self.relationships[pk]
        return self.sees_conversation(person, pk) and self.is_staff(
            person, self.program_agency[relationship.program]
        )

    def sees_own_concern(self, person: str, pk: int) -> bool:
        """/my/concerns/<id>/: the person who raised it, never the person it is about."""
        return self.concerns[pk].reporter == person

    def sees_concern_as_staff(self, person: str, pk: int) -> bool:
        """The agency's staff, except a concern about themselves (docs/concerns.md)."""
        concern = self.concerns[pk]
        return self.is_staff(person, concern.agency) and concern.about != person

    def sees_referral(self, person: str, pk: int) -> bool:
        """The staff of the agency that sent it; the receiving agency's staff only once the
        person agreed ("until then the other agency sees nothing")."""
        referral = self.referrals[pk]
        if self.is_staff(person, referral.from_agency):
            return True
        return self.is_staff(person, referral.to_agency) and referral.status in (
            "consented",
            "accepted",
        )

    def sees_space(self, person: str, pk: int) -> bool:
        """The reach rule (docs/community.md): an agency's or a program's space is read by the
        agency's staff; a network's by the network's admins and every agency's staff; and by
        each participant with a live enrollment in the space's scope that fits its audience."""
        if pk in self.circles:
            return self.sees_circle_space(person, pk)
        space = self.spaces[pk]
        if space.level == "network":
            if person in self.network_admins or self.is_any_staff(person):
                return True
        elif space.agency is not None and self.is_staff(person, space.agency):
            return True
        for enrollment in self.live_enrollments(person):
            agency = self.program_agency[enrollment.program]
            in_scope = (
                space.level == "network"
                or (space.level == "agency" and agency == space.agency)
                or (space.level == "program" and enrollment.program == space.program)
            )
            fits = (
                space.audience == "everyone"
                or (space.audience == "mentors" and enrollment.role == MENTOR)
                or (space.audience == "mentees" and enrollment.role == MENTEE)
                or (space.audience == "alumni" and enrollment.status == "alumni")
            )
            if in_scope and fits:
                return True
        return False

    def sees_circle_space(self, person: str, pk: int) -> bool:
        """A circle's space (docs/community.md, Circles): its members while they are still
        participants of its scope (an enrollment there, not withdrawn or declined), and the
        staff of its agency — whatever its level and audience would say."""
        circle = self.circles[pk]
        if self.is_staff(person, circle.agency):
            return True
        return person in circle.members and any(
            enrollment.program == circle.program for enrollment in self.live_enrollments(person)
        )
