"""Contest API: /api/v1/<org>/contests/... — contests, progress, leaderboards, awards and
policies. Thin: the same selectors and services as the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.errors import EditConflict
from campaigns.pagination import (
    PAGE_PARAMETERS,
    PageQuerySerializer,
    paginated_response,
    paginated_schema,
)
from contests.permissions import Perm

from . import selectors, services
from .models import Agent, Contest, ImportBatch, Policy


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
    premium = serializers.CharField(max_length=20)
    issued_on = serializers.DateField()
    product = serializers.CharField(max_length=100, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


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
            selectors.live_policies(contest).select_related("agent").order_by("-issued_on", "-pk")
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
    premium = serializers.CharField(max_length=20, required=False)
    issued_on = serializers.DateField(required=False)
    product = serializers.CharField(max_length=100, required=False, allow_blank=True)
    card_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class PolicyDetailAPI(OrgAPIView):
    """One entry with its history; PATCH corrects it (branch staff: their own entries of
    agents in their scope), with the same rules as entering it."""

    required_permission = Perm.ENTER_RESULTS
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


class ImportBatchSerializer(serializers.ModelSerializer):
    """A batch: the dry run (`summary`), and once committing, its progress (`rows_done` of
    `rows_total`, the file's rows), then its `result` (counts and desk calendars) or,
    when the import stopped, the `error`."""

    result = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "status",
            "original_name",
            "summary",
            "created_at",
            "committed_at",
            "rows_total",
            "rows_done",
            "result",
            "error",
        ]

    @extend_schema_field(
        inline_serializer(
            "PolicyImportResult",
            {
                name: serializers.IntegerField()
                for name in ("new", "updated", "unchanged", "bad", "calendars")
            },
            allow_null=True,
        )
    )
    def get_result(self, batch):
        return batch.summary.get("result")

    def get_error(self, batch) -> str:
        if batch.status == ImportBatch.Status.FAILED and batch.job_id:
            return batch.job.error
        return ""


class PolicyImportAPI(OrgAPIView):
    """Bulk import: upload the policy system's export (multipart field `file`, CSV or XLSX)
    → a dry run with every bad row by line number (nothing changes); then commit it."""

    required_permission = Perm.ENTER_RESULTS
    http_method_names = ["post", "options"]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "PolicyImportUpload", {"file": serializers.FileField()}
            )
        },
        responses={201: ImportBatchSerializer},
        tags=["contests"],
    )
    def post(self, request, org_slug, contest_id):
        contest = selectors.contest_get(request.organization, contest_id)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": [_("Choose the export file.")]})
        batch = services.policies_import_preview(
            organization=request.organization,
            membership=request.membership,
            contest=contest,
            upload=upload,
        )
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class PolicyImportBatchAPI(OrgAPIView):
    """One import batch: its dry run, and while it commits as a job its progress, then its
    outcome. Branch staff see only the batches they uploaded (as on the page)."""

    required_permission = Perm.ENTER_RESULTS
    http_method_names = ["get", "options"]

    @extend_schema(responses={200: ImportBatchSerializer}, tags=["contests"])
    def get(self, request, org_slug, contest_id, batch_id):
        contest = selectors.contest_get(request.organization, contest_id)
        batch = selectors.import_batch_get(request.membership, contest, batch_id)
        return Response(ImportBatchSerializer(batch).data)


class PolicyImportCommitAPI(OrgAPIView):
    """Commit a previewed batch: 200 with the outcome when it is committed at once, 202
    when it is large enough to run as a job (GET the batch for its progress); 400 when it
    was committed before or is being committed."""

    required_permission = Perm.ENTER_RESULTS
    http_method_names = ["post", "options"]

    @extend_schema(
        request=None,
        responses={200: ImportBatchSerializer, 202: ImportBatchSerializer},
        tags=["contests"],
    )
    def post(self, request, org_slug, contest_id, batch_id):
        contest = selectors.contest_get(request.organization, contest_id)
        batch = selectors.import_batch_get(request.membership, contest, batch_id)
        services.policies_import_commit(
            organization=request.organization,
            membership=request.membership,
            contest=contest,
            batch=batch,
        )
        # (in-process, without a broker, the job has run by now)
        batch = selectors.import_batch_get(request.membership, contest, batch_id)
        running = batch.status == ImportBatch.Status.COMMITTING
        return Response(
            ImportBatchSerializer(batch).data,
            status=status.HTTP_202_ACCEPTED if running else status.HTTP_200_OK,
        )
