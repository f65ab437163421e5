"""The import page: upload the policy system's export, see the dry run (each bad row by
its line number and reason), then commit the valid rows. A large file commits as a
background job: the batch's page shows its progress (htmx polls it) and then its
outcome."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns.query_params import query_id
from campaigns.views import apply_service, org_page, posted_data
from contests.permissions import Perm

from .. import policy_export, selectors, services
from ..models import Policy

RECENT_BATCHES = 10


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export of the policy system (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


@org_page(Perm.ENTER_RESULTS)
def contest_import(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    form = ImportForm(posted_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        made = {}
        if apply_service(
            form,
            lambda: made.setdefault(
                "batch",
                services.policies_import_preview(
                    organization=organization,
                    membership=request.membership,
                    contest=contest,
                    upload=form.cleaned_data["file"],
                ),
            ),
        ):
            return redirect(_page_url(organization, contest, made["batch"]))
    batch = None
    batch_id = query_id(request, "batch") if request.method == "GET" else None
    if batch_id is not None:
        batch = selectors.import_batch_get(request.membership, contest, batch_id)
    summary = batch.summary if batch else {}
    return render(
        request,
        "contests/import.html",
        {
            "contest": contest,
            "form": form,
            "batch": batch,
            "summary": summary,
            "retention_days": settings.UPLOAD_RETENTION_DAYS,
            "columns_read": [
                (capfirst(policy_export.COLUMNS[name].label), header)
                for name, header in summary.get("columns", {}).items()
            ],
            "updates": [
                {
                    "line": u["line"],
                    "number": u["number"],
                    "changes": [
                        (capfirst(Policy._meta.get_field(name).verbose_name), old, new)
                        for name, (old, new) in u["changes"].items()
                    ],
                }
                for u in summary.get("updates", [])
            ],
            "batches": selectors.import_batches_visible(request.membership, contest)[
                :RECENT_BATCHES
            ],
            "columns": list(policy_export.COLUMNS.values()),
            "max_mb": policy_export.MAX_BYTES // (1024 * 1024),
            "max_rows": f"{policy_export.MAX_ROWS:,}",
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def contest_import_commit(request, organization, contest_id, batch_id):
    contest = selectors.contest_get(organization, contest_id)
    batch = selectors.import_batch_get(request.membership, contest, batch_id)
    try:
        result = services.policies_import_commit(
            organization=organization, membership=request.membership, contest=contest, batch=batch
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(organization, contest, batch))
    if result is None:  # a job; in-process (no broker) it has run by now
        batch = selectors.import_batch_get(request.membership, contest, batch_id)
        result = batch.summary.get("result") if batch.status == batch.Status.COMMITTED else None
        if batch.status == batch.Status.COMMITTING:
            messages.info(
                request, _("The file is being imported in the background; see its progress below.")
            )
    if result is not None:
        messages.success(
            request,
            _(
                "Imported: %(new)d new and %(updated)d updated policies, %(unchanged)d "
                "unchanged; %(bad)d bad rows left out. %(calendars)d desk calendars "
                "reserved."
            )
            % result,
        )
    return redirect(_page_url(organization, contest, batch))


def _page_url(organization, contest, batch):
    url = reverse(
        "contest_import", kwargs={"org_slug": organization.slug, "contest_id": contest.pk}
    )
    return f"{url}?batch={batch.pk}"
