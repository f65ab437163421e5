"""SMS API: /api/v1/<org>/sms/messages/ — the outbox as data (numbers masked; branch
staff see their branch's messages). Inbound replies come through the signed webhook
(/hooks/sms/<org>/), not through this API."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from ..api import OrgAPIView
from ..pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from ..roles import Perm
from . import selectors
from .models import SmsMessage


class SmsMessageSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="masked_phone")

    class Meta:
        model = SmsMessage
        fields = [
            "id",
            "direction",
            "phone",
            "body",
            "parts",
            "status",
            "attempts",
            "max_attempts",
            "purpose",
            "awaiting_reply",
            "reply",
            "outcome",
            "provider_id",
            "provider_answer",
            "error",
            "created_at",
            "sent_at",
            "delivered_at",
        ]


class SmsMessageListAPI(OrgAPIView):
    required_permission = Perm.VIEW_SMS
    model = SmsMessage

    @extend_schema(
        parameters=[
            OpenApiParameter("phone", description="The full 11-digit number", required=False),
            OpenApiParameter("status", enum=SmsMessage.Status.values, required=False),
            *PAGE_PARAMETERS,
        ],
        responses=paginated_schema(SmsMessageSerializer),
        tags=["sms"],
    )
    def get(self, request, org_slug):
        found = selectors.messages_to_number(  # a bad number: 400 on `phone`
            selectors.messages_visible(request.membership), request.query_params.get("phone")
        )
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in SmsMessage.Status.values:
                raise serializers.ValidationError({"status": [_("Unknown status.")]})
            found = found.filter(status=wanted)
        return paginated_response(request, found, SmsMessageSerializer)
