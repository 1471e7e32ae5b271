from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, panels
from bridgeway.programs.screening.models import ScreeningCheck, ScreeningItem, SelfAssessmentResult
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module
from tests.screening.conftest import best_answers, pass_all, worst_answers

pytestmark = pytest.mark.django_db


def _record_url(enrollment: Enrollment, item: ScreeningItem) -> str:
    return reverse("screening:check_record", args=[enrollment.pk, item.pk])


def test_the_queue_shows_progress_counts_and_filters(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    pass_all(mentor, checklist[:2], world.bob)
    client.force_login(world.bob)
    url = reverse("screening:queue", args=["agency-a"])
    response = client.get(url)
    content = response.content.decode()
    assert "Checks passed: 2 of 4" in content
    assert "Mentor (1)" in content
    assert "Mentee (1)" in content
    response = client.get(url, {"role": "mentee"})
    assert "Erin" in response.content.decode()
    assert "Frank" not in response.content.decode()
    response = client.get(url, {"q": "nobody-has-this-name"})
    assert "Nobody matches these filters." in response.content.decode()


def test_the_queue_filters_people_with_an_expired_check(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    ScreeningCheck.objects.create(
        enrollment=mentor,
        item=checklist[3],
        status="expired",
        completed_at=timezone.now() - timedelta(days=1200),
        expires_at=timezone.now() - timedelta(days=105),
    )
    client.force_login(world.bob)
    response = client.get(reverse("screening:queue", args=["agency-a"]), {"expired": "on"})
    content = response.content.decode()
    assert "Frank" in content
    assert "Erin" not in content
    assert "A check has expired" in content


def test_the_queue_keeps_its_query_count_with_more_rows(
    client: Client,
    world: SimpleNamespace,
    checklist: list[Any],
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(15):
        EnrollmentFactory(program=world.program_a, role="mentor", status="screening")
    client.force_login(world.bob)
    # 15: the page's own, and one for the header's sections (community, library).
    with django_assert_max_num_queries(15):
        client.get(reverse("screening:queue", args=["agency-a"]))


def test_a_coordinator_starts_screening_from_the_queue(
    client: Client, world: SimpleNamespace
) -> None:
    erin = Enrollment.objects.get(person=world.erin)
    client.force_login(world.bob)
    response = client.post(reverse("screening:start", args=[erin.pk]), {"next": "queue"})
    assert response["Location"] == reverse("screening:queue", args=["agency-a"])
    erin.refresh_from_db()
    assert erin.status == "screening"


def test_a_coordinator_records_checks_and_approves(
    client: Client,
    world: SimpleNamespace,
    checklist: list[Any],
    mentor: Enrollment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.bob)
    today = timezone.localdate().isoformat()
    for item in checklist:
        prefix = f"item{item.pk}"
        response = client.post(
            _record_url(mentor, item),
            {
                f"{prefix}-status": "passed",
                f"{prefix}-completed_on": today,
                f"{prefix}-note": "Spoke for 20 minutes",
            },
        )
        assert response.status_code == 302
    page = client.get(reverse("screening:enrollment", args=[mentor.pk])).content.decode()
    assert "Checks passed or waived: 4 of 4." in page
    assert "Spoke for 20 minutes" in page
    make_module(world.program_a)  # training Frank has not done yet holds him in training
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("screening:approve", args=[mentor.pk]))
    assert response["Location"] == reverse("screening:queue", args=["agency-a"])
    mentor.refresh_from_db()
    assert mentor.status == "training"
    assert len(mail.outbox) == 1


def test_a_future_date_is_named_on_the_field_and_nothing_is_saved(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    client.force_login(world.bob)
    prefix = f"item{checklist[0].pk}"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        _record_url(mentor, checklist[0]),
        {f"{prefix}-status": "passed", f"{prefix}-completed_on": tomorrow},
    )
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert f'id="id_{prefix}-completed_on_error"' in response.content.decode()
    assert not ScreeningCheck.objects.exists()


def test_approval_refused_names_what_is_missing(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    client.force_login(world.bob)
    response = client.post(reverse("screening:approve", args=[mentor.pk]), follow=True)
    assert "“Police check” is not done yet." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.status == "screening"


def test_declining_without_a_reason_names_the_field(
    client: Client, world: SimpleNamespace, mentor: Enrollment
) -> None:
    client.force_login(world.bob)
    response = client.post(reverse("screening:decline", args=[mentor.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason; the person will see it." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.status == "screening"


def test_posted_status_and_organization_change_nothing_on_a_check(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    client.force_login(world.bob)
    prefix = f"item{checklist[0].pk}"
    client.post(
        _record_url(mentor, checklist[0]),
        {
            f"{prefix}-status": "waived",
            f"{prefix}-completed_on": timezone.localdate(),
            "status": "matched",
            "organization": world.agency_b.pk,
            "checked_by": world.carol.pk,
        },
    )
    mentor.refresh_from_db()
    assert mentor.status == "screening"
    assert ScreeningCheck.objects.get().checked_by == world.bob


def test_an_admin_adds_a_check_and_sees_field_errors(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    url = reverse("screening:items", args=[world.program_a.pk])
    data = {
        "label_en": "",
        "label_fr": "Entrevue",
        "kind": "interview",
        "audience": "both",
        "valid_for_days": "0",
    }
    response = client.post(url, data)
    content = response.content.decode()
    assert "Write this text at least in English." in content
    assert "Ensure this value is greater than or equal to 1." in content
    assert not ScreeningItem.objects.exists()
    response = client.post(
        url, {**data, "label_en": "Interview", "valid_for_days": "", "required": "on"}
    )
    item = ScreeningItem.objects.get()
    assert item.label == {"en": "Interview", "fr": "Entrevue"}
    assert item.required
    assert item.valid_for_days is None


def test_a_coordinator_cannot_change_the_checklist(
    client: Client, world: SimpleNamespace, checklist: list[Any]
) -> None:
    client.force_login(world.bob)
    assert client.get(reverse("screening:items", args=[world.program_a.pk])).status_code == 404
    url = reverse("screening:item_delete", args=[world.program_a.pk, checklist[0].pk])
    assert client.post(url).status_code == 404
    assert ScreeningItem.objects.count() == 4


def test_the_admin_pages_render(
    client: Client, world: SimpleNamespace, checklist: list[Any], assessment: Any
) -> None:
    client.force_login(world.alice)
    program = world.program_a
    question = assessment.questions.first()
    for url in [
        reverse("screening:items", args=[program.pk]),
        reverse("screening:item_edit", args=[program.pk, checklist[0].pk]),
        reverse("screening:assessment", args=[program.pk]),
        reverse("screening:question_new", args=[program.pk]),
        reverse("screening:question_edit", args=[program.pk, question.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_an_admin_writes_a_question_with_its_answers(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    url = reverse("screening:question_new", args=[world.program_a.pk])
    data = {
        "text_en": "Can you meet by video?",
        "choice_1_en": "Yes",
        "points_1": "3",
        "choice_2_en": "No",
        "points_2": "",
    }
    response = client.post(url, data)
    assert "Give the points for this answer." in response.content.decode()
    response = client.post(url, {**data, "points_2": "0"})
    assert response.status_code == 302
    question = world.program_a.self_assessment.questions.get()
    assert [c.points for c in question.choices.all()] == [3, 0]


def test_a_mentor_takes_the_self_assessment_and_sees_advice(
    client: Client, world: SimpleNamespace, mentor: Enrollment, assessment: Any
) -> None:
    client.force_login(world.frank)
    url = reverse("screening:self_assessment", args=[mentor.pk])
    page = client.get(url).content.decode()
    assert "How much time can you give" in page
    data = {f"question_{q}": c for q, c in worst_answers(assessment).items()}
    data.pop(next(iter(data)))
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    assert not SelfAssessmentResult.objects.exists()
    data = {f"question_{q}": c for q, c in best_answers(assessment).items()}
    response = client.post(url, data, follow=True)
    content = response.content.decode()
    assert "Your score: 100 out of 100." in content
    assert "You have a good sense of what mentoring asks." in content


def test_a_mentee_has_no_mentor_self_assessment(
    client: Client, world: SimpleNamespace, assessment: Any
) -> None:
    erin = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    assert client.get(reverse("screening:self_assessment", args=[erin.pk])).status_code == 404


def test_the_dashboard_invites_a_mentor_then_shows_the_result(
    client: Client,
    world: SimpleNamespace,
    mentor: Enrollment,
    assessment: Any,
    checklist: list[Any],
) -> None:
    ScreeningCheck.objects.create(
        enrollment=mentor, item=checklist[0], status="passed", note="Staff only words"
    )
    client.force_login(world.frank)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Take the self-assessment for" in page
    assert "Police check" in page
    assert "Staff only words" not in page
    assessments.assessment_submit(enrollment=mentor, answers=worst_answers(assessment))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Your score: 0 out of 100." in page
    assert "Some of your answers differ" in page


def test_the_agency_page_flags_expiring_and_expired_checks(
    client: Client, world: SimpleNamespace, checklist: list[Any], mentor: Enrollment
) -> None:
    now = timezone.now()
    ScreeningCheck.objects.create(
        enrollment=mentor,
        item=checklist[3],
        status="passed",
        completed_at=now - timedelta(days=1080),
        expires_at=now + timedelta(days=15),
    )
    other = EnrollmentFactory(
        program=world.program_a,
        role="mentor",
        status="matched",
        person=PersonFactory(display_name="Olu"),
    )
    ScreeningCheck.objects.create(
        enrollment=other,
        item=checklist[3],
        status="expired",
        completed_at=now - timedelta(days=1100),
        expires_at=now - timedelta(days=5),
    )
    # The panel as the agency page shows it (rendered alone, apart from other apps' panels).
    context = panels.agency_panel(organization=world.agency_a, person=world.bob)
    page = render_to_string("screening/panels/agency.html", {"panel": context})
    assert "1 check expires in the next 30 days" in page
    assert "1 has expired" in page
    assert "in a match: renew it with them" in page
