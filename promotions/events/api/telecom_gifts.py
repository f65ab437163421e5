"""Telecom Day at the desks and after: sales by product line against the staff member (and
the per-staff totals a sales target reads), the revisit and second-contact lists split
among every employee, the second-development settings and rate, and the gift recipients
for customer service (XLSX)."""

import io

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import recipients_xlsx, selectors
from ..models import DeskSale, TelecomSettings
from ..permissions import Perm
from ..selectors import telecom_gifts as telecom_selectors
from ..services import desk_sales, second_development

ID = {"min_value": 1, "max_value": 2**63 - 1}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DeskSaleSerializer(serializers.ModelSerializer):
    staff_name = serializers.SerializerMethodField()
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")

    class Meta:
        model = DeskSale
        fields = [
            "id",
            "staff",
            "staff_name",
            "guest",
            "guest_name",
            "guest_mobile",
            "line",
            "quantity",
            "amount",
            "note",
            "sold_at",
        ]
        read_only_fields = fields

    def get_staff_name(self, sale) -> str:
        return telecom_selectors.user_name(sale.staff)


class DeskSaleInputSerializer(serializers.Serializer):
    guest = serializers.IntegerField(**ID)
    line = serializers.ChoiceField(choices=DeskSale.Line.choices)
    amount = AmountSerializerField()
    quantity = serializers.IntegerField(min_value=1, max_value=1000, required=False, default=1)
    staff = serializers.IntegerField(
        **ID, required=False, help_text="A user id (managers); default: oneself"
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DeskSaleQuerySerializer(serializers.Serializer):
    staff = serializers.IntegerField(**ID, required=False)


class DeskSaleListAPI(OrgAPIView):
    """The event's desk sales, newest first (`staff` to filter); POST records one against
    oneself (a manager: against any desk employee)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=[*PAGE_PARAMETERS, DeskSaleQuerySerializer],
        responses=paginated_schema(DeskSaleSerializer),
        operation_id="v1_events_desk_sales_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        query = DeskSaleQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sales = telecom_selectors.desk_sales_of(request.organization, event)
        if "staff" in query.validated_data:
            sales = sales.filter(staff_id=query.validated_data["staff"])
        return paginated_response(request, sales, DeskSaleSerializer)

    @extend_schema(
        request=DeskSaleInputSerializer, responses={201: DeskSaleSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = DeskSaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        guest = selectors.guest_chosen(request.organization, event, values.pop("guest"))
        staff_id = values.pop("staff", None)
        staff = None
        if staff_id is not None:
            staff = selectors.member_users_chosen(request.organization, [staff_id], "staff")[0]
        sale = desk_sales.desk_sale_record(
            organization=request.organization,
            membership=request.membership,
            event=event,
            guest=guest,
            staff=staff,
            **values,
        )
        return Response(DeskSaleSerializer(sale).data, status=status.HTTP_201_CREATED)


class LineTotalSerializer(serializers.Serializer):
    sales = serializers.IntegerField()
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class StaffTotalSerializer(serializers.Serializer):
    staff_id = serializers.IntegerField()
    name = serializers.CharField()
    sales = serializers.IntegerField()
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_line = serializers.DictField(child=LineTotalSerializer())


class DeskSaleTotalsAPI(OrgAPIView):
    """Per staff member: desk sales in total and by product line (what counts toward a
    sales target), largest amount first."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(responses=StaffTotalSerializer(many=True), tags=["events"])
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        rows = telecom_selectors.sales_by_staff(request.organization, event)
        return Response(StaffTotalSerializer(rows, many=True).data)


class TelecomSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = TelecomSettings
        fields = ["second_development_days", "second_development_target"]
        extra_kwargs = {
            "second_development_days": {"required": True},
            "second_development_target": {"required": True},
        }


class TelecomSettingsAPI(OrgAPIView):
    """The second-development period (days after the event) and target (percent)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=TelecomSettingsSerializer, tags=["events"])
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        found = telecom_selectors.telecom_settings(request.organization, event)
        return Response(TelecomSettingsSerializer(found).data)

    @extend_schema(
        request=TelecomSettingsSerializer,
        responses={200: TelecomSettingsSerializer},
        tags=["events"],
    )
    def put(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = TelecomSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = second_development.telecom_settings_save(
            organization=request.organization, event=event, **data.validated_data
        )
        return Response(TelecomSettingsSerializer(saved).data)


class SplitResultSerializer(serializers.Serializer):
    revisit = serializers.IntegerField()
    second_contact = serializers.IntegerField()


class TelecomListsSplitAPI(OrgAPIView):
    """Split the revisit list (guests who bought) and the second-contact list (guests who
    came and bought nothing) among every employee who works follow-up lists."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: SplitResultSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        dealt = second_development.telecom_lists_split(
            organization=request.organization, event=event
        )
        return Response(SplitResultSerializer(dealt).data)


class EmployeeRateSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField()
    name = serializers.CharField()
    customers = serializers.IntegerField()
    developed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    behind = serializers.BooleanField()


class SecondDevelopmentSerializer(serializers.Serializer):
    target = serializers.DecimalField(max_digits=5, decimal_places=2)
    period_days = serializers.IntegerField()
    until = serializers.DateTimeField(help_text="The period's end")
    customers = serializers.IntegerField(help_text="On the second-contact lists")
    developed = serializers.IntegerField(help_text="With a new sale or a business opportunity")
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    behind_target = serializers.BooleanField()
    employees = EmployeeRateSerializer(many=True)
    behind = serializers.ListField(child=serializers.CharField(), help_text="Who is behind")


class SecondDevelopmentAPI(OrgAPIView):
    """The second-development rate, per employee and overall, against the target."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(responses=SecondDevelopmentSerializer, tags=["events"])
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        figures = telecom_selectors.second_development(request.organization, event)
        return Response(SecondDevelopmentSerializer(figures).data)


class GiftRecipientsXlsxAPI(OrgAPIView):
    """Every gift given, for customer service, as an XLSX workbook (ID numbers masked)."""

    required_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The XLSX workbook")
        },
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return FileResponse(
            io.BytesIO(recipients_xlsx.recipients_xlsx(request.organization, event)),
            as_attachment=True,
            filename=recipients_xlsx.recipients_filename(event),
            content_type=XLSX,
        )
