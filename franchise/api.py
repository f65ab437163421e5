"""Franchise API: /api/v1/<org>/franchise/... — territories (with the dashboard's rank),
agreements, revenue reports, statements with their lines, hospitals and service
deliveries. The same selectors (and so the same franchisee scoping) and services as the
pages; service errors become 400 with field errors (campaigns/api_errors.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from franchise.permissions import Perm

from . import rules, selectors, services, statement_pdf
from .models import Agreement, Franchisee, Hospital, SupportService, Territory

MONEY = {"max_digits": 14, "decimal_places": 2}


class TerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["id", "name", "status", "planned_phase", "established_on"]


class AgreementSerializer(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    franchisee_name = serializers.CharField(source="franchisee.name", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "territory",
            "territory_name",
            "franchisee",
            "franchisee_name",
            "model",
            "start_date",
            "end_date",
            "franchise_fee",
            "deposit",
            "allotment_share",
            "royalty_rate",
            "fee_paid_on",
            "deposit_paid_on",
            "deposit_refunded_on",
        ]
        read_only_fields = fields


class AgreementCreateSerializer(serializers.Serializer):
    """Parses; the rules (exclusivity, dates, rates) are the service's."""

    territory = serializers.IntegerField()
    franchisee = serializers.IntegerField()
    model = serializers.CharField(max_length=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    franchise_fee = AmountSerializerField()
    deposit = AmountSerializerField(required=False, default="0")
    allotment_share = serializers.CharField(max_length=10, required=False, default="0")
    royalty_rate = serializers.CharField(max_length=10, required=False, default="0")


class RevenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    territory = serializers.IntegerField(source="agreement.territory_id")
    agreement = serializers.IntegerField(source="agreement_id")
    month = serializers.SerializerMethodField()
    revenue = serializers.DecimalField(**MONEY)

    def get_month(self, report) -> str:
        return rules.month_label(report.month)


class RevenueSubmitSerializer(serializers.Serializer):
    territory = serializers.IntegerField()
    month = serializers.CharField(max_length=10, help_text="YYYY-MM")
    revenue = AmountSerializerField()


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    territory = serializers.IntegerField(source="agreement.territory_id")
    agreement = serializers.IntegerField(source="agreement_id")
    month = serializers.SerializerMethodField()
    status = serializers.CharField()
    total = serializers.DecimalField(**MONEY)

    def get_month(self, statement) -> str:
        return rules.month_label(statement.month)


class LineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    month = serializers.CharField(source="month_label")
    calculation = serializers.CharField()
    amount = serializers.CharField(source="amount_text")
    note = serializers.CharField()


class HospitalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hospital
        fields = ["id", "territory", "name"]


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    hospital = serializers.IntegerField(source="hospital_id")
    service = serializers.IntegerField(source="service.number")
    service_name = serializers.CharField(source="service.name")
    delivered_on = serializers.DateField()
    note = serializers.CharField()


class DeliveryCreateSerializer(serializers.Serializer):
    hospital = serializers.IntegerField()
    service = serializers.IntegerField(help_text="The catalogue number, 1–13")
    delivered_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


TAGS = ["franchise"]


# Each in the user's language: the field's name is not a word the message can borrow.
NOT_FOUND = {
    "territory": gettext_lazy("No such territory."),
    "franchisee": gettext_lazy("No such franchisee."),
    "hospital": gettext_lazy("No such partner hospital."),
    "service": gettext_lazy("No such support service."),
}


def _pick(queryset, field, **lookups):
    """An object named in the request body: missing and someone else's alike are a field
    error (400), never a hint that it exists."""
    obj = queryset.filter(**lookups).first()
    if obj is None:
        raise ValidationError({field: str(NOT_FOUND[field])})
    return obj


class TerritoryListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY

    @extend_schema(
        operation_id="v1_franchise_territories_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(TerritorySerializer),
        tags=TAGS,
    )
    def get(self, request, org_slug):
        rows = selectors.territories_visible(request.membership).order_by("position", "name", "pk")
        return paginated_response(request, rows, TerritorySerializer)


class TerritoryDashboardAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY

    @extend_schema(
        responses=inline_serializer(
            "TerritoryDashboard",
            {
                "territory": TerritorySerializer(),
                "agreement": AgreementSerializer(allow_null=True),
                "rank": serializers.IntegerField(),
                "out_of": serializers.IntegerField(),
                "revenue": RevenueSerializer(many=True),
                "statements": StatementSerializer(many=True),
                "hospitals": HospitalSerializer(many=True),
            },
        ),
        tags=TAGS,
    )
    def get(self, request, org_slug, territory_id):
        territory = selectors.territory_get(request.membership, territory_id)
        data = selectors.territory_dashboard(
            request.membership, territory, selectors.today_in(request.organization)
        )
        return Response(
            {
                "territory": TerritorySerializer(territory).data,
                "agreement": AgreementSerializer(data["agreement"]).data
                if data["agreement"]
                else None,
                "rank": data["rank"]["rank"],
                "out_of": data["rank"]["out_of"],
                "revenue": RevenueSerializer(data["revenue"], many=True).data,
                "statements": StatementSerializer(data["statements"], many=True).data,
                "hospitals": HospitalSerializer(data["hospitals"], many=True).data,
            }
        )


class AgreementListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY
    write_permission = Perm.MANAGE_FRANCHISE

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=paginated_schema(AgreementSerializer), tags=TAGS
    )
    def get(self, request, org_slug):
        rows = selectors.agreements_visible(request.membership).order_by(
            "territory__position", "-start_date", "pk"
        )
        return paginated_response(request, rows, AgreementSerializer)

    @extend_schema(
        request=AgreementCreateSerializer, responses={201: AgreementSerializer}, tags=TAGS
    )
    def post(self, request, org_slug):
        data = AgreementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        org = request.organization
        values["territory"] = _pick(
            Territory.objects.for_org(org), "territory", pk=values["territory"]
        )
        values["franchisee"] = _pick(
            Franchisee.objects.for_org(org), "franchisee", pk=values["franchisee"]
        )
        agreement = services.agreement_create(organization=org, **values)
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class RevenueListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY
    write_permission = Perm.REPORT_REVENUE

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=paginated_schema(RevenueSerializer), tags=TAGS
    )
    def get(self, request, org_slug):
        reports = selectors.revenue_visible(request.membership).order_by(
            "agreement__territory__position", "month", "pk"
        )
        return paginated_response(request, reports, RevenueSerializer)

    @extend_schema(request=RevenueSubmitSerializer, responses={201: RevenueSerializer}, tags=TAGS)
    def post(self, request, org_slug):
        data = RevenueSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        territory = _pick(
            selectors.territories_visible(request.membership),
            "territory",
            pk=data.validated_data["territory"],
        )
        report = services.revenue_submit(
            organization=request.organization,
            membership=request.membership,
            territory=territory,
            month=data.validated_data["month"],
            revenue=data.validated_data["revenue"],
        )
        return Response(RevenueSerializer(report).data, status=status.HTTP_201_CREATED)


class StatementListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY

    @extend_schema(
        operation_id="v1_franchise_statements_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(StatementSerializer),
        tags=TAGS,
    )
    def get(self, request, org_slug):
        rows = selectors.statements_visible(request.membership).order_by("-month", "pk")
        return paginated_response(request, rows, StatementSerializer)


class StatementDetailAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY

    @extend_schema(
        responses=inline_serializer(
            "StatementDetail",
            {"statement": StatementSerializer(), "lines": LineSerializer(many=True)},
        ),
        tags=TAGS,
    )
    def get(self, request, org_slug, statement_id):
        statement = selectors.statement_get(request.membership, statement_id)
        return Response(
            {
                "statement": StatementSerializer(statement).data,
                "lines": LineSerializer(
                    statement_pdf.statement_lines_for_display(statement), many=True
                ).data,
            }
        )


class HospitalListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=paginated_schema(HospitalSerializer), tags=TAGS
    )
    def get(self, request, org_slug):
        rows = selectors.hospitals_visible(request.membership).order_by("name", "pk")
        return paginated_response(request, rows, HospitalSerializer)


class DeliveryListAPI(OrgAPIView):
    required_permission = Perm.VIEW_TERRITORY
    write_permission = Perm.MANAGE_FRANCHISE

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=paginated_schema(DeliverySerializer), tags=TAGS
    )
    def get(self, request, org_slug):
        rows = selectors.deliveries_visible(request.membership).order_by("-delivered_on", "-pk")
        return paginated_response(request, rows, DeliverySerializer)

    @extend_schema(request=DeliveryCreateSerializer, responses={201: DeliverySerializer}, tags=TAGS)
    def post(self, request, org_slug):
        data = DeliveryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = request.organization
        hospital = _pick(
            selectors.hospitals_visible(request.membership),
            "hospital",
            pk=data.validated_data["hospital"],
        )
        service = _pick(
            SupportService.objects.for_org(org), "service", number=data.validated_data["service"]
        )
        delivery = services.delivery_record(
            organization=org,
            actor=request.user,
            hospital=hospital,
            service=service,
            delivered_on=data.validated_data["delivered_on"],
            note=data.validated_data["note"],
        )
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)
