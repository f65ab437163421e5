"""python manage.py verify_draws <org slug> <verify code>: redo every draw of a revealed
prize pool from its seed and log, and say what the public verification page says. Exits
with 0 when every draw is verified, 1 when a draw differs (or the seed does not match its
published hash), 2 when the pool cannot be verified (unknown, or its seed not revealed)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.tenancy import organization_by_slug
from promotions.events import selectors, services
from promotions.events.templatetags.events import verdict


class Command(BaseCommand):
    help = "Redo every draw of a prize pool from its revealed seed and say whether they match."

    def add_arguments(self, parser):
        parser.add_argument("org_slug")
        parser.add_argument("verify_code")

    def handle(self, *args, **options):
        organization = organization_by_slug(options["org_slug"])
        record = (
            selectors.pool_public(organization, options["verify_code"]) if organization else None
        )
        if record is None:
            raise CommandError("No sealed prize pool has this organization and code.", returncode=2)
        with translation.override(organization.default_language):
            pool = record.pool
            self.stdout.write(f"{pool.name} · SHA-256 {pool.seed_sha256}")
            if pool.revealed_at is None:
                raise CommandError(
                    _("The seed is not revealed yet: draws can be verified after the event."),
                    returncode=2,
                )
            self.stdout.write(f"seed {pool.seed}")
            verification = services.pool_verify(organization=organization, pool=pool)
            text = verdict(verification, {p.pk: p.name for p in record.prizes})
            if not verification.ok:
                raise CommandError(text, returncode=1)
            self.stdout.write(self.style.SUCCESS(text))
