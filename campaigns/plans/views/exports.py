"""The plan's PDF export: ask for one, poll its status, download the file."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from campaigns.roles import Perm
from campaigns.views import org_page

from .. import selectors, services
from .plan import plan_url


@require_POST
@org_page(Perm.EXPORT_PLANS)
def export_create(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    export = services.export_request(organization=organization, actor=request.user, plan=plan)
    if request.htmx:
        return render(request, "campaigns/plans/_export.html", {"export": export})
    return redirect(plan_url(plan) + "#exports")


@org_page(Perm.EXPORT_PLANS)
def export_status(request, organization, export_id):
    export = selectors.export_get(organization, export_id)
    return render(request, "campaigns/plans/_export.html", {"export": export})


@org_page(Perm.EXPORT_PLANS)
def export_download(request, organization, export_id):
    export = selectors.export_get(organization, export_id)
    if not export.file or not export.file.storage.exists(export.file.name):
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename or f"plan-{export.plan_id}.pdf",
        content_type="application/pdf",
    )
