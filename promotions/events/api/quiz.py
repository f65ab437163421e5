"""Telecom Day's quiz and lucky wheel: the questions (managers write them), wheels (a prize
pool plus the spins a right answer earns; prizes, sealing, revealing and verifying go
through the pools' endpoints), and each guest's turn: ask, answer, spin, hand over."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors
from ..models import QuizQuestion, Spin, Wheel
from ..permissions import Perm
from ..selectors import telecom_gifts as telecom_selectors
from ..services import quiz

ID = {"min_value": 1, "max_value": 2**63 - 1}


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizQuestion
        fields = ["id", "text", "choices", "answer", "active"]
        read_only_fields = fields


class QuestionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=2, max_length=6
    )
    answer = serializers.IntegerField(min_value=0, max_value=5, help_text="0-based index")
    active = serializers.BooleanField(required=False, default=True)


class QuestionListAPI(OrgAPIView):
    """The quiz's questions with their answers (the desks see them to check); POST adds
    one (managers)."""

    required_permission = Perm.WORK_DESK
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(QuestionSerializer),
        operation_id="v1_events_quiz_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, telecom_selectors.questions_of(request.organization, event), QuestionSerializer
        )

    @extend_schema(
        request=QuestionInputSerializer, responses={201: QuestionSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = QuestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = quiz.question_save(
            organization=request.organization, event=event, **data.validated_data
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailAPI(OrgAPIView):
    required_permission = Perm.WORK_DESK
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=QuestionSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, quiz_question_id):
        event = selectors.event_get(request.organization, event_id)
        question = telecom_selectors.question_get(request.organization, event, quiz_question_id)
        return Response(QuestionSerializer(question).data)

    @extend_schema(
        request=QuestionInputSerializer, responses={200: QuestionSerializer}, tags=["events"]
    )
    def put(self, request, org_slug, event_id, quiz_question_id):
        event = selectors.event_get(request.organization, event_id)
        question = telecom_selectors.question_get(request.organization, event, quiz_question_id)
        data = QuestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = quiz.question_save(
            organization=request.organization,
            event=event,
            question=question,
            **data.validated_data,
        )
        return Response(QuestionSerializer(question).data)


class WheelSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="pool.name")
    pool = serializers.IntegerField(source="pool_id", help_text="Its prize pool (prizes, seal)")
    spins = serializers.IntegerField(source="spins.size", help_text="Spins it gives in all")
    spins_earned = serializers.IntegerField(source="spins.taken")
    sealed_at = serializers.DateTimeField(source="pool.sealed_at")
    seed_sha256 = serializers.CharField(source="pool.seed_sha256")
    draws_made = serializers.IntegerField(source="pool.draws_made")

    class Meta:
        model = Wheel
        fields = [
            "id",
            "name",
            "pool",
            "spins",
            "spins_earned",
            "sealed_at",
            "seed_sha256",
            "draws_made",
        ]
        read_only_fields = fields


class WheelInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    spins = serializers.IntegerField(min_value=1, max_value=1_000_000)
    no_prize_weight = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, help_text='"Thank you" slots'
    )


class WheelListAPI(OrgAPIView):
    """The event's lucky wheels; POST makes one (managers): then add its prizes and seal
    it through /pools/<pool>/."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(WheelSerializer),
        operation_id="v1_events_wheels_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, telecom_selectors.wheels_of(request.organization, event), WheelSerializer
        )

    @extend_schema(request=WheelInputSerializer, responses={201: WheelSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = WheelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wheel = quiz.wheel_create(
            organization=request.organization, event=event, **data.validated_data
        )
        wheel = telecom_selectors.wheel_get(request.organization, event, wheel.pk)
        return Response(WheelSerializer(wheel).data, status=status.HTTP_201_CREATED)


class SpinSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name")
    question_text = serializers.CharField(source="question.text", default=None)
    choices = serializers.JSONField(source="question.choices", default=None)
    prize = serializers.IntegerField(source="draw.prize_id", default=None)
    prize_name = serializers.CharField(source="draw.prize.name", default=None)
    draw_number = serializers.IntegerField(source="draw.number", default=None)
    handed_over_at = serializers.DateTimeField(source="draw.handed_over_at", default=None)

    class Meta:
        model = Spin
        fields = [
            "id",
            "guest",
            "guest_name",
            "question",
            "question_text",
            "choices",
            "asked_at",
            "correct",
            "answered_at",
            "draw",
            "draw_number",
            "prize",
            "prize_name",
            "handed_over_at",
        ]
        read_only_fields = fields


class SpinAskSerializer(serializers.Serializer):
    guest = serializers.IntegerField(**ID)


class SpinAnswerSerializer(serializers.Serializer):
    answer = serializers.IntegerField(min_value=0, max_value=5, help_text="0-based choice")


class SpinListAPI(OrgAPIView):
    """The wheel's turns; POST asks a guest a question (their turn, one per wheel)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(SpinSerializer),
        operation_id="v1_events_wheels_spins_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, wheel_id):
        event = selectors.event_get(request.organization, event_id)
        wheel = telecom_selectors.wheel_get(request.organization, event, wheel_id)
        return paginated_response(
            request, telecom_selectors.spins_of(request.organization, wheel), SpinSerializer
        )

    @extend_schema(request=SpinAskSerializer, responses={201: SpinSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, wheel_id):
        event = selectors.event_get(request.organization, event_id)
        wheel = telecom_selectors.wheel_get(request.organization, event, wheel_id)
        data = SpinAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest = selectors.guest_chosen(request.organization, event, data.validated_data["guest"])
        spin = quiz.spin_ask(
            organization=request.organization, wheel=wheel, guest=guest, actor=request.user
        )
        spin = telecom_selectors.spin_get(request.organization, wheel, spin.pk)
        return Response(SpinSerializer(spin).data, status=status.HTTP_201_CREATED)


class _SpinStepAPI(OrgAPIView):
    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    def _spin(self, request, event_id, wheel_id, spin_id):
        event = selectors.event_get(request.organization, event_id)
        wheel = telecom_selectors.wheel_get(request.organization, event, wheel_id)
        return wheel, telecom_selectors.spin_get(request.organization, wheel, spin_id)


class SpinAnswerAPI(_SpinStepAPI):
    """The guest's answer: right earns the spin; wrong, ask again; refused once the spin
    is used."""

    @extend_schema(request=SpinAnswerSerializer, responses={200: SpinSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, wheel_id, spin_id):
        wheel, spin = self._spin(request, event_id, wheel_id, spin_id)
        data = SpinAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quiz.spin_answer(
            organization=request.organization,
            spin=spin,
            actor=request.user,
            answer=data.validated_data["answer"],
        )
        return Response(
            SpinSerializer(telecom_selectors.spin_get(request.organization, wheel, spin.pk)).data
        )


class SpinDrawAPI(_SpinStepAPI):
    """Spin: the prize (or "thank you") drawn from the sealed pool; once."""

    @extend_schema(request=None, responses={200: SpinSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, wheel_id, spin_id):
        wheel, spin = self._spin(request, event_id, wheel_id, spin_id)
        quiz.spin_draw(organization=request.organization, spin=spin, actor=request.user)
        return Response(
            SpinSerializer(telecom_selectors.spin_get(request.organization, wheel, spin.pk)).data
        )


class SpinHandOverAPI(_SpinStepAPI):
    """The prize is handed over (once), taken from its gift's stock."""

    @extend_schema(request=None, responses={200: SpinSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, wheel_id, spin_id):
        wheel, spin = self._spin(request, event_id, wheel_id, spin_id)
        quiz.spin_hand_over(organization=request.organization, spin=spin, actor=request.user)
        return Response(
            SpinSerializer(telecom_selectors.spin_get(request.organization, wheel, spin.pk)).data
        )
