"""Telecom Day's API (items 1–4): the customers to invite (import), invitation campaigns
(create, send, figures), staff quotas, pre-orders (each records their own), the personal
pre-order ranking, attendance by source and per hour."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from campaigns.sms.rules import mask_phone

from .. import selectors
from ..models import InvitationCampaign, PreOrder, StaffQuota
from ..permissions import Perm
from ..selectors import telecom as telecom_selectors
from ..services import invitations, quotas
from .guests import GuestImportInputSerializer, GuestImportSerializer, guest_import_data

ID = {"min_value": 1, "max_value": 2**63 - 1}
TAGS = ["events"]


def _member(request, user_id, field):
    return selectors.member_users_chosen(request.organization, [user_id], field)[0]


# -- customers to invite ----------------------------------------------------------------------


class InviteeImportAPI(OrgAPIView):
    """Upload the customers to invite (multipart `file`, CSV UTF-8/GBK or .xlsx): they
    become guests with the channel "SMS invitation". Without `commit` a dry run; bad rows
    are listed by line and left out. The file is read by the guest-list import job: 202
    with the import; GET it (`guests/imports/{id}/`) until its status is done, and commit
    a checked file there (`guests/imports/{id}/commit/`)."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(
        request={"multipart/form-data": GuestImportInputSerializer},
        responses={202: GuestImportSerializer},
        tags=TAGS,
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = GuestImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest_import = invitations.invitees_upload(
            organization=request.organization,
            event=event,
            upload=data.validated_data["file"],
            actor=request.user,
            commit=data.validated_data["commit"],
        )
        # (in-process, without a broker, the job has run by now)
        guest_import = selectors.guest_import_get(request.organization, event, guest_import.pk)
        return Response(guest_import_data(guest_import), status=status.HTTP_202_ACCEPTED)


# -- invitation campaigns ----------------------------------------------------------------------


class CampaignStatsSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    sent = serializers.IntegerField(help_text="Sent or delivered")
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Queued or being sent")
    opted_out = serializers.IntegerField(help_text="Skipped: the number replied 退订/TD/T")
    checked_in = serializers.IntegerField()


class CampaignSerializer(serializers.ModelSerializer):
    stats = serializers.SerializerMethodField()

    class Meta:
        model = InvitationCampaign
        fields = [
            "id",
            "name",
            "body",
            "status",
            "send_after",
            "started_at",
            "finished_at",
            "created_at",
            "stats",
        ]
        read_only_fields = fields

    @extend_schema_field(CampaignStatsSerializer)
    def get_stats(self, campaign):
        organization = self.context["request"].organization
        return telecom_selectors.campaign_stats(organization, campaign)


class CampaignInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    body = serializers.CharField(
        max_length=300, help_text="{code}: the guest's invitation code (required); {name}"
    )


class CampaignListAPI(OrgAPIView):
    """The event's invitation campaigns with their figures; POST creates a draft."""

    required_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(CampaignSerializer),
        tags=TAGS,
        operation_id="v1_events_invitation_campaigns_list",
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        rows = telecom_selectors.campaigns_query(request.organization, event)
        return paginated_response(request, rows, CampaignSerializer)

    @extend_schema(request=CampaignInputSerializer, responses={201: CampaignSerializer}, tags=TAGS)
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = CampaignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = invitations.invitation_campaign_save(
            organization=request.organization,
            event=event,
            actor=request.user,
            **data.validated_data,
        )
        return Response(
            CampaignSerializer(campaign, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CampaignDetailAPI(OrgAPIView):
    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "options"]

    @extend_schema(responses=CampaignSerializer, tags=TAGS)
    def get(self, request, org_slug, event_id, campaign_id):
        event = selectors.event_get(request.organization, event_id)
        campaign = telecom_selectors.campaign_get(request.organization, event, campaign_id)
        return Response(CampaignSerializer(campaign, context={"request": request}).data)


class CampaignSendAPI(OrgAPIView):
    """Send a draft: at once inside the organization's sending hours (status `sending`),
    else `scheduled` until they open. A campaign already sent: 400."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: CampaignSerializer}, tags=TAGS)
    def post(self, request, org_slug, event_id, campaign_id):
        event = selectors.event_get(request.organization, event_id)
        campaign = telecom_selectors.campaign_get(request.organization, event, campaign_id)
        campaign = invitations.invitation_campaign_send(
            organization=request.organization, campaign=campaign, actor=request.user
        )
        return Response(CampaignSerializer(campaign, context={"request": request}).data)


# -- staff quotas ------------------------------------------------------------------------------


class QuotaSerializer(serializers.ModelSerializer):
    sales_target = AmountSerializerField()

    class Meta:
        model = StaffQuota
        fields = [
            "id",
            "member",
            "guests_to_bring",
            "expected_show_percent",
            "sales_target",
            "reward_rule",
            "set_on",
            "updated_at",
        ]
        read_only_fields = fields


class QuotaInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(**ID, help_text="The employee's user id")
    guests_to_bring = serializers.IntegerField(min_value=0, max_value=100_000)
    expected_show_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    sales_target = AmountSerializerField()
    reward_rule = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class QuotaListAPI(OrgAPIView):
    """Staff quotas (set at the mobilisation meeting, T−10); POST sets one employee's
    (again: changes it)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(QuotaSerializer),
        operation_id="v1_events_quotas_list",
        tags=TAGS,
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        rows = StaffQuota.objects.for_org(request.organization).filter(event=event)
        return paginated_response(request, rows, QuotaSerializer)

    @extend_schema(request=QuotaInputSerializer, responses={200: QuotaSerializer}, tags=TAGS)
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = QuotaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member = _member(request, values.pop("member"), "member")
        quota = quotas.quota_save(
            organization=request.organization, event=event, member=member, data=values
        )
        return Response(QuotaSerializer(quota).data)


# -- pre-orders --------------------------------------------------------------------------------


class PreOrderSerializer(serializers.ModelSerializer):
    amount = AmountSerializerField()
    customer_mobile = serializers.SerializerMethodField()

    class Meta:
        model = PreOrder
        fields = ["id", "staff", "customer", "customer_mobile", "product", "amount", "created_at"]
        read_only_fields = fields

    def get_customer_mobile(self, row) -> str:
        return mask_phone(row.customer_mobile)


class PreOrderInputSerializer(serializers.Serializer):
    customer = serializers.CharField(max_length=60)
    customer_mobile = serializers.CharField(max_length=40, required=False, allow_blank=True)
    product = serializers.CharField(max_length=100)
    amount = AmountSerializerField(positive=True)
    staff = serializers.IntegerField(
        **ID, required=False, help_text="Your own user id, or leave out: only your own"
    )


class PreOrderQuerySerializer(serializers.Serializer):
    staff = serializers.IntegerField(**ID, required=False)


class PreOrderListAPI(OrgAPIView):
    """Pre-orders, newest first (`staff`: one employee's); POST records one for yourself
    (naming another employee: 400 on `staff`)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=[PreOrderQuerySerializer, *PAGE_PARAMETERS],
        responses=paginated_schema(PreOrderSerializer),
        operation_id="v1_events_preorders_list",
        tags=TAGS,
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        query = PreOrderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = telecom_selectors.preorders_query(request.organization, event)
        if "staff" in query.validated_data:
            rows = rows.filter(staff_id=query.validated_data["staff"])
        return paginated_response(request, rows, PreOrderSerializer)

    @extend_schema(request=PreOrderInputSerializer, responses={201: PreOrderSerializer}, tags=TAGS)
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = PreOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        staff = values.pop("staff", None)
        if staff is not None:
            staff = _member(request, staff, "staff")
        row = quotas.preorder_record(
            organization=request.organization,
            event=event,
            actor=request.user,
            staff=staff,
            **values,
        )
        return Response(PreOrderSerializer(row).data, status=status.HTTP_201_CREATED)


# -- the ranking and attendance ------------------------------------------------------------


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    amount = AmountSerializerField(help_text="Pre-orders' amount (what the ranking orders by)")
    desk_amount = AmountSerializerField(help_text="Sales at the sign-up desks")
    toward_target = AmountSerializerField(help_text="Pre-orders and desk sales")
    target = AmountSerializerField(allow_null=True)
    target_percent = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        allow_null=True,
        help_text="toward_target against the sales target, in %",
    )
    guests_to_bring = serializers.IntegerField(allow_null=True)
    invited = serializers.IntegerField()
    came = serializers.IntegerField()


class RankingAPI(OrgAPIView):
    """The personal pre-order ranking (个人预订销量排行榜), from T−5 (`open`; before then
    no rows). Ranked by amount, then count; paginated."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(RankingRowSerializer),
        tags=TAGS,
        operation_id="v1_events_ranking_list",
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        rows = []
        if telecom_selectors.ranking_open(request.organization, event):
            rows = telecom_selectors.preorder_ranking(request.organization, event)["rows"]
        return paginated_response(request, rows, RankingRowSerializer)


class SourcesSerializer(serializers.Serializer):
    sms = serializers.IntegerField()
    staff = serializers.IntegerField()
    walk_in = serializers.IntegerField()
    other = serializers.IntegerField()


class HourSerializer(serializers.Serializer):
    hour = serializers.CharField()
    count = serializers.IntegerField()


class AttendanceSerializer(serializers.Serializer):
    checked_in = serializers.IntegerField()
    target = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    to_go = serializers.IntegerField()
    sources = SourcesSerializer()
    hours = HourSerializer(many=True)


class AttendanceAPI(OrgAPIView):
    """Attendance against the target, by source and per hour (organization's time zone)."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(responses=AttendanceSerializer, tags=TAGS)
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        board = telecom_selectors.attendance_breakdown(request.organization, event)
        return Response(AttendanceSerializer(board).data)
