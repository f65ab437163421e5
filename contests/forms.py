from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Team
from campaigns.money.inputs import AmountField
from campaigns.plans.models import Plan, PlanKind
from campaigns.widgets import DATE_WIDGET


class ContestForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Contest plan"), queryset=Plan.objects.none())
    calendar_stock = forms.IntegerField(
        label=_("Desk calendars in stock"), min_value=0, max_value=1_000_000, initial=0
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.for_org(organization).filter(
            kind=PlanKind.CONTEST
        )


class AgentForm(forms.Form):
    code = forms.CharField(label=_("Agent code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    full_time = forms.BooleanField(label=_("Full-time"), required=False, initial=True)
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive agent takes no new policies; what they issued still counts."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_org(organization)


class PolicyForm(forms.Form):
    """Parses the entry; the rules (scope, period, duplicates) are checked by the service."""

    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None)
    number = forms.CharField(label=_("Policy number"), max_length=40)
    # Text: the entry rules read it with the money input (campaigns.money), with the
    # organization's bound, and report it together with the other fields' reasons.
    premium = forms.CharField(
        label=_("Premium (yuan)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    issued_on = forms.DateField(label=_("Issue date"), widget=DATE_WIDGET)
    product = forms.CharField(label=_("Product"), max_length=100, required=False)
    card_number = forms.CharField(label=_("Card policy number"), max_length=40, required=False)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents


class PolicyCorrectForm(PolicyForm):
    """The entry form for a correction: `version` says which state the person corrected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ContestSettingsForm(forms.Form):
    """Stock, report time and the reward rules of a running contest. The reward tiers
    are built from the contest's current rules: one row per team tier plus an empty one
    to add a tier (a row left empty is dropped); threshold and prize per individual item."""

    calendar_stock = forms.IntegerField(
        label=_("Desk calendars in stock"), min_value=0, max_value=1_000_000
    )
    report_time = forms.TimeField(
        label=_("Daily battle report at"),
        help_text=_("In the organization's time zone."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    min_target_full_time = AmountField(label=_("Minimum target, full-time"))
    min_target_part_time = AmountField(label=_("Minimum target, part-time"))

    def __init__(self, *args, reward_rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_rows = []
        for index in range(len(reward_rules.team_tiers) + 1):
            names = (f"team_{index}_threshold", f"team_{index}_reward")
            self.fields[names[0]] = AmountField(label=_("Team total from"), required=False)
            self.fields[names[1]] = AmountField(label=_("Team fund"), required=False)
            self.team_rows.append(names)
        self.items = reward_rules.individual_tiers
        for tier in self.items:
            if not tier.per_policy:
                self.fields[f"item_{tier.item}_threshold"] = AmountField(
                    label=_("Item %(item)s from") % {"item": tier.item}
                )
            self.fields[f"item_{tier.item}_prize"] = forms.CharField(
                label=_("Item %(item)s prize") % {"item": tier.item}, max_length=100
            )

    def general_fields(self):
        return [
            self[name]
            for name in (
                "calendar_stock",
                "report_time",
                "min_target_full_time",
                "min_target_part_time",
            )
        ]

    def team_row_fields(self):
        return [(self[a], self[b]) for a, b in self.team_rows]

    def item_fields(self):
        return [
            (
                tier,
                self[f"item_{tier.item}_threshold"] if not tier.per_policy else None,
                self[f"item_{tier.item}_prize"],
            )
            for tier in self.items
        ]

    def clean(self):
        data = super().clean()
        for threshold, reward in self.team_rows:
            if (data.get(threshold) is None) != (data.get(reward) is None):
                self.add_error(
                    threshold if data.get(threshold) is None else reward,
                    _("Give both the team total and the fund, or neither."),
                )
        return data

    def extra(self):
        """The cleaned values as the rules mapping rewards.rules_from_extra reads."""
        data = self.cleaned_data
        return {
            "team_tiers": [
                {"threshold": str(data[a]), "reward": str(data[b])}
                for a, b in self.team_rows
                if data.get(a) is not None
            ],
            "individual_tiers": [
                {
                    "item": t.item,
                    "prize": data[f"item_{t.item}_prize"],
                    "threshold": None if t.per_policy else str(data[f"item_{t.item}_threshold"]),
                    "stacks": t.stacks,
                    "requires_department_goal": t.requires_department_goal,
                    "per_policy": t.per_policy,
                }
                for t in self.items
            ],
            "min_target": {
                "full_time": str(data["min_target_full_time"]),
                "part_time": str(data["min_target_part_time"]),
            },
        }

    @staticmethod
    def initial_for(contest, reward_rules):
        initial = {
            "calendar_stock": contest.calendar_stock,
            "report_time": contest.report_time,
            "min_target_full_time": reward_rules.min_target_full_time,
            "min_target_part_time": reward_rules.min_target_part_time,
        }
        for index, tier in enumerate(reward_rules.team_tiers):
            initial[f"team_{index}_threshold"] = tier.threshold
            initial[f"team_{index}_reward"] = tier.reward
        for tier in reward_rules.individual_tiers:
            initial[f"item_{tier.item}_threshold"] = tier.threshold
            initial[f"item_{tier.item}_prize"] = tier.prize
        return initial
