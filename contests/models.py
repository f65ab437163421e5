"""The insurance sales contest: a contest attached to a plan of the contest kind, its
agents and the policies they write. Awards are computed by contests/rules/ from these
rows; the only reward stored is the desk calendar a policy took from the stock."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Plan, Team, TenantModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class Contest(TenantModel):
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    goal = models.DecimalField(_("department goal"), **MONEY, validators=[MinValueValidator(0)])
    calendar_stock = models.PositiveIntegerField(_("desk calendars in stock"), default=0)
    calendars_taken = models.PositiveIntegerField(default=0)
    rules = models.JSONField(default=dict, blank=True)  # the plan's reward rules (extra)
    report_time = models.TimeField(
        _("daily battle report at"),
        default=datetime.time(20, 0),
        help_text=_("In the organization's time zone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("sales contest")
        verbose_name_plural = _("sales contests")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="contest_period_order",
                violation_error_message=_("The contest cannot end before it starts."),
            ),
            # Never oversold: the stock counter cannot pass the stock.
            models.CheckConstraint(
                condition=Q(calendars_taken__lte=F("calendar_stock")),
                name="contest_calendars_within_stock",
            ),
        ]

    def __str__(self):
        return f"{self.plan_id}: {self.period_start} – {self.period_end}"


class Agent(TenantModel):
    code = models.CharField(_("agent code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    full_time = models.BooleanField(_("full-time"), default=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="agent_unique_code"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Policy(TenantModel):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(
        Agent, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("policy number"), max_length=40)
    premium = models.DecimalField(
        _("premium"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    issued_on = models.DateField(_("issue date"))
    product = models.CharField(_("product"), max_length=100, blank=True)
    card_number = models.CharField(_("card policy number"), max_length=40)
    calendar = models.BooleanField(default=False)  # took a desk calendar from the stock
    voided = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # The file an imported policy came from: its history starts there (an import writes no
    # history row per new policy; corrections and voids still get theirs).
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contest", "number"], name="policy_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(premium__gt=0),
                name="policy_premium_positive",
                violation_error_message=_("The premium must be more than zero."),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "contest", "agent"], name="policy_contest_agent")
        ]

    def __str__(self):
        return self.number


class PolicyEvent(TenantModel):
    """History of an entry: recorded, corrected, voided — who, when, what."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class ImportBatch(TenantModel):
    """One uploaded export of the policy system: previewed (a dry run whose outcome is in
    `summary`, made by a job while the batch is "checking"; a file refused as a whole is
    "refused", its reason in `summary["refused"]`), then committed at most once. The
    file is kept so that committing checks the very rows that were previewed again,
    against the data as it is then. A large batch commits as a background job (`job`),
    a chunk of rows at a time: `rows_done` of `rows_total` (the file's rows) is its
    progress, `tally` the counts of the chunks written so far; the outcome, as for a
    batch committed in the request, is `summary["result"]`."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        REFUSED = "refused", _("file refused")
        PREVIEW = "preview", _("previewed")
        COMMITTING = "committing", _("importing")
        COMMITTED = "committed", _("imported")
        FAILED = "failed", _("import stopped")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    committed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    job = models.OneToOneField(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    tally = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("policy import")
        verbose_name_plural = _("policy imports")
        indexes = [
            models.Index(
                fields=["organization", "contest", "created_at"], name="importbatch_contest"
            )
        ]

    def __str__(self):
        return self.original_name


class AwardDecision(TenantModel):
    """What an agent chose for an award: the boxed belt or two bowl sets (item 3), or for
    items 4–5 keeping it, giving it to a named adult, or taking the stated cash."""

    class Choice(models.TextChoices):
        BELT = "belt", _("Boxed belt")
        TWO_BOWL_SETS = "two_bowl_sets", _("Two bowl sets")
        KEEP = "keep", _("Takes it")
        TRANSFER = "transfer", _("Given to a named adult")
        CASH = "cash", _("Paid out in cash")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="+")
    item = models.PositiveSmallIntegerField()
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)
    transfer_to = models.CharField(_("given to"), max_length=100, blank=True)
    cash_amount = models.DecimalField(_("cash amount"), **MONEY, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contest", "agent", "item"],
                name="award_decision_once_per_item",
            ),
        ]


class TrackingEntry(TenantModel):
    """The tracking register (追踪登记表): a supervisor's daily follow-up of an agent."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    visits = models.PositiveSmallIntegerField(_("visits"), default=0)
    attended_meeting = models.BooleanField(_("at the morning meeting"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    tracked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "agent__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contest", "agent", "day"], name="tracking_once_per_day"
            ),
        ]


class EvaluationSnapshot(TenantModel):
    """The evaluation every 4 days: each team's and agent's standing as it was that day."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    taken_on = models.DateField(_("evaluation day"))
    department_total = models.DecimalField(**MONEY)
    teams = models.JSONField(default=list)  # [{"team": name, "total": "..."}]
    agents = models.JSONField(default=list)  # [{"code", "name", "team", "total", "policies"}]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contest", "taken_on"], name="snapshot_once_per_day"
            ),
        ]


class BattleReport(TenantModel):
    """A day's battle report (战报): its PDF is made by the export job."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    job = models.OneToOneField(
        "campaigns.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="battle-reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a policy of the report's day or earlier is entered, corrected or voided after
    # the PDF was made: the schedule then makes it again (made_at says when it last was).
    outdated = models.BooleanField(default=False)
    # Counts those changes. The job notes it before printing and clears `outdated` only if
    # no change came in meanwhile, so it never holds the row while it prints (entries
    # would wait for it).
    changes = models.PositiveIntegerField(default=0)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contest", "day"], name="battle_report_once_per_day"
            ),
        ]
