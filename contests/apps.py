from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Sales contests")

    def ready(self):
        from campaigns.navigation import register_navigation
        from campaigns.roles import register_permissions

        from . import permissions
        from .permissions import Perm

        register_permissions(Perm, labels=permissions.LABELS, matrix=permissions.MATRIX)
        register_navigation("contest_list", _("Contests"), Perm.VIEW_CONTESTS, order=20)
        # Register on import: the battle report and import job kinds, the demo data.
        from . import battle_report_pdf, demo  # noqa: F401
        from .services import import_job  # noqa: F401
