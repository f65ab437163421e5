"""Signings: record one (every offer applied by rule, each step of the amount shown),
correct it (with the `version` read: a stale one answers 409 with what is stored now),
void it; one signing with its history and the first-N places it earned."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors, services
from ..models import Signing
from ..permissions import Perm
from ..rules import offers
from .events import DiscountFields

MONEY = {"max_digits": 12, "decimal_places": 2}


def _step_label(step):
    labels = {
        "total": lambda: _("Contract total"),
        "discount": lambda: (
            _("Signing discount %(zhe)s") % {"zhe": offers.zhe_label(step.get("zhe", "10"))}
        ),
        "card": lambda: _("51 card"),
        "voucher": lambda: _("Group-purchase voucher"),
        "due": lambda: _("Amount due"),
    }
    return labels.get(step.get("code"), lambda: step.get("code", ""))()


class SigningStepSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="total, discount, card, voucher, due")
    label = serializers.SerializerMethodField()
    amount = serializers.DecimalField(**MONEY)

    def get_label(self, step) -> str:
        return _step_label(step)


class SigningSerializer(DiscountFields, serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")
    community = serializers.CharField(source="guest.community")
    card = serializers.CharField(source="card.number", default=None)
    steps = SigningStepSerializer(
        many=True, help_text="The amount due, step by step (fen, half up)"
    )

    class Meta:
        model = Signing
        fields = [
            "id",
            "guest",
            "guest_name",
            "guest_mobile",
            "community",
            "designer",
            "contract_total",
            "signed_on",
            "discount_zhe",
            "discount_percent_off",
            "discount_label",
            "card",
            "card_deduction",
            "group_voucher",
            "amount_due",
            "steps",
            "signed_at",
            "voided_at",
            "void_reason",
            "version",
        ]
        read_only_fields = fields


class SigningChangeSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="signed, corrected, regrouped, voided")
    before = serializers.DictField()
    after = serializers.DictField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by.username", default=None)


class SigningPlaceSerializer(serializers.Serializer):
    offer = serializers.CharField(source="quota.name")
    number = serializers.IntegerField()
    voided_at = serializers.DateTimeField(allow_null=True)


class SigningDetailSerializer(SigningSerializer):
    history = SigningChangeSerializer(many=True, read_only=True)
    places = SigningPlaceSerializer(many=True, read_only=True)

    class Meta(SigningSerializer.Meta):
        fields = [*SigningSerializer.Meta.fields, "history", "places"]
        read_only_fields = fields


def _signing_detail(request, signing):
    for key, value in selectors.signing_detail(request.organization, signing).items():
        setattr(signing, key, value)
    return SigningDetailSerializer(signing).data


TOTAL_HELP = (
    "Yuan, at most two decimals; more than 0 and at most the organization's bound of a "
    "contract (default 10,000,000: no decoration contract reaches it; docs/money.md)."
)


class SigningInputSerializer(serializers.Serializer):
    """Parses; the signing's rules (the total's limits, the card, the day) are the
    service's."""

    guest = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    contract_total = AmountSerializerField(positive=True, help_text=TOTAL_HELP)
    designer = serializers.CharField(max_length=60, required=False, allow_blank=True)
    card_number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="The customer's 51 card"
    )
    signed_on = serializers.DateField(required=False, help_text="Default: today")


class SigningCorrectSerializer(serializers.Serializer):
    """A correction: the `version` read, and what changes (`card_number` "" removes the
    card; left out, it stays)."""

    version = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    contract_total = AmountSerializerField(positive=True, required=False, help_text=TOTAL_HELP)
    designer = serializers.CharField(max_length=60, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=30, required=False, allow_blank=True)


class SigningVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class SigningListAPI(OrgAPIView):
    """The event's signings in the order they were recorded (voided ones included);
    POST records one."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(SigningSerializer),
        operation_id="v1_events_signings_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.signings_of(request.organization, event), SigningSerializer
        )

    @extend_schema(
        request=SigningInputSerializer, responses={201: SigningDetailSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = SigningInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guest = selectors.guest_chosen(request.organization, event, values.pop("guest"))
        signing = services.signing_record(
            organization=request.organization,
            event=event,
            guest=guest,
            actor=request.user,
            **values,
        )
        return Response(_signing_detail(request, signing), status=status.HTTP_201_CREATED)


class SigningDetailAPI(OrgAPIView):
    """One signing with its steps, history and places; PATCH corrects it."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK
    http_method_names = ["get", "patch", "options"]

    @extend_schema(responses=SigningDetailSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, signing_id):
        event = selectors.event_get(request.organization, event_id)
        signing = selectors.signing_get(request.organization, event, signing_id)
        return Response(_signing_detail(request, signing))

    @extend_schema(
        request=SigningCorrectSerializer,
        responses={200: SigningDetailSerializer},
        description="409 when the signing changed since `version` was read: `detail` and "
        "`current` (what is stored now).",
        tags=["events"],
    )
    def patch(self, request, org_slug, event_id, signing_id):
        event = selectors.event_get(request.organization, event_id)
        signing = selectors.signing_get(request.organization, event, signing_id)
        data = SigningCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        signing = services.signing_correct(
            organization=request.organization,
            signing=signing,
            version=values.pop("version"),
            contract_total=values.pop("contract_total", signing.contract_total),
            actor=request.user,
            **values,
        )
        return Response(_signing_detail(request, signing))


class SigningVoidAPI(OrgAPIView):
    """Void a signing, with the reason: its card is free again, its community's vouchers
    follow, its places go back only where the offer says so."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(
        request=SigningVoidSerializer, responses={200: SigningDetailSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, signing_id):
        event = selectors.event_get(request.organization, event_id)
        signing = selectors.signing_get(request.organization, event, signing_id)
        data = SigningVoidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signing = services.signing_void(
            organization=request.organization,
            signing=signing,
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(_signing_detail(request, signing))
