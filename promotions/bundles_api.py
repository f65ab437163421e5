"""Family-network API: /api/v1/<org>/bundles/... — tiers, registrations (list, register,
one with its members' status), members by status or number, the activation queue's
outcome, and coupon redemption. Thin: the same selectors and services as the pages.
(The SMS webhook is /hooks/sms/<org>/, signed rather than signed in: campaigns/sms.)"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.branch_scope import in_scope
from campaigns.models import Branch
from campaigns.roles import can
from campaigns.sms import rules as sms_rules
from promotions.permissions import Perm

from . import bundles_joining, bundles_selectors, bundles_services, channels_statement
from . import bundles_rules as rules
from .bundles_scope import channel_visible_or_404, channels_visible
from .models import (
    BundleMember,
    BundleTier,
    Channel,
    ChannelStatement,
    ChannelStock,
    MemberStatus,
    StockEntry,
)


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = BundleTier
        fields = ["id", "price", "members", "coupons", "commission"]


class MemberSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="masked_phone")
    form_number = serializers.CharField(source="registration.form_number")

    class Meta:
        model = BundleMember
        fields = [
            "id",
            "form_number",
            "phone",
            "short_number",
            "premium",
            "status",
            "reason",
            "fee_waived",
            "confirm_by",
            "answered_at",
            "activated_at",
            "settled_at",
        ]


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    form_number = serializers.CharField()
    branch = serializers.CharField(source="branch.name")
    initiator = serializers.CharField(source="masked_initiator")
    tier = TierSerializer()
    signed_on = serializers.DateField()
    entered_on = serializers.DateField()
    late = serializers.BooleanField()


class RegistrationDetailSerializer(RegistrationSerializer):
    members = MemberSerializer(many=True)
    coupons = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="Codes, for those who may redeem them.",
    )


class MemberInputSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    short_number = serializers.CharField(max_length=10, allow_null=True, required=False)


class RegistrationInputSerializer(serializers.Serializer):
    """Parses; the registration rules are the service's (bundles_services.bundle_register)."""

    form_number = serializers.CharField(max_length=40)
    branch = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    initiator_phone = serializers.CharField(max_length=20)
    signed_on = serializers.DateField()
    tier = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )
    members = MemberInputSerializer(many=True, allow_empty=True)


class RedeemInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20)
    short_number = serializers.IntegerField(required=False, allow_null=True)


class ActivationInputSerializer(serializers.Serializer):
    activated = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


def _detail(request, registration):
    data = RegistrationDetailSerializer(
        {
            **{
                f: getattr(registration, f)
                for f in (
                    "id",
                    "form_number",
                    "branch",
                    "masked_initiator",
                    "tier",
                    "signed_on",
                    "entered_on",
                    "late",
                )
            },
            "members": bundles_selectors.members_of(registration).select_related("registration"),
            "coupons": (
                [c.code for c in bundles_selectors.coupons_of(registration)]
                if can(request.membership.role, Perm.REGISTER_BUNDLES)
                else None
            ),
        }
    ).data
    return data


class TierListAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(responses=TierSerializer(many=True), tags=["bundles"])
    def get(self, request, org_slug):
        return Response(
            TierSerializer(bundles_selectors.tiers_of(request.organization), many=True).data
        )


class RegistrationListAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES
    write_permission = Perm.REGISTER_BUNDLES

    @extend_schema(responses=RegistrationSerializer(many=True), tags=["bundles"])
    def get(self, request, org_slug):
        found = bundles_selectors.registrations_of(request.membership)[:500]
        return Response(RegistrationSerializer(found, many=True).data)

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={201: RegistrationDetailSerializer},
        tags=["bundles"],
    )
    def post(self, request, org_slug):
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = request.organization
        values["branch"] = Branch.objects.for_org(organization).filter(pk=values["branch"]).first()
        tier_id = values.pop("tier", None)
        values["tier"] = None
        if tier_id is not None:
            values["tier"] = BundleTier.objects.for_org(organization).filter(pk=tier_id).first()
            if values["tier"] is None:
                raise serializers.ValidationError(
                    {"tier": [_("Choose a tier of this organization.")]}
                )
        values["members"] = [dict(m) for m in values["members"]]
        registration = bundles_services.bundle_register(
            organization=organization, membership=request.membership, **values
        )
        return Response(_detail(request, registration), status=status.HTTP_201_CREATED)


class RegistrationDetailAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(responses=RegistrationDetailSerializer, tags=["bundles"])
    def get(self, request, org_slug, registration_id):
        registration = bundles_selectors.registration_get(request.membership, registration_id)
        return Response(_detail(request, registration))


class MemberListAPI(OrgAPIView):
    """Members by status (e.g. `confirmed`: the activation queue) or by full number."""

    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(
        parameters=[
            OpenApiParameter("status", enum=MemberStatus.values, required=False),
            OpenApiParameter("phone", description="The full 11-digit number", required=False),
        ],
        responses=MemberSerializer(many=True),
        tags=["bundles"],
    )
    def get(self, request, org_slug):
        found = in_scope(
            BundleMember.objects.for_org(request.organization).select_related("registration"),
            request.membership,
            field="registration__branch",
        )
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in MemberStatus.values:
                raise serializers.ValidationError({"status": [_("Unknown status.")]})
            found = found.filter(status=wanted)
        phone = request.query_params.get("phone")
        if phone:
            found = found.filter(phone=sms_rules.normalize_phone(phone))
        return Response(MemberSerializer(found.order_by("-updated_at")[:500], many=True).data)


class MemberActivationAPI(OrgAPIView):
    """The operator's outcome for a confirmed member: activated, or failed with a reason."""

    required_permission = Perm.ACTIVATE_BUNDLES
    http_method_names = ["post", "options"]

    @extend_schema(
        request=ActivationInputSerializer, responses={200: MemberSerializer}, tags=["bundles"]
    )
    def post(self, request, org_slug, bundle_member_id):
        member = bundles_selectors.member_get(request.membership, bundle_member_id)
        data = ActivationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {
            "organization": request.organization,
            "membership": request.membership,
            "member": member,
        }
        if data.validated_data["activated"]:
            bundles_services.member_activate(**kwargs)
        else:
            bundles_services.member_activation_fail(
                **kwargs, reason=data.validated_data.get("reason", "")
            )
        member.refresh_from_db()
        return Response(MemberSerializer(member).data)


class CouponRedeemAPI(OrgAPIView):
    required_permission = Perm.REGISTER_BUNDLES
    http_method_names = ["post", "options"]

    @extend_schema(
        request=RedeemInputSerializer, responses={201: MemberSerializer}, tags=["bundles"]
    )
    def post(self, request, org_slug):
        data = RedeemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = bundles_joining.coupon_redeem(
            organization=request.organization, membership=request.membership, **data.validated_data
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


# -- channels and money ---------------------------------------------------------------------


class StockSerializer(serializers.Serializer):
    tier_price = serializers.DecimalField(source="tier.price", max_digits=12, decimal_places=2)
    quantity = serializers.IntegerField()


class ChannelSerializer(serializers.ModelSerializer):
    stock = StockSerializer(many=True, source="stock_rows")

    class Meta:
        model = Channel
        fields = ["id", "name", "kind", "branch", "supplier", "stock"]


class StockEntrySerializer(serializers.ModelSerializer):
    tier_price = serializers.DecimalField(source="tier.price", max_digits=12, decimal_places=2)
    counterpart = serializers.CharField(source="counterpart.name", default=None)
    form_number = serializers.CharField(source="registration.form_number", default=None)

    class Meta:
        model = StockEntry
        fields = [
            "id",
            "created_at",
            "kind",
            "tier_price",
            "quantity",
            "amount",
            "counterpart",
            "form_number",
        ]


class StatementLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    explanation = serializers.CharField()


class ChannelStatementSerializer(serializers.Serializer):
    month = serializers.CharField()
    lines = StatementLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    pdf_status = serializers.CharField(allow_null=True)


class ChannelListAPI(OrgAPIView):
    required_permission = Perm.VIEW_CHANNELS

    @extend_schema(responses=ChannelSerializer(many=True), tags=["bundles"])
    def get(self, request, org_slug):
        channels = list(channels_visible(request.membership))
        stock = {}
        for row in (
            ChannelStock.objects.for_org(request.organization)
            .filter(channel__in=[c.pk for c in channels])
            .select_related("tier")
        ):
            stock.setdefault(row.channel_id, []).append(row)
        for channel in channels:
            channel.stock_rows = stock.get(channel.pk, [])
        return Response(ChannelSerializer(channels, many=True).data)


class ChannelLedgerAPI(OrgAPIView):
    required_permission = Perm.VIEW_CHANNELS

    @extend_schema(responses=StockEntrySerializer(many=True), tags=["bundles"])
    def get(self, request, org_slug, channel_id):
        channel = channel_visible_or_404(request.membership, channel_id)
        entries = (
            StockEntry.objects.for_org(request.organization)
            .filter(channel=channel)
            .select_related("tier", "counterpart", "registration")[:1000]
        )
        return Response(StockEntrySerializer(entries, many=True).data)


class ChannelStatementAPI(OrgAPIView):
    """GET ?month=YYYY-MM: the statement's lines, each saying how it was computed; POST
    {"month": "YYYY-MM"} asks for its PDF (made by the export job)."""

    required_permission = Perm.VIEW_CHANNELS
    write_permission = Perm.MANAGE_CHANNELS

    @extend_schema(
        parameters=[OpenApiParameter("month", description="YYYY-MM")],
        responses=ChannelStatementSerializer,
        tags=["bundles"],
    )
    def get(self, request, org_slug, channel_id):
        channel = channel_visible_or_404(request.membership, channel_id)
        month = _parse_month(request.query_params.get("month"))
        return Response(self._statement(request, channel, month))

    @extend_schema(
        request=inline_serializer("StatementRequest", {"month": serializers.CharField()}),
        responses={202: ChannelStatementSerializer},
        tags=["bundles"],
    )
    def post(self, request, org_slug, channel_id):
        channel = channel_visible_or_404(request.membership, channel_id)
        month = _parse_month(
            request.data.get("month") if hasattr(request.data, "get") else None, required=True
        )
        channels_statement.statement_request(
            organization=request.organization, channel=channel, month=month, actor=request.user
        )
        return Response(self._statement(request, channel, month), status=status.HTTP_202_ACCEPTED)

    @staticmethod
    def _statement(request, channel, month):
        lines = channels_statement.statement_lines(request.organization, channel, month)
        made = (
            ChannelStatement.objects.for_org(request.organization)
            .filter(channel=channel, month=month)
            .select_related("job")
            .first()
        )
        pdf_status = None
        if made is not None:
            pdf_status = "ready" if made.file else (made.job.status if made.job else None)
        return ChannelStatementSerializer(
            {
                "month": f"{month:%Y-%m}",
                "lines": lines,
                "total": rules.statement_total(lines),
                "pdf_status": pdf_status,
            }
        ).data


def _parse_month(value, required=False):
    from django.utils import timezone

    if not value and not required:
        return timezone.localdate().replace(day=1)
    month = rules.parse_month(value)
    if month is None:
        raise serializers.ValidationError({"month": [_("Give the month as YYYY-MM.")]})
    return month
