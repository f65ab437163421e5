"""Plans API: /api/v1/<org>/plans/..., /exports/..., /templates/.

Thin: serializers parse and present, services write, selectors read. A stale `version`
on an update answers 409 with the values now stored.
"""

import functools

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountModelSerializerMixin
from campaigns.roles import Perm

from . import selectors, services
from .models import Export, Plan, PlanEvent, PlanKind, PlanStatus, Stage
from .parts import PART_TYPES

# -- serializers ---------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True, default=None)

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "title",
            "owner",
            "start_date",
            "end_date",
            "anchor_date",
            "budget_total",
            "status",
            "in_force",
            "template_key",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    template = serializers.CharField(max_length=60, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=PlanKind.choices, required=False)
    template_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=(
            "The date the template needs (an event day, a contest's or rollout's start, as "
            "GET templates/ names it); every date of the template moves with it. Absent: "
            "the template's proposed date, every date of the plan in the future."
        ),
    )
    start_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Instead of template_date: move every date so the plan starts that day.",
    )

    def validate(self, attrs):
        if not attrs.get("template") and not attrs.get("kind"):
            raise serializers.ValidationError(
                {"template": _("Give a template key, or a kind for a blank plan.")}
            )
        return attrs


class PlanUpdateSerializer(AmountModelSerializerMixin, serializers.ModelSerializer):
    version = serializers.IntegerField(help_text="The version you read; a stale one → 409.")

    class Meta:
        model = Plan
        fields = ["version", *selectors.PLAN_FIELDS]
        extra_kwargs = {name: {"required": False} for name in selectors.PLAN_FIELDS}


class FindingSerializer(serializers.Serializer):
    level = serializers.CharField()
    part = serializers.CharField()
    part_id = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    fix = serializers.CharField()


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices)


class CopySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    offset_days = serializers.IntegerField(min_value=-3650, max_value=3650, default=0)


class SaveTemplateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class TemplateSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    builtin = serializers.BooleanField()
    date_label = serializers.CharField(help_text="What the date the template needs is.")
    date_default = serializers.DateField(
        help_text="The date proposed for it: every date of a new plan ahead."
    )


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = PlanEvent
        fields = ["id", "at", "actor", "action", "part", "part_id", "label", "changes"]


class ExportSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="job.status")
    error = serializers.CharField(source="job.error")
    attempts = serializers.IntegerField(source="job.attempts")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Export
        fields = ["id", "plan", "status", "error", "attempts", "created_at", "download_url"]

    def get_download_url(self, export) -> str | None:
        if export.job.status != "done" or not export.file:
            return None
        url = reverse(
            "api_export_download",
            kwargs={"org_slug": self.context["request"].organization.slug, "export_id": export.pk},
        )
        return self.context["request"].build_absolute_uri(url)


CONFLICT_RESPONSE = OpenApiResponse(
    response=inline_serializer(
        "EditConflict", {"detail": serializers.CharField(), "current": serializers.DictField()}
    ),
    description="Someone saved a newer version; `current` holds what is stored now.",
)


@functools.cache  # one class per part, so the OpenAPI schema names each once
def part_serializer_class(slug):
    part = PART_TYPES[slug]

    class Meta:
        model = part.model
        fields = ["id", "position", "version", *part.fields]
        read_only_fields = ["id", "position", "version"]

    attrs = {"Meta": Meta}
    if "stage" in part.fields:
        attrs["stage"] = serializers.PrimaryKeyRelatedField(
            queryset=Stage.objects.none(), required=False, allow_null=True
        )

        def __init__(self, *args, **kwargs):  # noqa: N807
            serializers.ModelSerializer.__init__(self, *args, **kwargs)
            plan = self.context.get("plan")
            if plan is not None:
                self.fields["stage"].queryset = Stage.objects.for_org(plan.organization_id).filter(
                    plan=plan
                )

        attrs["__init__"] = __init__
    name = part.model.__name__
    return type(
        f"{name}Serializer", (AmountModelSerializerMixin, serializers.ModelSerializer), attrs
    )


@functools.cache
def part_update_serializer_class(slug):
    base = part_serializer_class(slug)
    part = PART_TYPES[slug]

    class Meta(base.Meta):
        extra_kwargs = {name: {"required": False} for name in part.fields}

    return type(
        f"{part.model.__name__}UpdateSerializer",
        (base,),
        {
            "Meta": Meta,
            "version": serializers.IntegerField(
                help_text="The version you read; a stale one → 409."
            ),
        },
    )


# -- views ---------------------------------------------------------------------------------


class PlanListAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EDIT_PLANS

    @extend_schema(responses=PlanSerializer(many=True), tags=["plans"])
    def get(self, request, org_slug):
        return Response(PlanSerializer(selectors.plans_of(request.organization), many=True).data)

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer}, tags=["plans"])
    def post(self, request, org_slug):
        data = PlanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template_key = data.validated_data.get("template") or None
        template_date = data.validated_data.get("template_date")
        start_date = data.validated_data.get("start_date")
        if template_key and template_date is None and start_date is None:
            need = selectors.template_date(request.organization, template_key)
            template_date = need.default if need else None
        plan = services.plan_create(
            organization=request.organization,
            actor=request.user,
            title=data.validated_data["title"],
            kind=data.validated_data.get("kind"),
            template_key=template_key,
            template_date=template_date,
            start_date=start_date,
        )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanDetailAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EDIT_PLANS

    @extend_schema(responses=PlanSerializer, tags=["plans"])
    def get(self, request, org_slug, plan_id):
        return Response(PlanSerializer(selectors.plan_get(request.organization, plan_id)).data)

    @extend_schema(
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, 409: CONFLICT_RESPONSE},
        tags=["plans"],
    )
    def patch(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        data = PlanUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "version" not in data.validated_data:
            raise serializers.ValidationError({"version": [_("This field is required.")]})
        values = dict(data.validated_data)
        plan = services.plan_update(
            organization=request.organization,
            actor=request.user,
            plan=plan,
            version=values.pop("version"),
            data=values,
        )
        return Response(PlanSerializer(plan).data)


class PlanFindingsAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS

    @extend_schema(responses=FindingSerializer(many=True), tags=["plans"])
    def get(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        return Response(FindingSerializer(selectors.plan_findings(plan), many=True).data)


class PlanHistoryAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS

    @extend_schema(responses=EventSerializer(many=True), tags=["plans"])
    def get(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        return Response(EventSerializer(selectors.plan_history(plan), many=True).data)


class PlanTransitionAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.RUN_PLANS
    http_method_names = ["post", "options"]

    @extend_schema(request=TransitionSerializer, responses=PlanSerializer, tags=["plans"])
    def post(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_transition(
            organization=request.organization,
            actor=request.user,
            plan=plan,
            target=data.validated_data["status"],
        )
        return Response(PlanSerializer(plan).data)


class PlanInForceAPI(OrgAPIView):
    """POST: put the plan in force in place of its kind's current one (managers); the call
    is the explicit act. Which plan is in force: `in_force` on the plans."""

    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.RUN_PLANS
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses=PlanSerializer, tags=["plans"])
    def post(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        plan, _replaced = services.plan_put_in_force(
            organization=request.organization, actor=request.user, plan=plan
        )
        return Response(PlanSerializer(plan).data)


class PlanCopyAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EDIT_PLANS
    http_method_names = ["post", "options"]

    @extend_schema(request=CopySerializer, responses={201: PlanSerializer}, tags=["plans"])
    def post(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        data = CopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.plan_copy(
            organization=request.organization, actor=request.user, plan=plan, **data.validated_data
        )
        return Response(PlanSerializer(new).data, status=status.HTTP_201_CREATED)


class PlanSaveTemplateAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EDIT_PLANS
    http_method_names = ["post", "options"]

    @extend_schema(
        request=SaveTemplateSerializer, responses={201: TemplateSerializer}, tags=["plans"]
    )
    def post(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        data = SaveTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.plan_save_as_template(
            organization=request.organization,
            actor=request.user,
            plan=plan,
            name=data.validated_data["name"],
        )
        need = selectors.template_date(request.organization, template.key)
        return Response(
            {
                "key": template.key,
                "name": template.name,
                "kind": template.kind,
                "description": "",
                "builtin": False,
                "date_label": need.label,
                "date_default": need.default,
            },
            status=status.HTTP_201_CREATED,
        )


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class SectionMoveAPI(OrgAPIView):
    """Move a section one place up or down; answers the sections in their new order."""

    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EDIT_PLANS
    http_method_names = ["post", "options"]

    @extend_schema(
        request=MoveSerializer,
        responses=part_serializer_class("sections")(many=True),
        tags=["plan parts"],
    )
    def post(self, request, org_slug, plan_id, item_id):
        plan = selectors.plan_get(request.organization, plan_id)
        section = selectors.part_get(plan, "sections", item_id)
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.section_move(
            organization=request.organization,
            actor=request.user,
            plan=plan,
            section=section,
            direction=-1 if data.validated_data["direction"] == "up" else 1,
        )
        return Response(
            part_serializer_class("sections")(selectors.parts_of(plan, "sections"), many=True).data
        )


class TemplateListAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS

    @extend_schema(responses=TemplateSerializer(many=True), tags=["plans"])
    def get(self, request, org_slug):
        rows = []
        for row in selectors.templates_available(request.organization):
            need = selectors.template_date(request.organization, row["key"])
            rows.append({**row, "date_label": need.label, "date_default": need.default})
        return Response(TemplateSerializer(rows, many=True).data)


class PlanExportAPI(OrgAPIView):
    required_permission = Perm.VIEW_PLANS
    write_permission = Perm.EXPORT_PLANS
    http_method_names = ["get", "post", "options"]

    @extend_schema(responses=ExportSerializer(many=True), tags=["exports"])
    def get(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        return Response(
            ExportSerializer(
                selectors.exports_of_plan(plan), many=True, context={"request": request}
            ).data
        )

    @extend_schema(request=None, responses={202: ExportSerializer}, tags=["exports"])
    def post(self, request, org_slug, plan_id):
        plan = selectors.plan_get(request.organization, plan_id)
        export = services.export_request(
            organization=request.organization, actor=request.user, plan=plan
        )
        export = selectors.export_get(request.organization, export.pk)
        return Response(
            ExportSerializer(export, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class ExportDetailAPI(OrgAPIView):
    required_permission = Perm.EXPORT_PLANS

    @extend_schema(responses=ExportSerializer, tags=["exports"])
    def get(self, request, org_slug, export_id):
        export = selectors.export_get(request.organization, export_id)
        return Response(ExportSerializer(export, context={"request": request}).data)


class ExportDownloadAPI(OrgAPIView):
    required_permission = Perm.EXPORT_PLANS

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(description="The PDF file")},
        tags=["exports"],
    )
    def get(self, request, org_slug, export_id):
        export = selectors.export_get(request.organization, export_id)
        if not export.file or not export.file.storage.exists(export.file.name):
            raise Http404
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.filename or f"plan-{export.plan_id}.pdf",
            content_type="application/pdf",
        )


def part_api_views(slug):
    """The list/create and read/update/delete views of one kind of part."""
    serializer = part_serializer_class(slug)
    update_serializer = part_update_serializer_class(slug)
    name = PART_TYPES[slug].model.__name__

    class ListView(OrgAPIView):
        required_permission = Perm.VIEW_PLANS
        write_permission = Perm.EDIT_PLANS

        @extend_schema(responses=serializer(many=True), tags=["plan parts"])
        def get(self, request, org_slug, plan_id):
            plan = selectors.plan_get(request.organization, plan_id)
            return Response(serializer(selectors.parts_of(plan, slug), many=True).data)

        @extend_schema(request=serializer, responses={201: serializer}, tags=["plan parts"])
        def post(self, request, org_slug, plan_id):
            plan = selectors.plan_get(request.organization, plan_id)
            data = serializer(data=request.data, context={"plan": plan})
            data.is_valid(raise_exception=True)
            item = services.part_add(
                organization=request.organization,
                actor=request.user,
                plan=plan,
                slug=slug,
                data=data.validated_data,
            )
            return Response(serializer(item).data, status=status.HTTP_201_CREATED)

    class DetailView(OrgAPIView):
        required_permission = Perm.VIEW_PLANS
        write_permission = Perm.EDIT_PLANS
        http_method_names = ["get", "patch", "delete", "options"]

        @extend_schema(responses=serializer, tags=["plan parts"])
        def get(self, request, org_slug, plan_id, item_id):
            plan = selectors.plan_get(request.organization, plan_id)
            return Response(serializer(selectors.part_get(plan, slug, item_id)).data)

        @extend_schema(
            request=update_serializer,
            responses={200: serializer, 409: CONFLICT_RESPONSE},
            tags=["plan parts"],
        )
        def patch(self, request, org_slug, plan_id, item_id):
            plan = selectors.plan_get(request.organization, plan_id)
            item = selectors.part_get(plan, slug, item_id)
            data = update_serializer(data=request.data, partial=True, context={"plan": plan})
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            if "version" not in values:
                raise serializers.ValidationError({"version": [_("This field is required.")]})
            item = services.part_update(
                organization=request.organization,
                actor=request.user,
                plan=plan,
                slug=slug,
                item=item,
                version=values.pop("version"),
                data=values,
            )
            return Response(serializer(item).data)

        @extend_schema(responses={204: None}, tags=["plan parts"])
        def delete(self, request, org_slug, plan_id, item_id):
            plan = selectors.plan_get(request.organization, plan_id)
            item = selectors.part_get(plan, slug, item_id)
            services.part_delete(
                organization=request.organization,
                actor=request.user,
                plan=plan,
                slug=slug,
                item=item,
            )
            return Response(status=status.HTTP_204_NO_CONTENT)

    ListView.__name__ = f"{name}ListAPI"
    DetailView.__name__ = f"{name}DetailAPI"
    return ListView, DetailView
