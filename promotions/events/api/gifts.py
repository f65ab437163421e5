"""Telecom Day's gifts as stock (add, order, receive, issue one against a guest and a
reason, return) and the birthday gift by resident ID (check, give; only the masked ID is
ever answered)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors
from ..models import BirthdayGift, GiftItem, GiftMovement
from ..permissions import Perm
from ..selectors import telecom_gifts as telecom_selectors
from ..services import birthday, gift_stock

ID = {"min_value": 1, "max_value": 2**63 - 1}


class GiftSerializer(serializers.ModelSerializer):
    left = serializers.IntegerField(help_text="In hand: received − issued + returned")

    class Meta:
        model = GiftItem
        fields = [
            "id",
            "name",
            "kind",
            "prize",
            "ordered",
            "ordered_on",
            "received",
            "issued",
            "returned",
            "left",
        ]
        read_only_fields = fields


class GiftInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=GiftItem.Kind.choices, required=False)
    prize = serializers.IntegerField(
        **ID, required=False, allow_null=True, help_text="A wheel prize this gift stands for"
    )


class QuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)
    ordered_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MovementSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name", default=None)
    guest_mobile = serializers.CharField(source="guest.masked_mobile", default=None)
    by = serializers.CharField(source="by.username", default=None)
    # Receipts and orders have no reason: "" then.
    reason = serializers.ChoiceField(choices=GiftMovement.Reason.choices, allow_blank=True)

    class Meta:
        model = GiftMovement
        fields = [
            "id",
            "kind",
            "quantity",
            "guest",
            "guest_name",
            "guest_mobile",
            "reason",
            "note",
            "returns",
            "at",
            "by",
        ]
        read_only_fields = fields


class IssueInputSerializer(serializers.Serializer):
    guest = serializers.IntegerField(**ID)
    reason = serializers.ChoiceField(choices=GiftMovement.Reason.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReturnInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


def _gift_input(request, event):
    data = GiftInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    prize_id = values.pop("prize", None)
    prize = None
    if prize_id is not None:
        prize = telecom_selectors.prize_chosen(request.organization, event, prize_id)
    return values, prize


class GiftListAPI(OrgAPIView):
    """The event's gifts with their stock (what is left); POST adds one (managers)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(GiftSerializer),
        operation_id="v1_events_gifts_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, telecom_selectors.gifts_of(request.organization, event), GiftSerializer
        )

    @extend_schema(request=GiftInputSerializer, responses={201: GiftSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        values, prize = _gift_input(request, event)
        item = gift_stock.gift_save(
            organization=request.organization, event=event, prize=prize, **values
        )
        item = telecom_selectors.gift_get(request.organization, event, item.pk)
        return Response(GiftSerializer(item).data, status=status.HTTP_201_CREATED)


class GiftDetailAPI(OrgAPIView):
    """One gift; PUT renames it or changes its kind or wheel prize (managers)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=GiftSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, gift_id):
        event = selectors.event_get(request.organization, event_id)
        item = telecom_selectors.gift_get(request.organization, event, gift_id)
        return Response(GiftSerializer(item).data)

    @extend_schema(request=GiftInputSerializer, responses={200: GiftSerializer}, tags=["events"])
    def put(self, request, org_slug, event_id, gift_id):
        event = selectors.event_get(request.organization, event_id)
        item = telecom_selectors.gift_get(request.organization, event, gift_id)
        values, prize = _gift_input(request, event)
        gift_stock.gift_save(
            organization=request.organization, event=event, item=item, prize=prize, **values
        )
        item = telecom_selectors.gift_get(request.organization, event, item.pk)
        return Response(GiftSerializer(item).data)


class GiftOrderAPI(OrgAPIView):
    """Record an order (T−10) of `quantity` of this gift (managers)."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(request=QuantitySerializer, responses={200: GiftSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, gift_id):
        event = selectors.event_get(request.organization, event_id)
        item = telecom_selectors.gift_get(request.organization, event, gift_id)
        data = QuantitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.apply(request, item, data.validated_data)
        item = telecom_selectors.gift_get(request.organization, event, item.pk)
        return Response(GiftSerializer(item).data)

    def apply(self, request, item, values):
        gift_stock.gift_order(
            organization=request.organization, item=item, actor=request.user, **values
        )


class GiftReceiveAPI(GiftOrderAPI):
    """Record a delivery of `quantity` of this gift: in stock (managers)."""

    def apply(self, request, item, values):
        values.pop("ordered_on", None)
        gift_stock.gift_receive(
            organization=request.organization, item=item, actor=request.user, **values
        )


class GiftMovementListAPI(OrgAPIView):
    """The gift's ledger, newest first; POST issues one to a guest for a reason (the
    desks). Out of stock: 400."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(MovementSerializer),
        operation_id="v1_events_gifts_movements_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, gift_id):
        event = selectors.event_get(request.organization, event_id)
        item = telecom_selectors.gift_get(request.organization, event, gift_id)
        return paginated_response(
            request,
            telecom_selectors.gift_movements(request.organization, item),
            MovementSerializer,
        )

    @extend_schema(
        request=IssueInputSerializer, responses={201: MovementSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, gift_id):
        event = selectors.event_get(request.organization, event_id)
        item = telecom_selectors.gift_get(request.organization, event, gift_id)
        data = IssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guest = selectors.guest_chosen(request.organization, event, values.pop("guest"))
        movement = gift_stock.gift_issue(
            organization=request.organization,
            item=item,
            guest=guest,
            actor=request.user,
            **values,
        )
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)


class GiftReturnAPI(OrgAPIView):
    """A guest gives an issued gift back: in hand again (once per issue)."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(
        request=ReturnInputSerializer, responses={201: MovementSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, movement_id):
        event = selectors.event_get(request.organization, event_id)
        issue = telecom_selectors.issue_get(request.organization, event, movement_id)
        data = ReturnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        movement = gift_stock.gift_return(
            organization=request.organization,
            issue=issue,
            actor=request.user,
            **data.validated_data,
        )
        return Response(MovementSerializer(movement).data, status=status.HTTP_201_CREATED)


class BirthdayInputSerializer(serializers.Serializer):
    id_number = serializers.CharField(
        max_length=40, help_text="18-digit resident ID number; never stored, never answered"
    )
    guest = serializers.IntegerField(**ID, required=False, allow_null=True)
    desk = serializers.CharField(max_length=40, required=False, allow_blank=True)


class BirthdayCheckSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    id_masked = serializers.CharField()


class BirthdayGiftSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name", default=None)
    given_by = serializers.CharField(source="given_by.username", default=None)

    class Meta:
        model = BirthdayGift
        fields = ["id", "id_masked", "guest", "guest_name", "desk", "given_at", "given_by"]
        read_only_fields = fields


class BirthdayGiftListAPI(OrgAPIView):
    """Birthday gifts given (masked IDs only); POST gives one: the ID is validated (check
    digit, date, region), born on the event's month and day, and not used at this event
    (else 400 on `id_number`, a repeat saying when and at which desk)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(BirthdayGiftSerializer),
        operation_id="v1_events_birthday_gifts_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request,
            telecom_selectors.birthday_gifts_of(request.organization, event),
            BirthdayGiftSerializer,
        )

    @extend_schema(
        request=BirthdayInputSerializer, responses={201: BirthdayGiftSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = BirthdayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guest_id = values.pop("guest", None)
        guest = None
        if guest_id is not None:
            guest = selectors.guest_chosen(request.organization, event, guest_id)
        gift = birthday.birthday_give(
            organization=request.organization,
            event=event,
            guest=guest,
            actor=request.user,
            **values,
        )
        return Response(BirthdayGiftSerializer(gift).data, status=status.HTTP_201_CREATED)


class BirthdayCheckAPI(OrgAPIView):
    """Check an ID without giving anything: 200 eligible with the masked ID, or 400 saying
    why not (invalid, not the birthday, already used: when and at which desk)."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(
        request=BirthdayInputSerializer, responses={200: BirthdayCheckSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = BirthdayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        masked = birthday.birthday_check(
            organization=request.organization,
            event=event,
            id_number=data.validated_data["id_number"],
        )
        return Response({"eligible": True, "id_masked": masked})
