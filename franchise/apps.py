from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FranchiseConfig(AppConfig):
    name = "franchise"
    verbose_name = _("Franchise strategy")

    def ready(self):
        # The statement PDF job kind registers its handler on import (web and worker).
        from . import statement_pdf  # noqa: F401
