"""Family-network API: /api/v1/<org>/bundles/... — tiers, registrations (list, register,
one with its members' status), members by status or number, the activation queue's
outcome, and coupon redemption. Thin: the same selectors and services as the pages.
(The SMS webhook is /hooks/sms/<org>/, signed rather than signed in: campaigns/sms.
Channels and money: promotions.channels.api.)"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.models import Branch
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from campaigns.roles import can
from campaigns.sms import rules as sms_rules
from promotions.permissions import Perm

from ..models import BundleMember, BundleTier, MemberStatus
from . import selectors, services


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
    """Parses; the registration rules are the service's (services.bundle_register)."""

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
            "members": selectors.members_of(registration).select_related("registration"),
            "coupons": (
                [c.code for c in selectors.coupons_of(registration)]
                if can(request.membership.role, Perm.REGISTER_BUNDLES)
                else None
            ),
        }
    ).data
    return data


class TierListAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(TierSerializer),
        operation_id="v1_bundles_tiers_list",  # a list, though its answer is one object
        tags=["bundles"],
    )
    def get(self, request, org_slug):
        found = selectors.tiers_of(request.organization).order_by("members", "pk")
        return paginated_response(request, found, TierSerializer)


class RegistrationListAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES
    write_permission = Perm.REGISTER_BUNDLES

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(RegistrationSerializer),
        operation_id="v1_bundles_registrations_list",  # a list, though its answer is one object
        tags=["bundles"],
    )
    def get(self, request, org_slug):
        found = selectors.registrations_of(request.membership).order_by("-created_at", "-pk")
        return paginated_response(request, found, RegistrationSerializer)

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
        registration = services.bundle_register(
            organization=organization, membership=request.membership, **values
        )
        return Response(_detail(request, registration), status=status.HTTP_201_CREATED)


class RegistrationDetailAPI(OrgAPIView):
    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(responses=RegistrationDetailSerializer, tags=["bundles"])
    def get(self, request, org_slug, registration_id):
        registration = selectors.registration_get(request.membership, registration_id)
        return Response(_detail(request, registration))


class MemberListAPI(OrgAPIView):
    """Members by status (e.g. `confirmed`: the activation queue) or by full number."""

    required_permission = Perm.VIEW_BUNDLES

    @extend_schema(
        parameters=[
            OpenApiParameter("status", enum=MemberStatus.values, required=False),
            OpenApiParameter("phone", description="The full 11-digit number", required=False),
            *PAGE_PARAMETERS,
        ],
        responses=paginated_schema(MemberSerializer),
        operation_id="v1_bundles_members_list",  # a list, though its answer is one object
        tags=["bundles"],
    )
    def get(self, request, org_slug):
        found = selectors.members_visible(request.membership)
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in MemberStatus.values:
                raise serializers.ValidationError({"status": [_("Unknown status.")]})
            found = found.filter(status=wanted)
        phone = sms_rules.normalize_phone(request.query_params.get("phone"))
        if phone:
            if not sms_rules.is_mainland_mobile(phone):  # a part of a number is no search
                raise serializers.ValidationError(
                    {"phone": [_("Enter an 11-digit mainland mobile number.")]}
                )
            found = found.filter(phone=phone)
        return paginated_response(request, found.order_by("-updated_at", "-pk"), MemberSerializer)


class MemberActivationAPI(OrgAPIView):
    """The operator's outcome for a confirmed member: activated, or failed with a reason."""

    required_permission = Perm.ACTIVATE_BUNDLES
    http_method_names = ["post", "options"]

    @extend_schema(
        request=ActivationInputSerializer, responses={200: MemberSerializer}, tags=["bundles"]
    )
    def post(self, request, org_slug, bundle_member_id):
        member = selectors.member_get(request.membership, bundle_member_id)
        data = ActivationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {
            "organization": request.organization,
            "membership": request.membership,
            "member": member,
        }
        if data.validated_data["activated"]:
            services.member_activate(**kwargs)
        else:
            services.member_activation_fail(**kwargs, reason=data.validated_data.get("reason", ""))
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
        member = services.coupon_redeem(
            organization=request.organization, membership=request.membership, **data.validated_data
        )
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)
