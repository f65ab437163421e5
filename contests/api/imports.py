"""Importing the policy system's export: the upload and its dry run, one batch, its commit."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from contests.permissions import Perm

from .. import selectors, services
from ..models import ImportBatch


class ImportBatchSerializer(serializers.ModelSerializer):
    """A batch: while "checking", its dry run is being made by a job (`state` says whether
    it waits for another import of the organization); then the dry run (`summary`; a
    file refused as a whole is "refused", the reason in `error`), and once committing,
    its progress (`rows_done` of `rows_total`, the file's rows), then its `result`
    (counts and desk calendars) or, when the import stopped, the `error`."""

    result = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

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
            "state",
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
        if batch.status == ImportBatch.Status.REFUSED:
            return batch.summary.get("refused", "")
        if batch.status in (ImportBatch.Status.FAILED, ImportBatch.Status.CHECKING) and (
            batch.job_id
        ):
            return batch.job.error
        return ""

    def get_state(self, batch) -> str:
        """The job's state as the user reads it (e.g. queued, waiting for another import
        of the organization), or the batch's."""
        if batch.job_id and batch.status in (
            ImportBatch.Status.CHECKING,
            ImportBatch.Status.COMMITTING,
        ):
            return str(batch.job.state_label)
        return str(batch.get_status_display())


class PolicyImportAPI(OrgAPIView):
    """Bulk import: upload the policy system's export (multipart field `file`, CSV or XLSX)
    → 202 with the batch, "checking": a job makes the dry run (GET the batch until it is
    "preview", with every bad row by line number, or "refused"); nothing changes; then
    commit it. A file too large, of another type or a workbook unpacking past the limit
    is refused at once (400)."""

    required_permission = Perm.ENTER_RESULTS
    http_method_names = ["post", "options"]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "PolicyImportUpload", {"file": serializers.FileField()}
            )
        },
        responses={202: ImportBatchSerializer},
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
        # (in-process, without a broker, the job has run by now)
        batch = selectors.import_batch_get(request.membership, contest, batch.pk)
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


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
