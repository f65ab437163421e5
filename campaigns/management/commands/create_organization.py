import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns import services
from campaigns.roles import Role
from campaigns.tenancy import tenant_context


class Command(BaseCommand):
    help = (
        "Create an organization and its first admin (password from --admin-password, "
        "$ADMIN_PASSWORD, or a prompt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--time-zone", default="Asia/Shanghai")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--admin-password", default=os.environ.get("ADMIN_PASSWORD", ""))

    def handle(self, *args, **o):
        password = o["admin_password"] or getpass.getpass("Admin password: ")
        try:
            with transaction.atomic():
                organization = services.organization_create(
                    slug=o["slug"],
                    name=o["name"],
                    time_zone=o["time_zone"],
                    default_language=o["language"],
                )
                with tenant_context(organization):
                    services.member_add(
                        organization=organization,
                        username=o["admin_username"],
                        password=password,
                        email=o["admin_email"],
                        role=Role.ADMIN,
                    )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {organization.slug} with admin {o['admin_username']}.")
