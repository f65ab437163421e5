"""The contests: the list, and one contest's progress against its checkpoints."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema
from contests.permissions import Perm

from .. import selectors
from ..models import Contest


class ContestSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="plan.title")

    class Meta:
        model = Contest
        fields = [
            "id",
            "plan",
            "title",
            "period_start",
            "period_end",
            "goal",
            "calendar_stock",
            "calendars_taken",
        ]


class ProgressSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    goal = serializers.DecimalField(max_digits=14, decimal_places=2)
    checkpoint = serializers.CharField()
    checkpoint_target = serializers.DecimalField(max_digits=14, decimal_places=2)
    ahead = serializers.BooleanField()
    shortfall_to_checkpoint = serializers.DecimalField(max_digits=14, decimal_places=2)
    required_daily_to_checkpoint = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    required_daily_to_goal = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    projection = serializers.DecimalField(max_digits=14, decimal_places=2)


class ContestListAPI(OrgAPIView):
    required_permission = Perm.VIEW_CONTESTS

    @extend_schema(
        parameters=PAGE_PARAMETERS, responses=paginated_schema(ContestSerializer), tags=["contests"]
    )
    def get(self, request, org_slug):
        contests = selectors.contests_of(request.organization).order_by("-period_start", "pk")
        return paginated_response(request, contests, ContestSerializer)


class ContestProgressAPI(OrgAPIView):
    required_permission = Perm.VIEW_CONTESTS

    @extend_schema(responses=ProgressSerializer, tags=["contests"])
    def get(self, request, org_slug, contest_id):
        contest = selectors.contest_get(request.organization, contest_id)
        standing = selectors.contest_standing(contest, timezone.localdate())
        p = standing["progress"]
        return Response(
            ProgressSerializer(
                {
                    "total": standing["total"],
                    "goal": contest.goal,
                    "checkpoint": p.current.name,
                    "checkpoint_target": p.checkpoint_target,
                    "ahead": p.ahead,
                    "shortfall_to_checkpoint": p.shortfall_to_checkpoint,
                    "required_daily_to_checkpoint": p.required_daily_to_checkpoint,
                    "required_daily_to_goal": p.required_daily_to_goal,
                    "projection": p.projection,
                }
            ).data
        )
