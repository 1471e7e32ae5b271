"""REST API of Ask-an-Expert (/api/v1/community/…), scoped like the pages: the topics one may
ask about, one's own questions (ask, list, read, reply, rate), the questions routed to one as
an expert (read, answer or ask back). Published answers are resources of the library's API
(/api/v1/library/resources/?kind=answer). Another agency's id, or a
question one is neither the asker nor the routed expert of, is the same 404 as a missing one.
An anonymous asker's name is never shown to the expert. Times in UTC."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.community.experts import selectors, services
from bridgeway.community.experts.models import ExpertTopic, Question
from bridgeway.core import limits
from bridgeway.core.errors import raise_api_domain_error
from bridgeway.core.http import acting_person, id_or_404
from bridgeway.core.limits import person_key
from bridgeway.core.permissions import StaffHaveMFA
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message


class ExpertTopicSerializer(serializers.Serializer[ExpertTopic]):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    agency = serializers.CharField(source="organization.name", read_only=True)


class PostSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk", read_only=True)
    kind = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    html = serializers.SerializerMethodField()
    created_at = UTCDateTimeField(read_only=True)

    def get_html(self, post: Any) -> str:
        return render_message(post.body)


class ExpertQuestionSerializer(serializers.Serializer[Question]):
    id = serializers.IntegerField(source="pk", read_only=True)
    topic = serializers.IntegerField(write_only=True)
    topic_name = serializers.CharField(source="topic.name", read_only=True)
    title = serializers.CharField(max_length=160)
    body = serializers.CharField(max_length=20000)
    html = serializers.SerializerMethodField()
    anonymous = serializers.BooleanField(default=False)
    asker = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    expert = serializers.SerializerMethodField()
    due_at = UTCDateTimeField(read_only=True)
    first_answer_at = UTCDateTimeField(read_only=True)
    rating = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = UTCDateTimeField(read_only=True)
    client_key = serializers.CharField(max_length=64, required=False, write_only=True)

    def get_html(self, question: Question) -> str:
        return render_message(question.body)

    def get_asker(self, question: Question) -> str:
        viewer = acting_person(self.context["request"])
        return selectors.asker_label(question=question, viewer=viewer)

    def get_expert(self, question: Question) -> str | None:
        return question.expert.name if question.expert else None


class QuestionDetailSerializer(ExpertQuestionSerializer):
    posts = serializers.SerializerMethodField()

    @extend_schema(responses=PostSerializer(many=True))
    def get_posts(self, question: Question) -> list[dict[str, Any]]:
        return PostSerializer(selectors.posts_of(question=question), many=True).data  # type: ignore[return-value]


class ExpertPostSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)
    asks_back = serializers.BooleanField(
        default=False, help_text="True for a question back to the asker instead of an answer."
    )
    client_key = serializers.CharField(max_length=64, required=False)


class QuestionReplySerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)
    client_key = serializers.CharField(max_length=64, required=False)


class RatingSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TopicListView(generics.ListAPIView[ExpertTopic]):
    """The topics you may ask an expert about."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ExpertTopicSerializer

    def get_queryset(self) -> QuerySet[ExpertTopic]:
        return selectors.topics_askable(person=acting_person(self.request))


class MyQuestionsView(generics.ListCreateAPIView[Question]):
    """Your questions to experts, the most recently active first; ask a new one."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ExpertQuestionSerializer

    def get_queryset(self) -> QuerySet[Question]:
        return selectors.questions_of_asker(person=acting_person(self.request))

    def perform_create(self, serializer: serializers.BaseSerializer[Question]) -> None:
        person = acting_person(self.request)
        data = serializer.validated_data
        topic = selectors.topics_askable(person=person).filter(pk=data["topic"]).first()
        if topic is None:
            raise serializers.ValidationError(
                {"topic": ["Choose one of the topics you may ask about."]}
            )
        try:
            limits.hit("question", who=person_key(person))
            serializer.instance = services.question_ask(
                by=person,
                topic=topic,
                title=data["title"],
                body=data["body"],
                anonymous=data["anonymous"],
                client_key=data.get("client_key", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)


class ExpertQuestionsView(generics.ListAPIView[Question]):
    """The questions routed to you as an expert, unanswered first."""

    permission_classes = [StaffHaveMFA]
    serializer_class = ExpertQuestionSerializer

    def get_queryset(self) -> QuerySet[Question]:
        return selectors.questions_of_expert(person=acting_person(self.request))


def _question(request: Request, pk: str) -> Question:
    return selectors.question_get_for_participant(
        person=acting_person(request), question_id=id_or_404(pk)
    )


def _detail(request: Request, question: Question, code: int = status.HTTP_200_OK) -> Response:
    fresh = _question(request, str(question.pk))
    return Response(QuestionDetailSerializer(fresh, context={"request": request}).data, status=code)


class QuestionDetailView(APIView):
    """A question with its answers and replies: for its asker and its routed expert."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(responses=QuestionDetailSerializer)
    def get(self, request: Request, pk: str) -> Response:
        return _detail(request, _question(request, pk))


class AnswerView(APIView):
    """As the routed expert: answer the question, or ask the asker something back."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=ExpertPostSerializer, responses=QuestionDetailSerializer)
    def post(self, request: Request, pk: str) -> Response:
        person = acting_person(request)
        question = _question(request, pk)
        if not selectors.is_routed_expert(person=person, question=question):
            raise_api_domain_error(
                DomainError("Only the expert the question is routed to can answer it.")
            )
        serializer = ExpertPostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.expert_post(
                question=question,
                by=person,
                body=data["body"],
                asks_back=data["asks_back"],
                client_key=data.get("client_key", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _detail(request, question, status.HTTP_201_CREATED)


class ReplyView(APIView):
    """As the asker: add to your question, or answer the expert's question back."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=QuestionReplySerializer, responses=QuestionDetailSerializer)
    def post(self, request: Request, pk: str) -> Response:
        question = _question(request, pk)
        serializer = QuestionReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.asker_reply(
                question=question,
                by=acting_person(request),
                body=serializer.validated_data["body"],
                client_key=serializer.validated_data.get("client_key", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _detail(request, question, status.HTTP_201_CREATED)


class RatingView(APIView):
    """As the asker: rate the expert's answer from 1 to 5, with an optional comment."""

    permission_classes = [StaffHaveMFA]

    @extend_schema(request=RatingSerializer, responses=QuestionDetailSerializer)
    def put(self, request: Request, pk: str) -> Response:
        question = _question(request, pk)
        serializer = RatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.question_rate(
                question=question,
                by=acting_person(request),
                rating=serializer.validated_data["rating"],
                comment=serializer.validated_data.get("comment", ""),
            )
        except DomainError as error:
            raise_api_domain_error(error)
        return _detail(request, question)
