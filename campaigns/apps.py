from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns platform")

    def ready(self):
        # Job kinds register their handlers on import; workers and web both need them.
        import contests.battle_report  # noqa: F401

        # The kinds of claimable row the one sweeper sweeps (campaigns/claimable.py).
        from . import jobs  # noqa: F401
        from .plans import pdf  # noqa: F401

        # Registers what a new organization starts with here: its SMS webhook secret.
        from .sms import (
            sending,  # noqa: F401
            webhook,  # noqa: F401
        )
