"""The demo's mentoring group: Prairie's Enterprise Ability circle led by Kwame, under way,
with a member who joined later and signed, a monthly answer that asks for help (so the group
is on the coordinator's list), a staff contact, and a mentee who left and waits for another
group at her place. Written through the services, once (a second run finds it)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN, _person
from bridgeway.demo.rich import _answers
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.profiles import profile_save
from bridgeway.programs.waitlist import waitlist_sync
from bridgeway.relationships.groups import checkins, membership, services
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup

NEWCOMERS = [
    ("mentee.amara", "Amara Diallo", "fr", ["fr", "wo", "en"], "CA", "America/Winnipeg", []),
    ("mentee.tomas", "Tomás Rivera", "en", ["es", "en"], "CA", "America/Winnipeg", ["captions"]),
    ("mentee.leila", "Leila Nasser", "en", ["ar", "en"], "CA", "America/Regina", []),
    ("mentee.ben", "Ben Okoro", "en", ["en", "yo"], "CA", "America/Winnipeg", ["plain_language"]),
]


@transaction.atomic
def demo_groups() -> None:
    program = Program.objects.get(slug="enterprise-ability")
    if MentoringGroup.objects.filter(program=program).exists():
        return
    staff = Person.objects.get(email=f"prairie.coordinator@{DEMO_DOMAIN}")
    kwame = Enrollment.objects.get(program=program, person__email=f"mentor.kwame@{DEMO_DOMAIN}")
    mentees = {}
    rng = random.Random(7)
    for row in NEWCOMERS:
        enrollment, created = Enrollment.objects.get_or_create(
            program=program,
            person=_person(*row),
            role="mentee",
            defaults={"status": EnrollmentStatus.READY},
        )
        if created and program.questions.exists():
            # Their profile, as anyone ready to be matched has (a mentee who leaves the group
            # goes back to "ready", which needs it).
            answers = _answers(program, enrollment.person, "mentee", rng)
            profile_save(enrollment=enrollment, by=enrollment.person, answers=answers)
        waitlist_sync(enrollment=enrollment)
        mentees[row[0]] = enrollment
    group = services.group_form(
        program=program,
        name="Launch circle",
        mentor_ids=[kwame.pk],
        mentee_ids=[mentees[k].pk for k in ("mentee.amara", "mentee.tomas", "mentee.leila")],
        by=staff,
    )
    services.agreement_waive(
        agreement=group.agreement, by=staff, reason="Signed on paper at the first session."
    )
    group.refresh_from_db()
    ben = membership.member_add(group=group, enrollment_id=mentees["mentee.ben"].pk, by=staff)
    services.agreement_sign(agreement=group.agreement, by=ben.enrollment.person, typed_name="Ben")
    tomas = mentees["mentee.tomas"].person
    checkins.check_in_submit(
        group=group,
        by=tomas,
        kind="pulse",
        round=timezone.now().strftime("%Y-%m"),
        score=2,
        needs_help=True,
        comment="The captions on the video calls often fail; I miss half of it.",
    )
    checkins.staff_contact_add(
        group=group,
        by=staff,
        note="Called Tomás: we will try another video service with live captions.",
    )
    leila = GroupMember.objects.get(group=group, enrollment=mentees["mentee.leila"])
    membership.member_leave(
        group=group,
        member=leila,
        by=leila.enrollment.person,
        reason="not_fit",
        wants_another=True,
    )
