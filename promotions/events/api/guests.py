"""Guests: register (a known mobile is found, not duplicated), the list (masked
mobiles), one guest, the guest-list import (dry run, then commit), check-in at the door,
the customer information form; and 51 cards (sell, the gift)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from campaigns.roles import can

from .. import selectors, services
from ..models import Card, CustomerProfile, Guest
from ..permissions import Perm

MONEY = {"max_digits": 12, "decimal_places": 2}
ID = {"min_value": 1, "max_value": 2**63 - 1}


class GuestSerializer(serializers.ModelSerializer):
    mobile = serializers.CharField(source="masked_mobile", help_text="Masked: 139****0001")
    channel_name = serializers.CharField(source="channel.name", default=None)

    class Meta:
        model = Guest
        fields = [
            "id",
            "mobile",
            "name",
            "community",
            "channel",
            "channel_name",
            "invited_by",
            "notes",
            "code",
            "checked_in_at",
            "created_at",
        ]
        read_only_fields = fields


class GuestPlaceSerializer(serializers.Serializer):
    offer = serializers.CharField(source="quota.name")
    number = serializers.IntegerField()


class GuestCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    gift_collected_at = serializers.DateTimeField(allow_null=True)


class GuestDetailSerializer(GuestSerializer):
    mobile_full = serializers.SerializerMethodField(
        help_text="The whole number, for the desk roles only (null for the others)."
    )
    places = GuestPlaceSerializer(many=True, read_only=True)
    cards = GuestCardSerializer(many=True, read_only=True)

    class Meta(GuestSerializer.Meta):
        fields = [*GuestSerializer.Meta.fields, "mobile_full", "places", "cards"]
        read_only_fields = fields

    def get_mobile_full(self, guest) -> str | None:
        return guest.mobile if self.context.get("show_mobile") else None


def _guest_detail(request, guest):
    for key, value in selectors.guest_detail(request.organization, guest).items():
        setattr(guest, key, value)
    show = can(request.membership.role, Perm.WORK_DESK)
    return GuestDetailSerializer(guest, context={"show_mobile": show}).data


class GuestInputSerializer(serializers.Serializer):
    """A desk's entry: the mobile first, the rest optional. `channel`: a lead channel id;
    `invited_by`: the user id of the staff member who invited the guest."""

    mobile = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    community = serializers.CharField(max_length=100, required=False, allow_blank=True)
    channel = serializers.IntegerField(**ID, required=False, allow_null=True)
    invited_by = serializers.IntegerField(**ID, required=False, allow_null=True)
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)


class GuestUpdateSerializer(GuestInputSerializer):
    mobile = None  # one guest per mobile: a different mobile is a different guest


def _choices(request, values):
    """The chosen channel and inviter (ids in the body) as rows of this organization."""
    organization = request.organization
    if values.get("channel") is not None:
        values["channel"] = selectors.lead_channel_chosen(organization, values["channel"])
    if values.get("invited_by") is not None:
        values["invited_by"] = selectors.member_users_chosen(
            organization, [values["invited_by"]], "invited_by"
        )[0]
    return values


class GuestQuerySerializer(serializers.Serializer):
    search = serializers.CharField(max_length=60, required=False, allow_blank=True)


class GuestListAPI(OrgAPIView):
    """The event's guests, newest first (`search`: part of the mobile, name or community);
    POST registers one: 201 with `created: true`, or 200 with the guest already
    registered with this mobile (nothing of it changed) and `created: false`."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=[GuestQuerySerializer, *PAGE_PARAMETERS],
        responses=paginated_schema(GuestSerializer),
        operation_id="v1_events_guests_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        query = GuestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        guests = selectors.guests_of(
            request.organization, event, search=query.validated_data.get("search", "")
        )
        return paginated_response(request, guests, GuestSerializer)

    @extend_schema(
        request=GuestInputSerializer,
        responses={
            201: inline_serializer(
                "GuestRegistered",
                {"created": serializers.BooleanField(), "guest": GuestDetailSerializer()},
            ),
            200: inline_serializer(
                "GuestFound",
                {"created": serializers.BooleanField(), "guest": GuestDetailSerializer()},
            ),
        },
        tags=["events"],
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = GuestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest, created = services.guest_register(
            organization=request.organization,
            event=event,
            actor=request.user,
            **_choices(request, dict(data.validated_data)),
        )
        return Response(
            {"created": created, "guest": _guest_detail(request, guest)},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class GuestDetailAPI(OrgAPIView):
    """One guest with the places they hold and their cards; the whole mobile for the desk
    roles. PATCH changes anything but the mobile."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK
    http_method_names = ["get", "patch", "options"]

    @extend_schema(responses=GuestDetailSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, guest_id):
        event = selectors.event_get(request.organization, event_id)
        guest = selectors.guest_get(request.organization, event, guest_id)
        return Response(_guest_detail(request, guest))

    @extend_schema(
        request=GuestUpdateSerializer, responses={200: GuestDetailSerializer}, tags=["events"]
    )
    def patch(self, request, org_slug, event_id, guest_id):
        event = selectors.event_get(request.organization, event_id)
        guest = selectors.guest_get(request.organization, event, guest_id)
        data = GuestUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest = services.guest_update(
            organization=request.organization,
            guest=guest,
            data=_choices(request, dict(data.validated_data)),
        )
        return Response(_guest_detail(request, guest))


# -- the guest-list import -------------------------------------------------------------------


class GuestImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8 or GBK) or Excel (.xlsx)")
    commit = serializers.BooleanField(
        default=False, help_text="false: a dry run (nothing stored); true: store the valid rows"
    )


class GuestImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class GuestImportSerializer(serializers.Serializer):
    """An uploaded guest list: its job's state, then what the import did (`commit`) or
    would do (a dry run), the bad rows by line."""

    id = serializers.IntegerField()
    original_name = serializers.CharField()
    commit = serializers.BooleanField(help_text="true: the valid rows are (being) registered")
    created_at = serializers.DateTimeField()
    job_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["queued", "running", "done", "failed"],
        help_text="The job's status",
    )
    waiting = serializers.BooleanField(
        help_text="Queued, waiting for another import of this organization to finish"
    )
    state = serializers.CharField(help_text="The job's state as the user reads it")
    error = serializers.CharField(help_text="Why the job failed, or why the file was refused")
    committed = serializers.BooleanField(allow_null=True)
    new = serializers.IntegerField(allow_null=True, help_text="Rows registered (or to be)")
    found = serializers.IntegerField(
        allow_null=True, help_text="Rows whose mobile is already registered"
    )
    bad = serializers.IntegerField(allow_null=True, help_text="Rows left out")
    errors = GuestImportErrorSerializer(
        many=True, help_text="Rows left out, by line (the first 1,000)"
    )


def guest_import_data(guest_import):
    job, report = guest_import.job, guest_import.report or {}
    return GuestImportSerializer(
        {
            "id": guest_import.pk,
            "original_name": guest_import.original_name,
            "commit": guest_import.commit,
            "created_at": guest_import.created_at,
            "job_id": job.pk if job else None,
            "status": job.status if job else "failed",
            "waiting": bool(job and job.status == job.Status.QUEUED and job.waiting_since),
            "state": str(job.state_label) if job else "",
            "error": (job.error if job and job.status == job.Status.FAILED else "")
            or report.get("refused", ""),
            "committed": report.get("committed"),
            "new": report.get("new"),
            "found": report.get("found"),
            "bad": report.get("bad"),
            "errors": report.get("errors", []),
        }
    ).data


class GuestImportAPI(OrgAPIView):
    """Upload a guest list (multipart `file`): without `commit` a dry run saying what
    would happen, row by row; with `commit` the valid rows are registered (bad rows are
    left out and reported by line either way). The file is read by a background job:
    202 with the import; GET it (`guests/imports/{id}/`) until its status is done."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(
        request={"multipart/form-data": GuestImportInputSerializer},
        responses={202: GuestImportSerializer},
        tags=["events"],
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = GuestImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest_import = services.guest_import_start(
            organization=request.organization,
            event=event,
            upload=data.validated_data["file"],
            actor=request.user,
            commit=data.validated_data["commit"],
        )
        # (in-process, without a broker, the job has run by now)
        guest_import = selectors.guest_import_get(request.organization, event, guest_import.pk)
        return Response(guest_import_data(guest_import), status=status.HTTP_202_ACCEPTED)


class GuestImportDetailAPI(OrgAPIView):
    """One guest list import: its job's state, then its report."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["get", "options"]

    @extend_schema(responses={200: GuestImportSerializer}, tags=["events"])
    def get(self, request, org_slug, event_id, guest_import_id):
        event = selectors.event_get(request.organization, event_id)
        guest_import = selectors.guest_import_get(request.organization, event, guest_import_id)
        return Response(guest_import_data(guest_import))


class GuestImportCommitAPI(OrgAPIView):
    """Register the valid rows of a checked guest list (a dry run that finished): a job
    on the stored file, 202; 400 when it is not a finished check or was imported."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={202: GuestImportSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, guest_import_id):
        event = selectors.event_get(request.organization, event_id)
        guest_import = selectors.guest_import_get(request.organization, event, guest_import_id)
        services.guest_import_commit(
            organization=request.organization, guest_import=guest_import, actor=request.user
        )
        guest_import = selectors.guest_import_get(request.organization, event, guest_import_id)
        return Response(guest_import_data(guest_import), status=status.HTTP_202_ACCEPTED)


# -- check-in --------------------------------------------------------------------------------


class CheckInInputSerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=40, required=False, allow_blank=True)
    code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="The invitation code (QR)"
    )
    walk_in = serializers.BooleanField(
        default=False, help_text="Register an unknown mobile on the spot (channel: walk-in)"
    )

    def validate(self, attrs):
        if not attrs.get("mobile", "").strip() and not attrs.get("code", "").strip():
            raise serializers.ValidationError(
                {"mobile": [_("Give the guest's mobile or invitation code.")]}
            )
        return attrs


class CheckInSerializer(serializers.Serializer):
    already = serializers.BooleanField(help_text="The guest had checked in before")
    first_at = serializers.DateTimeField(allow_null=True, help_text="When, if so")
    registered = serializers.BooleanField(help_text="A walk-in registered at the door")
    guest = GuestSerializer()


class CheckInAPI(OrgAPIView):
    """Check a guest in by mobile or invitation code, once. Checking in again is not an
    error at the door: 200 with `already: true` and the first time."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(
        request=CheckInInputSerializer, responses={200: CheckInSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        check_in = services.guest_check_in(
            organization=request.organization,
            event=event,
            actor=request.user,
            **data.validated_data,
        )
        return Response(
            CheckInSerializer(
                {
                    "already": check_in.already,
                    "first_at": check_in.first_at,
                    "registered": check_in.registered,
                    "guest": check_in.guest,
                }
            ).data
        )


# -- the customer information form (客户资料表) ----------------------------------------------


class CustomerProfileSerializer(serializers.ModelSerializer):
    area = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("10000"),
        required=False,
        allow_null=True,
    )
    budget = AmountSerializerField(required=False, allow_null=True)

    class Meta:
        model = CustomerProfile
        fields = [
            "house_type",
            "area",
            "budget",
            "style",
            "preferred_start",
            "designer",
            "notes",
            "updated_at",
        ]
        extra_kwargs = {
            **{
                name: {"required": False}
                for name in ("house_type", "style", "preferred_start", "designer", "notes")
            },
            # null until the form is first saved (an empty profile is not stored)
            "updated_at": {"read_only": True, "allow_null": True},
        }


class GuestProfileAPI(OrgAPIView):
    """The designer's form for a guest (empty until filled in); PUT fills in the fields
    given."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=CustomerProfileSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, guest_id):
        event = selectors.event_get(request.organization, event_id)
        guest = selectors.guest_get(request.organization, event, guest_id)
        return Response(
            CustomerProfileSerializer(selectors.profile_of(request.organization, guest)).data
        )

    @extend_schema(
        request=CustomerProfileSerializer,
        responses={200: CustomerProfileSerializer},
        tags=["events"],
    )
    def put(self, request, org_slug, event_id, guest_id):
        event = selectors.event_get(request.organization, event_id)
        guest = selectors.guest_get(request.organization, event, guest_id)
        data = CustomerProfileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.profile_save(
            organization=request.organization, guest=guest, data=dict(data.validated_data)
        )
        return Response(CustomerProfileSerializer(profile).data)


# -- 51 cards --------------------------------------------------------------------------------


class CardSerializer(serializers.ModelSerializer):
    buyer_name = serializers.CharField(source="buyer.name")
    buyer_mobile = serializers.CharField(source="buyer.masked_mobile")

    class Meta:
        model = Card
        fields = [
            "id",
            "number",
            "buyer",
            "buyer_name",
            "buyer_mobile",
            "price",
            "sold_at",
            "gift_collected_at",
        ]
        read_only_fields = fields


class CardInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30)
    buyer = serializers.IntegerField(**ID, help_text="The guest who buys it")
    price = AmountSerializerField(
        required=False,
        allow_null=True,
        help_text="Default: the event's card price",
    )


class CardListAPI(OrgAPIView):
    """The event's 51 cards; POST sells one to a guest."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(CardSerializer),
        operation_id="v1_events_cards_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.cards_of(request.organization, event), CardSerializer
        )

    @extend_schema(request=CardInputSerializer, responses={201: CardSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = CardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        buyer = selectors.guest_chosen(request.organization, event, values.pop("buyer"), "buyer")
        card = services.card_sell(
            organization=request.organization,
            event=event,
            buyer=buyer,
            actor=request.user,
            **values,
        )
        return Response(CardSerializer(card).data, status=status.HTTP_201_CREATED)


class CardGiftAPI(OrgAPIView):
    """The holder collects the card's gift: on the event day, once."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: CardSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, card_id):
        event = selectors.event_get(request.organization, event_id)
        card = selectors.card_get(request.organization, event, card_id)
        card = services.card_gift_collect(organization=request.organization, card=card)
        return Response(CardSerializer(card).data)
