"""Marketing plans and their parts. Every part row carries `version`, bumped on each
save, so a stale edit is detected instead of overwriting someone else's change."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Job, TenantModel


class PlanKind(models.TextChoices):
    FRANCHISE = "franchise", _("Franchise strategy")
    CONTEST = "contest", _("Sales contest")
    DECORATION_EVENT = "decoration_event", _("Decoration promotion event")
    TELECOM_DAY = "telecom_day", _("Telecom Day event")
    FAMILY_BUNDLE = "family_bundle", _("Family-network bundle")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


MONEY = {"max_digits": 14, "decimal_places": 2}


class Plan(TenantModel):
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    anchor_date = models.DateField(
        _("anchor date"),
        null=True,
        blank=True,
        help_text=_("The day relative tasks count from, e.g. the event day."),
    )
    budget_total = models.DecimalField(
        _("budget ceiling"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    template_key = models.CharField(_("made from template"), max_length=60, blank=True)
    # Kind-specific data (reward rules, bundle tiers, offers) until the kind's own models
    # take it over; see campaigns/plans/kinds.py.
    extra = models.JSONField(default=dict, blank=True)
    # The plan of its kind the organization works by (the franchise board reads it): set by
    # a manager's explicit choice, or by the first approval of its kind; never by an edit.
    in_force = models.BooleanField(_("in force"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("marketing plan")
        verbose_name_plural = _("marketing plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plan_end_not_before_start",
                violation_error_message=_("The plan cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget_total__isnull=True) | Q(budget_total__gte=0),
                name="plan_budget_total_not_negative",
                violation_error_message=_("The budget ceiling cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=Q(in_force=True),
                name="plan_one_in_force_per_kind",
                violation_error_message=_("Another plan of this kind is in force."),
            ),
        ]

    def __str__(self):
        return self.title


class PlanPart(TenantModel):
    """Common shape of a plan's parts: ordered, versioned rows of one plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class Goal(PlanPart):
    metric = models.CharField(_("metric"), max_length=200)
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.metric


class Stage(PlanPart):
    # Reachable from the plan (`stages__...`), so a plan and its stages read in one query.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    cumulative_target = models.DecimalField(
        _("cumulative target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="stage_end_not_before_start",
                violation_error_message=_("A stage cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class Section(PlanPart):
    title = models.CharField(_("heading"), max_length=200)
    body_html = models.TextField(_("text"), blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class WorkGroup(PlanPart):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership group")
        SUBGROUP = "subgroup", _("Execution subgroup")

    name = models.CharField(_("name"), max_length=100)
    group_kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.SUBGROUP
    )
    leader = models.CharField(_("leader"), max_length=100, blank=True)
    deputy = models.CharField(_("deputy"), max_length=100, blank=True)
    members = models.TextField(
        _("members"),
        blank=True,
        help_text=_(
            "One name per line, or separated by 、 or commas. People with or without an account."
        ),
    )
    duties = models.TextField(_("duties"), blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")

    def __str__(self):
        return self.name


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class Task(PlanPart):
    title = models.CharField(_("task"), max_length=200)
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    offset_days = models.IntegerField(
        _("days from anchor"),
        null=True,
        blank=True,
        help_text=_("Negative: before the anchor date, e.g. -15 for 15 days before."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("timeline task")
        verbose_name_plural = _("timeline tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(offset_days__isnull=True),
                name="task_absolute_or_relative",
                violation_error_message=_(
                    "Give either a due date or a number of days from the anchor date, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class BudgetLine(PlanPart):
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.item


class Material(PlanPart):
    class Status(models.TextChoices):
        NEEDED = "needed", _("Needed")
        ORDERED = "ordered", _("Ordered")
        READY = "ready", _("Ready")

    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    assignee = models.CharField(_("assignee"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEEDED
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.item


class PlanEvent(TenantModel):
    """History: who changed what in a plan, and when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)  # created, updated, added, deleted, moved, status
    part = models.CharField(max_length=20, blank=True)
    part_id = models.BigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # field → [old, new]

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organization", "plan", "at"], name="planevent_plan_at")]


class PlanTemplate(TenantModel):
    """A plan an organization saved as its own template (the plan's data as a spec)."""

    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    spec = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="plantemplate_unique_key")
        ]

    def __str__(self):
        return self.name


class Export(TenantModel):
    """A PDF export of a plan; its progress is the generic Job row."""

    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, related_name="+")
    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
