"""Events, their settings and offers, the agenda, the dashboard and the lead channels."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors, services
from ..models import AgendaItem, Event, LeadChannel, Quota
from ..permissions import Perm
from ..rules import offers

MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE_INT = {"min_value": 0, "max_value": 2_147_483_647}
ZHE_SCHEMA = {"type": "string", "format": "decimal", "example": "9.5"}


@extend_schema_field(ZHE_SCHEMA)
class ZheField(serializers.Field):
    """The signing discount written as 折: 9.5 = the customer pays 95 %; 10 = none. Read
    as people write it ("9.5", "9.5折", "95折", "5%"), answered as a number ("9.5")."""

    default_error_messages = {
        "invalid": _(
            "Write the discount as 折 between 1 and 10, e.g. 9.5 (the customer pays 95 %), "
            "or as a percentage off, e.g. 5%."
        )
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        zhe = offers.parse_zhe(str(data)[:20])
        if zhe is None:
            self.fail("invalid")
        return zhe

    def to_representation(self, value):
        return format(Decimal(value).normalize(), "f")


class DiscountFields(serializers.Serializer):
    """The discount both ways: as 折 and as a percentage off."""

    discount_zhe = ZheField(read_only=True)
    discount_percent_off = serializers.SerializerMethodField()
    discount_label = serializers.SerializerMethodField()

    @extend_schema_field(ZHE_SCHEMA)
    def get_discount_percent_off(self, obj):
        return format(offers.percent_off(obj.discount_zhe), "f")

    def get_discount_label(self, obj) -> str:
        return offers.zhe_label(obj.discount_zhe)


class EventDaySerializer(DiscountFields, serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "plan",
            "plan_title",
            "kind",
            "date",
            "last_day",
            "ends_at",
            "venue",
            "target_attendance",
            "card_price",
            "card_gift_value",
            "card_deduction",
            "discount_zhe",
            "discount_percent_off",
            "discount_label",
            "group_voucher_value",
            "group_min_size",
            "group_scope",
            "created_at",
        ]
        read_only_fields = fields


class PrizeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    stock = serializers.IntegerField()
    taken = serializers.IntegerField()
    left = serializers.IntegerField()
    weight = serializers.IntegerField()
    value = serializers.DecimalField(**MONEY)


class PoolSerializer(serializers.Serializer):
    """`seed` stays null until the seed is revealed; `seed_sha256` is published at the seal."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    no_prize_weight = serializers.IntegerField()
    seed_sha256 = serializers.CharField()
    seed = serializers.SerializerMethodField()
    sealed_at = serializers.DateTimeField(allow_null=True)
    revealed_at = serializers.DateTimeField(allow_null=True)
    draws_made = serializers.IntegerField()
    verify_code = serializers.CharField()
    prizes = PrizeSerializer(many=True)
    left = serializers.IntegerField()

    def get_seed(self, pool) -> str | None:
        return pool.seed if pool.revealed_at is not None else None


class OfferSerializer(serializers.ModelSerializer):
    left = serializers.SerializerMethodField()

    class Meta:
        model = Quota
        fields = [
            "id",
            "name",
            "size",
            "taken",
            "left",
            "trigger",
            "value",
            "pool",
            "returns_on_void",
        ]
        read_only_fields = fields

    def get_left(self, quota) -> int:
        return quota.size - quota.taken


class EventAttendanceSerializer(serializers.Serializer):
    checked_in = serializers.IntegerField()
    target = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class EventDayDetailSerializer(EventDaySerializer):
    attendance = EventAttendanceSerializer(read_only=True)
    pools = PoolSerializer(many=True, read_only=True)
    offers = OfferSerializer(many=True, read_only=True)

    class Meta(EventDaySerializer.Meta):
        fields = [*EventDaySerializer.Meta.fields, "attendance", "pools", "offers"]
        read_only_fields = fields


def _event_detail(request, event):
    overview = selectors.event_overview(request.organization, event)
    for key, value in overview.items():
        setattr(event, key, value)
    return EventDayDetailSerializer(event).data


class EventCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    date = serializers.DateField()
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    target_attendance = serializers.IntegerField(required=False, **POSITIVE_INT)
    ends_at = serializers.TimeField(required=False)


class EventUpdateSerializer(serializers.Serializer):
    """Any of the settings; a moved day moves the plan's timeline."""

    date = serializers.DateField(required=False)
    last_day = serializers.DateField(required=False)
    ends_at = serializers.TimeField(required=False)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    target_attendance = serializers.IntegerField(required=False, **POSITIVE_INT)
    card_price = AmountSerializerField(required=False, allow_null=True)
    card_gift_value = AmountSerializerField(required=False)
    card_deduction = AmountSerializerField(required=False)
    discount_zhe = ZheField(required=False)
    group_voucher_value = AmountSerializerField(required=False)
    group_min_size = serializers.IntegerField(required=False, min_value=2, max_value=32767)
    group_scope = serializers.ChoiceField(choices=Event.GroupScope.choices, required=False)


class EventListAPI(OrgAPIView):
    """Events, newest first; POST starts one from a decoration or Telecom Day plan."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(EventDaySerializer),
        operation_id="v1_events_list",
        tags=["events"],
    )
    def get(self, request, org_slug):
        return paginated_response(
            request, selectors.events_of(request.organization), EventDaySerializer
        )

    @extend_schema(
        request=EventCreateSerializer, responses={201: EventDayDetailSerializer}, tags=["events"]
    )
    def post(self, request, org_slug):
        data = EventCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["plan"] = selectors.plan_chosen(request.organization, values["plan"])
        event = services.event_start(organization=request.organization, **values)
        return Response(_event_detail(request, event), status=status.HTTP_201_CREATED)


class EventDetailAPI(OrgAPIView):
    """One event with its attendance, prize pools (each with its seal's SHA-256) and
    first-N offers; PATCH changes its settings."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "patch", "options"]

    @extend_schema(responses=EventDayDetailSerializer, tags=["events"])
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return Response(_event_detail(request, event))

    @extend_schema(
        request=EventUpdateSerializer, responses={200: EventDayDetailSerializer}, tags=["events"]
    )
    def patch(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = EventUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_update(
            organization=request.organization, event=event, data=dict(data.validated_data)
        )
        return Response(_event_detail(request, event))


# -- the dashboard ---------------------------------------------------------------------------


class ChannelRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    leads = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    signed = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True, help_text="% of leads who signed")
    cost = serializers.DecimalField(**MONEY, allow_null=True)
    cost_per_lead = serializers.DecimalField(**MONEY, allow_null=True)


class PlaceCostSerializer(serializers.Serializer):
    name = serializers.CharField()
    given = serializers.IntegerField()
    size = serializers.IntegerField()
    cost = serializers.DecimalField(**MONEY)


class FollowUpProgressSerializer(serializers.Serializer):
    assignee_id = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    contacted = serializers.IntegerField()
    closed = serializers.IntegerField()
    signed = serializers.IntegerField()
    open = serializers.IntegerField()


class EventDashboardSerializer(serializers.Serializer):
    attendance = EventAttendanceSerializer()
    leads = serializers.IntegerField()
    by_channel = ChannelRowSerializer(many=True)
    signings = serializers.IntegerField()
    contracts_total = serializers.DecimalField(**MONEY)
    amount_due_total = serializers.DecimalField(**MONEY)
    offers = inline_serializer(
        "EventOfferCosts",
        {
            "discount": serializers.DecimalField(**MONEY),
            "cards": serializers.DecimalField(**MONEY),
            "vouchers": serializers.DecimalField(**MONEY),
            "card_gifts": serializers.DecimalField(**MONEY),
            "places": PlaceCostSerializer(many=True),
        },
    )
    cards_sold = serializers.IntegerField()
    pools = PoolSerializer(many=True)
    followups = FollowUpProgressSerializer(many=True)


class EventDashboardAPI(OrgAPIView):
    required_permission = Perm.VIEW_EVENTS

    @extend_schema(responses=EventDashboardSerializer, tags=["events"])
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return Response(
            EventDashboardSerializer(selectors.event_dashboard(request.organization, event)).data
        )


class LeadChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadChannel
        fields = ["id", "name", "position", "active"]
        read_only_fields = fields


class LeadChannelListAPI(OrgAPIView):
    """The organization's lead channels (a guest's `channel` is one of these ids)."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(LeadChannelSerializer),
        operation_id="v1_events_channels_list",
        tags=["events"],
    )
    def get(self, request, org_slug):
        channels = selectors.lead_channels(request.organization, active_only=False)
        return paginated_response(request, channels, LeadChannelSerializer)


# -- first-N offers and their places -------------------------------------------------------


class OfferInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    size = serializers.IntegerField(min_value=1, max_value=2_147_483_647)
    value = AmountSerializerField(required=False)
    pool = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    returns_on_void = serializers.BooleanField(required=False)


def _offer_values(request, event, data):
    values = dict(data.validated_data)
    pool_id = values.pop("pool", None)
    values["pool"] = (
        selectors.pool_chosen(request.organization, event, pool_id) if pool_id else None
    )
    return values


class OfferListAPI(OrgAPIView):
    """The event's first-N offers ("the first 30 signers smash a golden egg"): places
    given and left; POST adds one."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(OfferSerializer),
        operation_id="v1_events_offers_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.quotas_of(request.organization, event), OfferSerializer
        )

    @extend_schema(request=OfferInputSerializer, responses={201: OfferSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = OfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quota = services.quota_save(
            organization=request.organization, event=event, **_offer_values(request, event, data)
        )
        return Response(OfferSerializer(quota).data, status=status.HTTP_201_CREATED)


class OfferDetailAPI(OrgAPIView):
    """One offer; PUT changes it (its size never below the places given)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=OfferSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, quota_id):
        event = selectors.event_get(request.organization, event_id)
        quota = selectors.quota_get(request.organization, event, quota_id)
        return Response(OfferSerializer(quota).data)

    @extend_schema(request=OfferInputSerializer, responses={200: OfferSerializer}, tags=["events"])
    def put(self, request, org_slug, event_id, quota_id):
        event = selectors.event_get(request.organization, event_id)
        quota = selectors.quota_get(request.organization, event, quota_id)
        data = OfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quota = services.quota_save(
            organization=request.organization,
            event=event,
            quota=quota,
            **_offer_values(request, event, data),
        )
        return Response(OfferSerializer(quota).data)


class OfferPlaceSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    offer = serializers.CharField(source="quota.name")
    guest = serializers.IntegerField(source="guest_id")
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")
    signing = serializers.IntegerField(source="signing_id", allow_null=True)
    taken_at = serializers.DateTimeField()
    voided_at = serializers.DateTimeField(allow_null=True)


class OfferPlacesAPI(OrgAPIView):
    """Who holds which place of an offer, by number (places given back are kept, voided)."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(OfferPlaceSerializer),
        operation_id="v1_events_offers_places_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, quota_id):
        event = selectors.event_get(request.organization, event_id)
        quota = selectors.quota_get(request.organization, event, quota_id)
        return paginated_response(
            request, selectors.places_of_quota(request.organization, quota), OfferPlaceSerializer
        )


# -- the agenda ------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "limit_minutes", "note", "started_at", "ended_at"]
        read_only_fields = fields


class AgendaItemInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    limit_minutes = serializers.IntegerField(
        min_value=1, max_value=32767, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AgendaListAPI(OrgAPIView):
    """The programme in its running order; POST adds an item at the end."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(AgendaItemSerializer),
        operation_id="v1_events_agenda_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.agenda_of(request.organization, event), AgendaItemSerializer
        )

    @extend_schema(
        request=AgendaItemInputSerializer, responses={201: AgendaItemSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = AgendaItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.agenda_item_save(
            organization=request.organization, event=event, **data.validated_data
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemStartAPI(OrgAPIView):
    """The host starts an item (the one running ends now)."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]
    apply = staticmethod(services.agenda_item_start)

    @extend_schema(request=None, responses={200: AgendaItemSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, agenda_item_id):
        event = selectors.event_get(request.organization, event_id)
        item = selectors.agenda_item_get(request.organization, event, agenda_item_id)
        item = self.apply(organization=request.organization, item=item)
        return Response(AgendaItemSerializer(item).data)


class AgendaItemEndAPI(AgendaItemStartAPI):
    """The host ends the running item; its actual times stay for the review."""

    apply = staticmethod(services.agenda_item_end)
