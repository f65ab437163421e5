"""Channels and money API: /api/v1/<org>/bundles/channels/ — each visible channel with its
stock, a channel's ledger, and its monthly statement (GET the lines, POST to make the
PDF). Thin: the same selectors and services as the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from promotions.permissions import Perm

from ..models import Channel, StockEntry
from . import rules, selectors, services
from .selectors import channel_visible_or_404


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

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(ChannelSerializer),
        operation_id="v1_bundles_channels_list",  # a list, though its answer is one object
        tags=["bundles"],
    )
    def get(self, request, org_slug):
        channels = selectors.channels_with_stock(request.membership)
        return paginated_response(request, channels, ChannelSerializer)


class ChannelLedgerAPI(OrgAPIView):
    required_permission = Perm.VIEW_CHANNELS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(StockEntrySerializer),
        operation_id="v1_bundles_channels_ledger_list",  # a list, though its answer is one object
        tags=["bundles"],
    )
    def get(self, request, org_slug, channel_id):
        channel = channel_visible_or_404(request.membership, channel_id)
        return paginated_response(request, selectors.ledger_of(channel), StockEntrySerializer)


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
        services.statement_request(
            organization=request.organization, channel=channel, month=month, actor=request.user
        )
        return Response(self._statement(request, channel, month), status=status.HTTP_202_ACCEPTED)

    @staticmethod
    def _statement(request, channel, month):
        lines = selectors.statement_lines(request.organization, channel, month)
        made = selectors.statements_of(channel).filter(month=month).first()
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
    if not value and not required:
        return timezone.localdate().replace(day=1)
    month = rules.parse_month(value)
    if month is None:
        raise serializers.ValidationError({"month": [_("Give the month as YYYY-MM.")]})
    return month
