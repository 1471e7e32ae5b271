"""Browser tests for training: a mentor of the demo network finishes the mentor orientation with
the keyboard alone, fails the quiz once, retakes it and becomes ready to be matched; an agency
admin builds training. axe-core finds no violation on any training page at 1280 and 320 px."""

from __future__ import annotations

from typing import Any

import pytest

from bridgeway.accounts.models import Person
from bridgeway.learning import services
from bridgeway.learning.models import TrainingModule
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from tests.e2e.browser import DESKTOP, PHONE, axe_violations, describe_violations, email, sign_in

pytestmark = pytest.mark.e2e

SUBMIT = "main form button[type=submit]"


def _problems(page: Any, name: str) -> list[str]:
    """axe at both widths, and nothing wider than a 320 px phone."""
    found = []
    for width, viewport in (("1280 px", DESKTOP), ("320 px", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            found.append(f"{name} at {width} ({page.url}):\n{describe_violations(violations)}")
        if viewport is PHONE:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"]:
                found.append(f"{name} at 320 px ({page.url}): the page is {scroll_width} px wide")
    page.set_viewport_size(DESKTOP)
    return found


def _tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until the element has focus: proof that the keyboard reaches it."""
    target = page.locator(selector).first.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return
    raise AssertionError(f"Tab never reaches {selector} on {page.url}")


def _activate(page: Any, selector: str) -> None:
    """Reach a link or button with Tab and press Enter, then wait for the next page."""
    _tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _answer_with_keyboard(page: Any, module: TrainingModule, right: bool) -> None:
    """Choose every answer with Tab, arrow keys and Space, in question order."""
    page.locator("main h1").focus()
    for question in module.questions.order_by("order", "pk"):
        choices = list(question.choices.order_by("order", "pk"))
        wanted = [c for c in choices if c.is_correct == right]
        name = f"question_{question.pk}"
        if sum(c.is_correct for c in choices) > 1:  # checkboxes: each is a tab stop
            for choice in wanted if right else wanted[:1]:
                _tab_to(page, f"input[name={name}][value='{choice.pk}']")
                page.keyboard.press("Space")
        else:  # radios: Tab enters the group, arrows choose
            _tab_to(page, f"input[name={name}]")
            index = choices.index(wanted[0])
            for _ in range(index):
                page.keyboard.press("ArrowDown")
            if index == 0:
                page.keyboard.press("Space")
            assert page.locator(f"input[name={name}][value='{wanted[0].pk}']").is_checked()


@pytest.fixture
def hosts_with_training(demo: dict[str, Any]) -> TrainingModule:
    """The demo's hosting program with the default mentor orientation and a video lesson."""
    program = Program.objects.get(slug="welcome-hosts")
    admin = Person.objects.get(email=email("maple.admin"))
    module = services.orientation_copy(program=program, by=admin, audience="mentor")
    services.lesson_create(
        module=module,
        by=admin,
        kind="video",
        title={"en": "A word from our coordinator", "fr": "Un mot de notre coordonnatrice"},
        body={
            "en": "Transcript: welcome, and thank you for volunteering.",
            "fr": "Transcription : bienvenue et merci de votre engagement bénévole.",
        },
        video_url="https://video.example.org/welcome",
    )
    return module


def test_a_mentor_completes_training_with_the_keyboard_and_becomes_ready(
    hosts_with_training: TrainingModule, new_page: Any
) -> None:
    module = hosts_with_training
    enrollment = Enrollment.objects.get(
        program=module.program, person__email=email("mentor.sophie")
    )
    assert enrollment.status == EnrollmentStatus.TRAINING
    page = new_page()
    sign_in(page, email("mentor.sophie"))
    found: list[str] = []

    page.goto("/dashboard/")
    found += _problems(page, "dashboard with training progress")
    _activate(page, f"#enrollment-{enrollment.pk} .training-panel a")
    assert f"/modules/{module.pk}/" in page.url
    found += _problems(page, "module page")

    _activate(page, "main a.button")
    seen_kinds: set[str] = set()
    while "/lessons/" in page.url:
        kind = page.locator("main .meta").first.inner_text().split(" · ")[-1]
        if kind not in seen_kinds:
            seen_kinds.add(kind)
            found += _problems(page, f"lesson page ({kind})")
        _activate(page, SUBMIT)
    assert "/quiz/" in page.url, page.url
    assert len(seen_kinds) == 4  # reading, etiquette, scenario, video

    found += _problems(page, "quiz")
    _activate(page, SUBMIT)
    assert page.locator(".error").count() == 5
    found += _problems(page, "quiz with errors")

    _answer_with_keyboard(page, module, right=False)
    _activate(page, SUBMIT)
    assert "/results/" in page.url
    found += _problems(page, "failed quiz result")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.TRAINING

    _activate(page, "main a.button")  # take the quiz again
    _answer_with_keyboard(page, module, right=True)
    _activate(page, SUBMIT)
    assert page.locator("[data-ready-to-match]").count() >= 1
    found += _problems(page, "passed quiz result")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.READY

    page.goto("/learn/")
    assert page.locator("[data-ready-to-match]").count() == 1
    found += _problems(page, "my training")
    assert not found, "\n".join(found)


def test_an_admin_builds_training_on_accessible_pages(
    hosts_with_training: TrainingModule, new_page: Any
) -> None:
    module = hosts_with_training
    program = module.program
    lesson = module.lessons.get(kind="video")
    question = module.questions.order_by("order").first()
    base = f"/manage/programs/{program.pk}/training"
    page = new_page()
    sign_in(page, email("maple.admin"))
    found: list[str] = []
    visits = [
        ("agency overview with the training panel", "/manage/maple/"),
        ("training modules", f"{base}/"),
        ("training progress", f"{base}/progress/"),
        ("new module", f"{base}/new/"),
        ("module editor", f"{base}/{module.pk}/"),
        ("new lesson", f"{base}/{module.pk}/lessons/new/"),
        ("video lesson editor", f"{base}/{module.pk}/lessons/{lesson.pk}/"),
        ("new quiz question", f"{base}/{module.pk}/questions/new/"),
        ("quiz question editor", f"{base}/{module.pk}/questions/{question.pk}/"),
        ("delete a module", f"{base}/{module.pk}/delete/"),
    ]
    for name, path in visits:
        response = page.goto(path)
        assert response.status == 200, f"{name}: {response.status}"
        found += _problems(page, name)

    page.goto(f"{base}/new/")
    page.locator("[name=title_fr]").fill("Seulement en français")
    page.locator("#id_pass_mark").fill("150")
    page.locator(SUBMIT).first.click()
    page.wait_for_load_state()
    assert page.locator(".error").count() == 2
    found += _problems(page, "new module with errors")

    page.goto(f"{base}/{module.pk}/lessons/new/")
    page.locator("#id_kind").select_option("video")
    page.locator("[name=title_en]").fill("Video")
    page.locator("#id_video_url").fill("http://video.example.org/insecure")
    page.locator(SUBMIT).first.click()
    page.wait_for_load_state()
    assert page.locator(".error").count() >= 1
    found += _problems(page, "new lesson with errors")

    page.goto(f"{base}/{module.pk}/questions/new/")
    page.locator("[name=text_en]").fill("Which?")
    page.locator("[name=choice_1_en]").fill("A")
    page.locator("[name=choice_2_en]").fill("B")
    page.locator(SUBMIT).first.click()
    page.wait_for_load_state()
    assert page.locator(".error").count() == 1
    found += _problems(page, "new question with errors")
    assert not found, "\n".join(found)
