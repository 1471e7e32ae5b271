"""The small network of the stateful access test, and each change to it made the way the app
makes it: through the services its pages and API call. After each change the policy model
(`policy.py`) learns what exists now — which rows the app made, with their ids — but never
who may see them: that is the policy's own answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.community.circles.membership import circle_join, circle_leave
from bridgeway.community.circles.models import Circle as CircleRow
from bridgeway.community.circles.models import CircleKind, CircleMember
from bridgeway.community.circles.services import CircleFields, circle_create
from bridgeway.community.services import space_create
from bridgeway.concerns.models import Category
from bridgeway.concerns.services import concern_raise
from bridgeway.core.models import Membership, Network, Organization, StaffRole
from bridgeway.core.services import (
    DomainError,
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)
from bridgeway.messaging.models import Conversation
from bridgeway.programs.intake.models import Referral as ReferralRow
from bridgeway.programs.intake.referrals import referral_accept, referral_answer, referral_create
from bridgeway.programs.models import Enrollment as EnrollmentRow
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.profiles import profile_save
from bridgeway.programs.questionnaires.services import questionnaire_start
from bridgeway.programs.services import enrollment_apply, enrollment_set_status, enrollment_withdraw
from bridgeway.relationships.agreements import agreement_waive
from bridgeway.relationships.closure import relationship_close, rematch
from bridgeway.relationships.models import CloseReason, MentorRequest
from bridgeway.relationships.models import Relationship as RelationshipRow
from bridgeway.relationships.services import request_accept, requests_send
from tests.access.policy import (
    ADMIN,
    Concern,
    Enrollment,
    Policy,
    Referral,
    Relationship,
    Space,
)
from tests.access.policy import (
    Circle as CircleModel,
)
from tests.factories import (
    NetworkAdminFactory,
    NetworkFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    enable_mfa,
)
from tests.matching.conftest import mentee_answers, mentor_answers

POOL = ("p0", "p1", "p2", "p3")  # people whose roles change
AGENCIES = ("agency-a", "agency-b")
PROGRAMS = ("program-a1", "program-a2", "program-b1")
PROGRAM_AGENCY = {"program-a1": "agency-a", "program-a2": "agency-a", "program-b1": "agency-b"}
# Each agency's first admin stays; they are the staff who act for the agency.
FIRST_ADMIN = {"agency-a": "admin-a", "agency-b": "admin-b"}
# The spaces of the network's forum: every level, every audience.
SPACES = (
    ("network", None, None, "everyone"),
    ("network", None, None, "mentors"),
    ("agency", "agency-a", None, "everyone"),
    ("agency", "agency-b", None, "mentees"),
    ("program", "agency-a", "program-a1", "mentors"),
    ("program", "agency-a", "program-a2", "alumni"),
)


@dataclass
class World:
    network: Network
    people: dict[str, Person]
    agencies: dict[str, Organization]
    programs: dict[str, Program]
    policy: Policy
    refusals: list[str] = field(default_factory=list)  # what the app refused, in its words
    circle: CircleRow | None = None

    @classmethod
    def build(cls) -> World:
        network = NetworkFactory()
        agencies = {
            slug: OrganizationFactory(network=network, slug=slug, name=slug.title())
            for slug in AGENCIES
        }
        programs = {
            slug: ProgramFactory(
                organization=agencies[PROGRAM_AGENCY[slug]],
                slug=slug,
                name=slug.title(),
                mentor_capacity_default=2,
            )
            for slug in PROGRAMS
        }
        people = {
            name: PersonFactory(email=f"{name}@example.org", display_name=name.upper())
            for name in (*POOL, *FIRST_ADMIN.values(), "network-admin")
        }
        for person in people.values():
            enable_mfa(person)  # staff need it; given to everyone, so roles alone decide
        policy = Policy(program_agency=dict(PROGRAM_AGENCY), network_admins={"network-admin"})
        for agency, name in FIRST_ADMIN.items():
            Membership.objects.create(
                organization=agencies[agency], person=people[name], role=StaffRole.ADMIN
            )
            policy.staff[(name, agency)] = ADMIN
        NetworkAdminFactory(network=network, person=people["network-admin"])
        world = cls(network, people, agencies, programs, policy)
        for slug, program in programs.items():  # the questions matching needs
            questionnaire_start(
                program=program, by=world.admin_of(PROGRAM_AGENCY[slug]), starter="professional"
            )
        for level, agency, program, audience in SPACES:
            space = space_create(
                by=people[FIRST_ADMIN[agency]] if agency else people["network-admin"],
                network=network,
                organization=agencies[agency] if agency else None,
                program=programs[program] if program else None,
                name=f"{level} {agency or ''} {program or ''} {audience}",
                audience=audience,
            )
            policy.spaces[space.pk] = Space(level, agency, program, audience)
        return world

    # -- helpers ---------------------------------------------------------------------------

    def admin_of(self, agency: str) -> Person:
        return self.people[FIRST_ADMIN[agency]]

    def enrollments_in_role(self, role: str) -> list[int]:
        return sorted(pk for pk, e in self.policy.enrollments.items() if e.role == role)

    def _name(self, person_id: int) -> str:
        return next(name for name, person in self.people.items() if person.pk == person_id)

    def _attempt(self, change: Any) -> Any:
        """Run one change in a savepoint; a refusal (DomainError) changes nothing, as in
        the app, and the model stays as it was."""
        try:
            with transaction.atomic():
                return change()
        except DomainError as refused:
            self.refusals.append(str(refused.message))
            return None

    def _sync_statuses(self) -> None:
        """Statuses move as side effects (matched, closed, ready again): the model reads them,
        as a person would read their dashboard; who sees what stays the policy's answer."""
        for row in EnrollmentRow.objects.filter(pk__in=list(self.policy.enrollments)):
            self.policy.enrollments[row.pk].status = row.status

    # -- changes ---------------------------------------------------------------------------

    def apply(self, name: str, program: str, role: str) -> None:
        person, row = self.people[name], self.programs[program]
        enrollment = self._attempt(lambda: enrollment_apply(person=person, program=row, role=role))
        if enrollment is None:
            return
        self.policy.enrollments[enrollment.pk] = Enrollment(name, program, role)
        answers = mentor_answers() if role == "mentor" else mentee_answers()
        self._attempt(lambda: profile_save(enrollment=enrollment, by=person, answers=answers))
        admin = self.admin_of(PROGRAM_AGENCY[program])
        for status in ("screening", "ready"):
            self._attempt(
                lambda status=status: enrollment_set_status(
                    enrollment=enrollment, status=status, by=admin
                )
            )
        self._sync_statuses()

    def withdraw(self, pk: int) -> None:
        row = EnrollmentRow.objects.get(pk=pk)
        self._attempt(
            lambda: enrollment_withdraw(enrollment=row, by=row.person, reason="Moving away")
        )
        self._sync_statuses()

    def give_role(self, name: str, agency: str, role: str) -> None:
        person, organization = self.people[name], self.agencies[agency]
        membership = Membership.objects.filter(organization=organization, person=person).first()
        admin = self.admin_of(agency)
        if membership is None:

            def join() -> Membership:
                invitation = invitation_create(
                    organization=organization, email=person.email, role=role, by=admin
                )
                return invitation_accept(invitation=invitation, person=person)

            changed = self._attempt(join) is not None
        else:
            changed = self._attempt(
                lambda: membership_change_role(membership=membership, role=role, by=admin) or True
            )
        if changed:
            self.policy.staff[(name, agency)] = role

    def take_role(self, name: str, agency: str) -> None:
        membership = Membership.objects.get(
            organization=self.agencies[agency], person=self.people[name]
        )
        removed = self._attempt(
            lambda: membership_remove(membership=membership, by=self.admin_of(agency)) or True
        )
        if removed:
            del self.policy.staff[(name, agency)]

    def match(self, mentee_pk: int, mentor_pk: int) -> None:
        mentee, mentor = (EnrollmentRow.objects.get(pk=pk) for pk in (mentee_pk, mentor_pk))

        def start() -> RelationshipRow | None:
            requests_send(mentee=mentee, mentor_ids=[mentor.pk], message="Hello", by=mentee.person)
            request = MentorRequest.objects.get(
                mentee=mentee, mentor=mentor, status=MentorRequest.Status.WAITING
            )
            relationship = request_accept(request=request, by=mentor.person)
            if relationship is None:
                return None
            admin = self.admin_of(PROGRAM_AGENCY[mentee.program.slug])
            agreement_waive(agreement=relationship.agreement, by=admin, reason="Met in person")
            return relationship

        relationship = self._attempt(start)
        if relationship is not None:
            conversation = Conversation.objects.filter(relationship=relationship).first()
            self.policy.relationships[relationship.pk] = Relationship(
                program=mentee.program.slug,
                mentee=self._name(mentee.person_id),
                mentor=self._name(mentor.person_id),
                mentee_enrollment=mentee.pk,
                mentor_enrollment=mentor.pk,
                conversation=conversation.pk if conversation else None,
            )
        self._sync_statuses()

    def close(self, pk: int, closer: str) -> None:
        row = RelationshipRow.objects.get(pk=pk)
        model = self.policy.relationships[pk]
        if closer == "staff":
            by, reason = self.admin_of(PROGRAM_AGENCY[model.program]), CloseReason.STAFF
        else:
            by = self.people[model.mentee if closer == "mentee" else model.mentor]
            reason = CloseReason.NO_TIME
        if self._attempt(lambda: relationship_close(relationship=row, by=by, reason=reason)):
            model.closed = True
        self._sync_statuses()

    def rematch(self, pk: int) -> None:
        row = RelationshipRow.objects.get(pk=pk)
        admin = self.admin_of(PROGRAM_AGENCY[self.policy.relationships[pk].program])
        self._attempt(lambda: rematch(relationship=row, by=admin))
        self._sync_statuses()

    def raise_concern(self, pk: int, by_mentee: bool) -> None:
        row = RelationshipRow.objects.get(pk=pk)
        model = self.policy.relationships[pk]
        reporter, about = (
            (model.mentee, model.mentor) if by_mentee else (model.mentor, model.mentee)
        )
        concern = self._attempt(
            lambda: concern_raise(
                by=self.people[reporter],
                category=Category.CONDUCT,
                description="Rude in our last conversation.",
                relationship=row,
                about=self.people[about],
            )
        )
        if concern is not None:
            self.policy.concerns[concern.pk] = Concern(
                PROGRAM_AGENCY[model.program], reporter, about
            )

    def refer(self, pk: int, program: str) -> None:
        row = EnrollmentRow.objects.select_related("program").get(pk=pk)
        source = PROGRAM_AGENCY[row.program.slug]
        referral = self._attempt(
            lambda: referral_create(
                enrollment=row,
                to_program=self.programs[program],
                shared_fields=[],
                note="She would do well there.",
                by=self.admin_of(source),
            )
        )
        if referral is not None:
            self.policy.referrals[referral.pk] = Referral(
                self.policy.enrollments[pk].person, source, PROGRAM_AGENCY[program]
            )

    def answer_referral(self, pk: int, consent: bool) -> None:
        row = ReferralRow.objects.select_related("to_program").get(pk=pk)
        model = self.policy.referrals[pk]
        if model.status == "pending":
            person = self.people[model.person]
            if self._attempt(lambda: referral_answer(referral=row, person=person, consent=consent)):
                model.status = "consented" if consent else "declined"
                row.refresh_from_db()
                if row.to_enrollment_id and row.to_enrollment_id not in self.policy.enrollments:
                    self.policy.enrollments[row.to_enrollment_id] = Enrollment(
                        model.person, row.to_program.slug, row.to_enrollment.role
                    )
        elif self._attempt(
            lambda: referral_accept(referral=row, by=self.admin_of(model.to_agency)) or True
        ):
            model.status = "accepted"
        self._sync_statuses()

    def open_circle(self) -> None:
        """Agency A's admin opens a circle of program A1's mentees led by p1 (vouched for)."""
        fields = CircleFields(
            name="Job search in health care",
            need="Job search in health care",
            sector="",
            language="en",
            description="",
            capacity=10,
        )
        circle = self._attempt(
            lambda: circle_create(
                by=self.admin_of("agency-a"),
                organization=self.agencies["agency-a"],
                program=self.programs["program-a1"],
                kind=CircleKind.MENTEES,
                fields=fields,
                leader=self.people["p1"],
                vouch=True,
            )
        )
        if circle is not None:
            self.circle = circle
            self.policy.spaces[circle.space_id] = Space(
                "program", "agency-a", "program-a1", "mentees"
            )
            self.policy.circles[circle.space_id] = CircleModel("agency-a", "program-a1", {"p1"})

    def join_circle(self, name: str) -> None:
        if self.circle is None:
            return
        circle, person = self.circle, self.people[name]
        member = self._attempt(lambda: circle_join(circle=circle, person=person))
        if member is not None and member.status == CircleMember.Status.ACTIVE:
            self.policy.circles[circle.space_id].members.add(name)

    def leave_circle(self, name: str) -> None:
        if self.circle is None:
            return
        circle, person = self.circle, self.people[name]
        if self._attempt(lambda: circle_leave(circle=circle, person=person)) is not None:
            self.policy.circles[circle.space_id].members.discard(name)

    def describe(self) -> str:
        refused = "; ".join(self.refusals[-5:]) or "nothing"
        return f"The model: {self.policy}\nThe app refused lately: {refused}"
