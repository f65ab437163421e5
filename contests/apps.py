from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Sales contests")

    def ready(self):
        from campaigns.modules import register_module
        from campaigns.navigation import register_navigation
        from campaigns.plans.models import PlanKind
        from campaigns.roles import register_permissions

        from . import permissions
        from .permissions import Perm

        register_permissions(Perm, labels=permissions.LABELS, matrix=permissions.MATRIX)
        register_module(
            PlanKind.CONTEST, PlanKind.CONTEST.label, permission_prefixes=["contests"], order=20
        )
        register_navigation("contest_list", _("Contests"), Perm.VIEW_CONTESTS, order=20)
        from . import home

        home.register()
        # Register on import: the battle report and import job kinds, the demo data.
        from . import battle_report_pdf, demo  # noqa: F401
        from .services import import_job  # noqa: F401

        self._retain_uploads()

    @staticmethod
    def _retain_uploads():
        """Uploaded policy files are deleted after the retention period; the batches stay.
        A batch being checked or imported keeps its file (its job reads it)."""
        from django.db.models import Q

        from campaigns.upload_retention import retained_upload

        from .models import ImportBatch

        retained_upload(
            ImportBatch,
            since="created_at",
            unless=Q(status__in=[ImportBatch.Status.CHECKING, ImportBatch.Status.COMMITTING]),
        )
