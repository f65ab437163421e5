"""Follow-up lists after the event: split the guests who did not sign among employees,
re-split a leaver's open guests, the lists (a manager sees everyone's, the others their
own) and the contacts recorded on them."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors, services
from ..models import Contact, FollowUp
from ..permissions import Perm

ID = {"min_value": 1, "max_value": 2**63 - 1}


def _name(user):
    return f"{user.last_name}{user.first_name}".strip() or user.username


class FollowUpSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")
    community = serializers.CharField(source="guest.community")
    assignee_name = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "guest",
            "guest_name",
            "guest_mobile",
            "community",
            "assignee",
            "assignee_name",
            "outcome",
            "next_date",
            "assigned_at",
        ]
        read_only_fields = fields

    def get_assignee_name(self, followup) -> str:
        return _name(followup.assignee)


class ContactSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = Contact
        fields = ["id", "outcome", "note", "next_date", "at", "by"]
        read_only_fields = fields


class FollowUpDetailSerializer(FollowUpSerializer):
    guest_mobile_full = serializers.CharField(
        source="guest.mobile", help_text="Whole: the employee calls the guest"
    )
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "guest_mobile_full", "contacts"]
        read_only_fields = fields


class FollowUpQuerySerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        **ID, required=False, help_text="A user id (managers; the others see their own list)"
    )


class FollowUpListAPI(OrgAPIView):
    """The follow-up list: a manager's is everyone's (or one employee's, `assignee`),
    anyone else's their own."""

    required_permission = Perm.FOLLOW_UP

    @extend_schema(
        parameters=[FollowUpQuerySerializer, *PAGE_PARAMETERS],
        responses=paginated_schema(FollowUpSerializer),
        operation_id="v1_events_followups_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        query = FollowUpQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        followups = selectors.followups_visible(
            request.organization,
            request.membership,
            event,
            assignee_id=query.validated_data.get("assignee"),
        )
        return paginated_response(request, followups, FollowUpSerializer)


class FollowUpDetailAPI(OrgAPIView):
    """One guest of a list with the whole mobile and the contacts so far (someone else's
    guest answers 404 to those who see only their own list)."""

    required_permission = Perm.FOLLOW_UP

    @extend_schema(responses=FollowUpDetailSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, followup_id):
        event = selectors.event_get(request.organization, event_id)
        followup = selectors.followup_visible_get(
            request.organization, request.membership, event, followup_id
        )
        return Response(FollowUpDetailSerializer(followup).data)


class FollowUpSplitInputSerializer(serializers.Serializer):
    employees = serializers.ListField(
        child=serializers.IntegerField(**ID),
        max_length=1000,
        help_text="User ids of the employees to split the guests among",
    )


class FollowUpResplitInputSerializer(FollowUpSplitInputSerializer):
    leaver = serializers.IntegerField(**ID, help_text="The user id of the employee who leaves")


DEALT = inline_serializer("FollowUpsDealt", {"dealt": serializers.IntegerField()})


class FollowUpSplitAPI(OrgAPIView):
    """Put every guest who has not signed and is on no list yet on an employee's list:
    evenly, a guest staying with the employee who invited them when they are chosen."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(request=FollowUpSplitInputSerializer, responses={200: DEALT}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = FollowUpSplitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employees = selectors.member_users_chosen(
            request.organization, data.validated_data["employees"], "employees"
        )
        dealt = services.followups_split(
            organization=request.organization, event=event, employees=employees
        )
        return Response({"dealt": dealt})


class FollowUpResplitAPI(OrgAPIView):
    """Move the open guests of an employee who leaves to the employees chosen; nothing
    else moves."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]

    @extend_schema(request=FollowUpResplitInputSerializer, responses={200: DEALT}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = FollowUpResplitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        leaver = selectors.followup_assignee_chosen(
            request.organization, event, data.validated_data["leaver"]
        )
        employees = selectors.member_users_chosen(
            request.organization, data.validated_data["employees"], "employees"
        )
        dealt = services.followups_resplit(
            organization=request.organization, event=event, leaver=leaver, employees=employees
        )
        return Response({"dealt": dealt})


class ContactInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=FollowUp.Outcome.choices, help_text="What came of it (not `open`)"
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    next_date = serializers.DateField(required=False, allow_null=True)


class ContactRecordAPI(OrgAPIView):
    """Record a contact with a guest on one's list (a manager: on anyone's)."""

    required_permission = Perm.FOLLOW_UP
    http_method_names = ["post", "options"]

    @extend_schema(
        request=ContactInputSerializer, responses={201: ContactSerializer}, tags=["events"]
    )
    def post(self, request, org_slug, event_id, followup_id):
        event = selectors.event_get(request.organization, event_id)
        followup = selectors.followup_visible_get(
            request.organization, request.membership, event, followup_id
        )
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contact = services.contact_record(
            organization=request.organization,
            membership=request.membership,
            followup=followup,
            **data.validated_data,
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
