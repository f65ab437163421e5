from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Event days: its own Django app inside promotions/ (label "events"), because its
    tables and migrations are its own; it shares nothing with bundles or channels but the
    kernel."""

    name = "promotions.events"
    label = "events"
    verbose_name = _("Event days")

    def ready(self):
        from campaigns.modules import register_module
        from campaigns.navigation import register_navigation
        from campaigns.plans.models import PlanKind
        from campaigns.roles import register_permissions

        from . import permissions

        register_permissions(permissions.Perm, labels=permissions.LABELS, matrix=permissions.MATRIX)
        # Two kinds of event day, one set of pages: events.* is on while either is.
        for order, kind in enumerate((PlanKind.DECORATION_EVENT, PlanKind.TELECOM_DAY), 30):
            register_module(kind, kind.label, permission_prefixes=["events"], order=order)
        register_navigation("event_list", _("Events"), permissions.Perm.VIEW_EVENTS, order=45)
        from . import home

        home.register()
        # Registers what a new organization starts with (the lead channels) and the
        # event chapter of the plan's PDF, the report PDF's job kind and the demo data.
        from . import (  # noqa: F401
            demo,
            plan_alerts,  # noqa: F401
            plan_pdf,
            ranking_pdf,  # noqa: F401  (Telecom Day's daily ranking PDF job)
            report_pdf,
            services,
        )

        self._retain_uploads()

    @staticmethod
    def _retain_uploads():
        """Uploaded guest lists are deleted after the retention period; the imports (their
        reports) stay. One whose job has not finished keeps its file."""
        from django.db.models import Q

        from campaigns.upload_retention import retained_upload

        from .models import GuestImport

        retained_upload(
            GuestImport, since="created_at", unless=Q(job__status__in=["queued", "running"])
        )
