from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns platform")

    def ready(self):
        # Job kinds register their handlers on import; workers and web both need them.
        from .plans import pdf  # noqa: F401

        # Registers what a new organization starts with here: its SMS webhook secret.
        from .sms import webhook  # noqa: F401
