"""Vendors (建材商家): each with its deposit (paid, refunded, kept, held), agreement and
booth; the deposit ledger; the orders customers place with them on site (a vendor's own
login sees and records its own vendor's orders only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors, services
from ..models import DepositEntry, Vendor, VendorOrder
from ..permissions import Perm

MONEY = {"max_digits": 12, "decimal_places": 2}
ID = {"min_value": 1, "max_value": 2**63 - 1}


class VendorSerializer(serializers.ModelSerializer):
    login = serializers.IntegerField(source="user_id", allow_null=True)
    paid = serializers.DecimalField(**MONEY)
    refunded = serializers.DecimalField(**MONEY)
    kept = serializers.DecimalField(**MONEY)
    held = serializers.DecimalField(**MONEY)
    orders_total = serializers.DecimalField(**MONEY)

    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "contact",
            "booth",
            "deposit_due",
            "paid",
            "refunded",
            "kept",
            "held",
            "orders_total",
            "agreement_signed_on",
            "agreement_file",
            "login",
        ]
        read_only_fields = fields


class VendorInputSerializer(serializers.Serializer):
    """JSON, or multipart with the scanned agreement. `login`: the user id of a member
    who records this vendor's orders (and sees only them)."""

    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    booth = serializers.CharField(max_length=30, required=False, allow_blank=True)
    deposit_due = AmountSerializerField(required=False)
    agreement_signed_on = serializers.DateField(required=False, allow_null=True)
    agreement_file = serializers.FileField(required=False, allow_null=True)
    login = serializers.IntegerField(**ID, required=False, allow_null=True)


class VendorUpdateSerializer(VendorInputSerializer):
    name = serializers.CharField(max_length=100, required=False)


def _vendor_data(request, data):
    values = dict(data.validated_data)
    if "login" in values:
        login = values.pop("login")
        values["user"] = (
            selectors.member_users_chosen(request.organization, [login], "login")[0]
            if login is not None
            else None
        )
    return values


class VendorListAPI(OrgAPIView):
    """The event's vendors with their deposits; POST adds one."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(VendorSerializer),
        operation_id="v1_events_vendors_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.vendors_of(request.organization, event), VendorSerializer
        )

    @extend_schema(
        request={
            "application/json": VendorInputSerializer,
            "multipart/form-data": VendorInputSerializer,
        },
        responses={201: VendorSerializer},
        tags=["events"],
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = VendorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_save(
            organization=request.organization, event=event, data=_vendor_data(request, data)
        )
        vendor = selectors.vendor_detail(request.organization, event, vendor.pk)
        return Response(
            VendorSerializer(vendor, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class VendorDetailAPI(OrgAPIView):
    """One vendor with its deposit; PATCH changes it."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "patch", "options"]

    @extend_schema(responses=VendorSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_detail(request.organization, event, vendor_id)
        return Response(VendorSerializer(vendor, context={"request": request}).data)

    @extend_schema(
        request={
            "application/json": VendorUpdateSerializer,
            "multipart/form-data": VendorUpdateSerializer,
        },
        responses={200: VendorSerializer},
        tags=["events"],
    )
    def patch(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_get(request.organization, event, vendor_id)
        data = VendorUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.vendor_save(
            organization=request.organization,
            event=event,
            vendor=vendor,
            data=_vendor_data(request, data),
        )
        vendor = selectors.vendor_detail(request.organization, event, vendor.pk)
        return Response(VendorSerializer(vendor, context={"request": request}).data)


# -- the deposit ledger ----------------------------------------------------------------------


class DepositEntrySerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name")
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = DepositEntry
        fields = ["id", "vendor", "vendor_name", "kind", "amount", "reason", "at", "by"]
        read_only_fields = fields


class DepositInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DepositEntry.Kind.choices)
    amount = AmountSerializerField(positive=True)
    reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Needed when kept"
    )


class DepositLedgerAPI(OrgAPIView):
    """The event's deposit ledger: every movement of every vendor's deposit, oldest first."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(DepositEntrySerializer),
        operation_id="v1_events_deposits_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.deposit_ledger(request.organization, event), DepositEntrySerializer
        )


class VendorDepositAPI(OrgAPIView):
    """A vendor's deposit movements; POST records one (refunds and kept amounts never
    pass what is held; keeping needs the reason)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(DepositEntrySerializer, "PaginatedVendorDepositEntryList"),
        operation_id="v1_events_vendors_deposits_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_get(request.organization, event, vendor_id)
        entries = selectors.deposit_ledger(request.organization, event, vendor=vendor)
        return paginated_response(request, entries, DepositEntrySerializer)

    @extend_schema(
        request=DepositInputSerializer, responses={201: DepositEntrySerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_get(request.organization, event, vendor_id)
        data = DepositInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.deposit_record(
            organization=request.organization,
            vendor=vendor,
            actor=request.user,
            **data.validated_data,
        )
        return Response(DepositEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


# -- orders ----------------------------------------------------------------------------------


class VendorOrderSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")

    class Meta:
        model = VendorOrder
        fields = ["id", "vendor", "guest", "guest_name", "guest_mobile", "items", "amount"]
        read_only_fields = fields


class VendorOrderInputSerializer(serializers.Serializer):
    guest = serializers.IntegerField(**ID)
    items = serializers.CharField(max_length=500)
    amount = AmountSerializerField(positive=True)


class VendorOrderListAPI(OrgAPIView):
    """A vendor's orders, newest first; POST records one a customer placed on site."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(VendorOrderSerializer),
        operation_id="v1_events_vendors_orders_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_get(request.organization, event, vendor_id)
        orders = selectors.vendor_orders_visible(request.organization, event, vendor, request.user)
        return paginated_response(request, orders, VendorOrderSerializer)

    @extend_schema(
        request=VendorOrderInputSerializer, responses={201: VendorOrderSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, vendor_id):
        event = selectors.event_get(request.organization, event_id)
        vendor = selectors.vendor_get(request.organization, event, vendor_id)
        data = VendorOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guest = selectors.guest_chosen(request.organization, event, values.pop("guest"))
        order = services.vendor_order_record(
            organization=request.organization,
            vendor=vendor,
            guest=guest,
            actor=request.user,
            acting_vendor=selectors.vendor_of_user(request.organization, event, request.user),
            **values,
        )
        return Response(VendorOrderSerializer(order).data, status=status.HTTP_201_CREATED)
