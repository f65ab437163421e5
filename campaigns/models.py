"""Tenancy (organizations, members, branches, teams) and the generic background job row."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from .roles import Role


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


# First path segments the site uses itself; an organization cannot take them.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "api",
        "auth",
        "hooks",
        "i18n",
        "invitations",
        "platform-admin",
        "static",
        "media",
        "screen",
        "verify",
    }
)


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This short name is reserved; choose another."))


class Organization(models.Model):
    """A tenant: one company. Not tenant-owned itself; everything else points here."""

    slug = models.SlugField(
        _("short name in links"),
        max_length=50,
        unique=True,
        validators=[validate_slug_not_reserved],
    )
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    default_language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    # The organization's own upper bounds of amounts, kind → yuan as text, over the
    # defaults of campaigns.money.BOUNDS (docs/money.md); changed on the amount limits page.
    amount_ceilings = models.JSONField(_("amount limits"), default=dict, blank=True)
    # The modules (plan kinds) it runs, chosen by its admin: null runs every module
    # (campaigns/modules.py); switching one off hides it and deletes nothing.
    modules = models.JSONField(_("modules"), null=True, blank=True, default=None)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    @property
    def zoneinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # validated on save; be safe
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class TenantQuerySet(models.QuerySet):
    def for_org(self, organization):
        return self.filter(organization=organization)


class TenantModel(models.Model):
    """Base of every tenant-owned table: organization_id, app-level scoping, and (on
    PostgreSQL) row-level security added by campaigns.rls in each app's migrations."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Branch(TenantModel):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="branch_unique_name")
        ]

    def __str__(self):
        return self.name


class Team(TenantModel):
    name = models.CharField(_("name"), max_length=100)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_unique_name")
        ]

    def __str__(self):
        return self.name


class Membership(TenantModel):
    """A user's place in an organization: one role, and for branch staff an optional scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=Q(branch__isnull=True) | Q(team__isnull=True),
                name="membership_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.BRANCH_STAFF)
                | (Q(branch__isnull=True) & Q(team__isnull=True)),
                name="membership_scope_only_for_branch_staff",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization_id} ({self.role})"

    @property
    def scope(self):
        return self.team or self.branch


class Invitation(TenantModel):
    """An existing account invited to join: nothing of the person shows in the
    organization, and nothing of the organization reaches them, until they accept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="invitation_unique_user"),
        ]

    def __str__(self):
        return f"{self.user} → {self.organization_id} ({self.role})"


class Job(TenantModel):
    """A background job as a row the user can see; the queue only carries its id."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running claim's lease (campaigns/claimable.py): the worker that holds it and the
    # time it must be renewed by; after that a redelivery or the sweeper takes over.
    lease_owner = models.CharField(_("worker"), max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Sending its id to the queue failed (the broker was down): the sweeper sends it.
    enqueue_failed_at = models.DateTimeField(null=True, blank=True)
    # An import (campaigns.jobs, `is_import`) that found IMPORTS_PER_ORGANIZATION of its
    # organization's imports running: queued, waiting for one of them to finish, since.
    waiting_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["organization", "status", "updated_at"], name="job_org_status")
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def state_label(self):
        """The status as the user reads it: a queued import that waits for a slot says so."""
        if self.status == self.Status.QUEUED and self.waiting_since is not None:
            return _("Queued (waiting for another import of this organization)")
        return self.get_status_display()

    def get_kind_display(self):
        """The kind's label (registered with its handler, campaigns/jobs.py), not its key."""
        from .jobs import kind_label  # jobs imports this module

        return kind_label(self.kind)


class IdempotencyKey(TenantModel):
    """The first answer to an API POST sent with an `Idempotency-Key` header, per
    organization, user and key, so that a client's retry gets that answer again instead
    of making a second object (campaigns/idempotency.py). Kept IDEMPOTENCY_KEY_HOURS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # sha256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "key"], name="idempotency_key_once"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "created_at"], name="idempotency_org_created")
        ]

    def __str__(self):
        return f"{self.key} ({self.status_code})"


class ApiToken(AbstractAuthToken):
    """An API token of one user on one device (django-rest-knox: only a hash is stored).

    Not tenant-owned: like a session it belongs to the person and works in each of
    their organizations. `password_fingerprint` ties it to the password it was issued
    under (campaigns.api_tokens), so a password change ends it by whatever path.
    """

    # A plain id to name a token in pages and the API; the digest stays internal.
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("device"), max_length=100, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    password_fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} · {self.name or self.pk}"


# The plans domain keeps its models in campaigns/plans/models.py.
from .plans.models import (  # noqa: E402, F401
    BudgetLine,
    Export,
    Goal,
    Material,
    Plan,
    PlanEvent,
    PlanKind,
    PlanStatus,
    PlanTemplate,
    Section,
    Stage,
    Task,
    TaskStatus,
    WorkGroup,
)
from .sms.models import SmsMessage, SmsOptOut, SmsSettings  # noqa: E402, F401
