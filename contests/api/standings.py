"""Standings: the leaderboard (agents a page at a time, every team) and one agent's awards."""

from django.utils import timezone
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, PageQuerySerializer
from contests.permissions import Perm

from .. import selectors


class AgentRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    agent_id = serializers.IntegerField()
    code = serializers.CharField(source="agent__code")
    name = serializers.CharField(source="agent__name")
    team = serializers.CharField(source="agent__team__name")
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    policies = serializers.IntegerField()
    calendars = serializers.IntegerField()
    below_minimum_by = serializers.DecimalField(
        source="shortfall", max_digits=14, decimal_places=2, allow_null=True
    )


class TeamRowSerializer(serializers.Serializer):
    team = serializers.CharField(source="team.name")
    supervisors = serializers.ListField(child=serializers.CharField())
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    team_fund = serializers.DecimalField(
        source="award.amount", max_digits=14, decimal_places=2, allow_null=True, default=None
    )


class AwardSerializer(serializers.Serializer):
    rule = serializers.CharField()
    item = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    quantity = serializers.IntegerField()
    status = serializers.CharField()
    policies = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class ContestLeaderboardAPI(OrgAPIView):
    """The agents a page at a time (ranks run on across pages: a department may have
    thousands), and every team."""

    required_permission = Perm.VIEW_CONTESTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=inline_serializer(
            "Leaderboard",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "agents": AgentRowSerializer(many=True),
                "teams": TeamRowSerializer(many=True),
            },
        ),
        tags=["contests"],
    )
    def get(self, request, org_slug, contest_id):
        paging = PageQuerySerializer(data=request.query_params)
        paging.is_valid(raise_exception=True)
        page, size = paging.validated_data["page"], paging.validated_data["page_size"]
        contest = selectors.contest_get(request.organization, contest_id)
        standing = selectors.contest_standing(contest, timezone.localdate())
        agents = standing["agents"]
        pages = max(1, -(-len(agents) // size))
        if page > pages:
            return Response(
                {
                    "page": [
                        ngettext("There is only %(n)d page.", "There are only %(n)d pages.", pages)
                        % {"n": pages}
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        first = (page - 1) * size
        rows = [row | {"rank": first + n} for n, row in enumerate(agents[first : first + size], 1)]
        return Response(
            {
                "count": len(agents),
                "page": page,
                "pages": pages,
                "agents": AgentRowSerializer(rows, many=True).data,
                "teams": TeamRowSerializer(standing["teams"], many=True).data,
            }
        )


class AgentAwardsAPI(OrgAPIView):
    required_permission = Perm.VIEW_CONTESTS

    @extend_schema(
        responses=inline_serializer(
            "AgentAwards",
            {
                "total": serializers.DecimalField(max_digits=14, decimal_places=2),
                "awards": AwardSerializer(many=True),
                "next_tier": serializers.CharField(allow_null=True),
                "needed_for_next_tier": serializers.DecimalField(
                    max_digits=14, decimal_places=2, allow_null=True
                ),
            },
        ),
        tags=["contests"],
    )
    def get(self, request, org_slug, contest_id, agent_id):
        contest = selectors.contest_get(request.organization, contest_id)
        agent = selectors.agent_get(request.organization, agent_id)
        standing = selectors.agent_standing(contest, agent)
        tier = standing["next_tier"]
        return Response(
            {
                "total": str(standing["total"]),
                "awards": AwardSerializer(standing["awards"], many=True).data,
                "next_tier": tier[0].prize if tier else None,
                "needed_for_next_tier": str(tier[1]) if tier else None,
            }
        )
