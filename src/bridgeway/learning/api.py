"""REST API for training progress, scoped exactly like the pages: the enrolled person reads and
records their own progress; staff of the program's agency read it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.permissions import StaffHaveMFA
from bridgeway.core.errors import api_domain_error
from bridgeway.core.http import acting_person
from bridgeway.core.services import DomainError
from bridgeway.learning import quizzes, selectors
from bridgeway.learning.progress import lesson_complete
from bridgeway.learning.selectors import ModuleProgress, TrainingProgress
from bridgeway.programs.selectors import enrollment_get_for_person, enrollment_get_for_reader

MAX_ID = 2**63 - 1


class TrainingLessonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Plain text; paragraphs are separated by empty lines.")
    video_url = serializers.CharField(allow_blank=True)
    discussion = serializers.CharField(allow_blank=True)
    done = serializers.BooleanField()


class TrainingChoiceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()


class TrainingQuestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    choose_all_that_apply = serializers.BooleanField()
    choices = TrainingChoiceSerializer(many=True)


class TrainingModuleProgressSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    audience = serializers.CharField()
    required_for_matching = serializers.BooleanField()
    pass_mark = serializers.IntegerField()
    lessons_total = serializers.IntegerField()
    lessons_done = serializers.IntegerField()
    quiz_passed = serializers.BooleanField()
    complete = serializers.BooleanField()
    lessons = TrainingLessonSerializer(many=True)
    questions = TrainingQuestionSerializer(many=True)


class TrainingProgressSerializer(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField()
    program = serializers.IntegerField()
    role = serializers.CharField()
    status = serializers.CharField()
    training_required = serializers.BooleanField()
    modules_total = serializers.IntegerField()
    modules_complete = serializers.IntegerField()
    complete = serializers.BooleanField(help_text="Every required module is complete.")
    modules = TrainingModuleProgressSerializer(many=True)


class TrainingLessonCompletionSerializer(serializers.Serializer[Any]):
    lesson = serializers.IntegerField()
    module_complete = serializers.BooleanField()
    became_ready = serializers.BooleanField()
    status = serializers.CharField()


class TrainingAnswerSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=20,
    )


class TrainingQuizSubmissionSerializer(serializers.Serializer[Any]):
    answers = TrainingAnswerSerializer(many=True, allow_empty=False, max_length=200)  # type: ignore[call-arg]
    submission_key = serializers.UUIDField(
        required=False,
        help_text="Send the same key again when retrying: the attempt is then stored once.",
    )


class TrainingQuestionResultSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField()
    right = serializers.BooleanField()
    correct_choices = serializers.ListField(child=serializers.IntegerField())


class TrainingQuizAttemptSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    module = serializers.IntegerField()
    score = serializers.IntegerField(help_text="Out of 100.")
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    became_ready = serializers.BooleanField()
    results = TrainingQuestionResultSerializer(many=True)


def _module_data(progress: ModuleProgress) -> dict[str, Any]:
    module = progress.module
    lessons = module.lessons.order_by("order", "pk")
    return {
        "id": module.pk,
        "title": module.title_text,
        "summary": module.summary_text,
        "audience": module.audience,
        "required_for_matching": module.required,
        "pass_mark": module.pass_mark,
        "lessons_total": progress.lessons_total,
        "lessons_done": progress.lessons_done,
        "quiz_passed": progress.passed,
        "complete": progress.complete,
        "lessons": [
            {
                "id": lesson.pk,
                "kind": lesson.kind,
                "title": lesson.title_text,
                "body": lesson.body_text,
                "video_url": lesson.video_url,
                "discussion": lesson.discussion_text,
                "done": lesson.pk in progress.done_lesson_ids,
            }
            for lesson in lessons
        ],
        "questions": [
            {
                "id": question.pk,
                "text": question.question_text,
                "choose_all_that_apply": sum(c.is_correct for c in question.choices.all()) > 1,
                "choices": [{"id": c.pk, "text": c.answer_text} for c in question.choices.all()],
            }
            for question in selectors.quiz_questions(module=module)
        ],
    }


def _progress_data(progress: TrainingProgress) -> dict[str, Any]:
    enrollment = progress.enrollment
    return {
        "enrollment": enrollment.pk,
        "program": enrollment.program_id,
        "role": enrollment.role,
        "status": enrollment.status,
        "training_required": enrollment.program.training_required,
        "modules_total": progress.total,
        "modules_complete": progress.completed,
        "complete": progress.is_complete,
        "modules": [_module_data(module) for module in progress.modules],
    }


class TrainingProgressView(APIView):
    """Training modules of an enrollment with the person's progress, lessons and quiz
    questions (without the right answers)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=TrainingProgressSerializer)
    def get(self, request: Request, pk: int) -> Response:
        enrollment = enrollment_get_for_reader(person=acting_person(request), enrollment_id=pk)
        progress = selectors.training_progress(enrollment=enrollment)
        return Response(TrainingProgressSerializer(_progress_data(progress)).data)


class LessonCompleteView(APIView):
    """Mark a lesson of your own enrollment as done (again is harmless)."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=None, responses=TrainingLessonCompletionSerializer)
    def post(self, request: Request, pk: int, lesson_pk: int) -> Response:
        enrollment = enrollment_get_for_person(person=acting_person(request), enrollment_id=pk)
        lesson = selectors.lesson_get_for_enrollment(enrollment=enrollment, lesson_id=lesson_pk)
        try:
            step = lesson_complete(enrollment=enrollment, lesson=lesson)
        except DomainError as error:
            raise api_domain_error(error) from None
        enrollment.refresh_from_db(fields=["status"])
        data = {
            "lesson": lesson.pk,
            "module_complete": step.module_complete,
            "became_ready": step.became_ready,
            "status": enrollment.status,
        }
        return Response(TrainingLessonCompletionSerializer(data).data)


class QuizAttemptView(APIView):
    """Submit the quiz of a module of your own enrollment: every question, with the ids of the
    chosen answers. Answers the score and whether it passed."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(
        request=TrainingQuizSubmissionSerializer, responses={201: TrainingQuizAttemptSerializer}
    )
    def post(self, request: Request, pk: int, module_pk: int) -> Response:
        enrollment = enrollment_get_for_person(person=acting_person(request), enrollment_id=pk)
        module = selectors.module_get_for_enrollment(enrollment=enrollment, module_id=module_pk)
        serializer = TrainingQuizSubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answers = {
            answer["question"]: answer["choices"] for answer in serializer.validated_data["answers"]
        }
        try:
            result = quizzes.quiz_submit(
                enrollment=enrollment,
                module=module,
                answers=answers,
                submission_key=serializer.validated_data.get("submission_key"),
            )
        except DomainError as error:
            raise api_domain_error(error) from None
        attempt = result.attempt
        results = []
        for question in selectors.quiz_questions(module=module):
            correct = sorted(c.pk for c in question.choices.all() if c.is_correct)
            chosen = sorted(attempt.answers.get(str(question.pk), []))
            results.append(
                {"question": question.pk, "right": chosen == correct, "correct_choices": correct}
            )
        data = {
            "id": attempt.pk,
            "module": module.pk,
            "score": attempt.score,
            "pass_mark": module.pass_mark,
            "passed": attempt.passed,
            "created_at": attempt.created_at,
            "became_ready": result.became_ready,
            "results": results,
        }
        return Response(TrainingQuizAttemptSerializer(data).data, status=status.HTTP_201_CREATED)
