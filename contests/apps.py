from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Sales contests")

    def ready(self):
        # Job kinds register their handlers on import; workers and web both need them.
        from . import battle_report_pdf  # noqa: F401
