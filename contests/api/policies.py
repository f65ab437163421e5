"""Policies: the list and entering one, one entry with its history and its correction,
voiding it."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.errors import EditConflict
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from contests.permissions import Perm

from .. import selectors, services
from ..models import Agent, Policy


class PolicySerializer(serializers.ModelSerializer):
    agent_code = serializers.CharField(source="agent.code", read_only=True)

    class Meta:
        model = Policy
        fields = [
            "id",
            "number",
            "agent",
            "agent_code",
            "premium",
            "issued_on",
            "product",
            "card_number",
            "calendar",
            "voided",
            "version",
        ]
        read_only_fields = fields


class PolicyCreateSerializer(serializers.Serializer):
    """Parses; the entry rules (scope, period, duplicates, card) are the service's."""

    agent_code = serializers.CharField(max_length=30)
    number = serializers.CharField(max_length=40)
    # Text: the entry rules read it with the money input (campaigns.money), with the
    # organization's bound, and report it together with the other fields' reasons.
    premium = serializers.CharField(max_length=40)
    issued_on = serializers.DateField()
    product = serializers.CharField(max_length=100, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class PolicyEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None)
    action = serializers.CharField()
    changes = serializers.DictField(child=serializers.ListField())


class PolicyCorrectSerializer(serializers.Serializer):
    """A correction: `version` as read (a stale one answers 409); any fields to change."""

    version = serializers.IntegerField(min_value=1)
    agent_code = serializers.CharField(max_length=30, required=False)
    number = serializers.CharField(max_length=40, required=False)
    premium = serializers.CharField(max_length=40, required=False)
    issued_on = serializers.DateField(required=False)
    product = serializers.CharField(max_length=100, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class PolicyListAPI(OrgAPIView):
    required_permission = Perm.VIEW_CONTESTS
    write_permission = Perm.ENTER_RESULTS

    @extend_schema(
        operation_id="v1_contests_policies_list",
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(PolicySerializer),
        tags=["contests"],
    )
    def get(self, request, org_slug, contest_id):
        contest = selectors.contest_get(request.organization, contest_id)
        policies = (
            selectors.policies_in_scope(request.membership, contest)
            .select_related("agent")
            .order_by("-issued_on", "-pk")
        )
        return paginated_response(request, policies, PolicySerializer)

    @extend_schema(
        request=PolicyCreateSerializer, responses={201: PolicySerializer}, tags=["contests"]
    )
    def post(self, request, org_slug, contest_id):
        contest = selectors.contest_get(request.organization, contest_id)
        data = PolicyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agent = (
            Agent.objects.for_org(request.organization)
            .filter(code=values.pop("agent_code"))
            .first()
        )
        if agent is None:
            raise serializers.ValidationError({"agent_code": [_("Unknown agent code.")]})
        policy = services.policy_record(
            organization=request.organization,
            membership=request.membership,
            contest=contest,
            agent=agent,
            **values,
        )
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)


class PolicyDetailAPI(OrgAPIView):
    """One entry with its history; PATCH corrects it (branch staff: their own entries of
    agents in their scope), with the same rules as entering it. Whoever sees the list may
    open what it lists."""

    required_permission = Perm.VIEW_CONTESTS
    write_permission = Perm.ENTER_RESULTS
    http_method_names = ["get", "patch", "options"]

    def _policy(self, request, contest_id, policy_id):
        contest = selectors.contest_get(request.organization, contest_id)
        return contest, selectors.policy_in_scope(request.membership, contest, policy_id)

    @extend_schema(
        responses=inline_serializer(
            "PolicyWithHistory",
            {"policy": PolicySerializer(), "history": PolicyEventSerializer(many=True)},
        ),
        tags=["contests"],
    )
    def get(self, request, org_slug, contest_id, policy_id):
        _contest, policy = self._policy(request, contest_id, policy_id)
        return Response(
            {
                "policy": PolicySerializer(policy).data,
                "history": PolicyEventSerializer(selectors.policy_history(policy), many=True).data,
            }
        )

    @extend_schema(
        request=PolicyCorrectSerializer,
        responses={200: PolicySerializer, 409: PolicySerializer},
        tags=["contests"],
    )
    def patch(self, request, org_slug, contest_id, policy_id):
        contest, policy = self._policy(request, contest_id, policy_id)
        data = PolicyCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        if "agent_code" in values:
            code = values.pop("agent_code")
            values["agent"] = Agent.objects.for_org(request.organization).filter(code=code).first()
            if values["agent"] is None:
                raise serializers.ValidationError({"agent_code": [_("Unknown agent code.")]})
        try:
            policy = services.policy_correct(
                organization=request.organization,
                membership=request.membership,
                contest=contest,
                policy=policy,
                version=version,
                data=values,
            )
        except EditConflict:
            policy.refresh_from_db()  # changed meanwhile: answer with the entry as it is now
            return Response(PolicySerializer(policy).data, status=status.HTTP_409_CONFLICT)
        return Response(PolicySerializer(policy).data)


class PolicyVoidAPI(OrgAPIView):
    required_permission = Perm.ENTER_RESULTS
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: PolicySerializer}, tags=["contests"])
    def post(self, request, org_slug, contest_id, policy_id):
        contest = selectors.contest_get(request.organization, contest_id)
        policy = selectors.policy_in_scope(request.membership, contest, policy_id)
        services.policy_void(
            organization=request.organization,
            membership=request.membership,
            contest=contest,
            policy=policy,
        )
        policy.refresh_from_db()
        return Response(PolicySerializer(policy).data)
