from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Team
from campaigns.plans.models import Plan, PlanKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContestForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Contest plan"), queryset=Plan.objects.none())
    calendar_stock = forms.IntegerField(label=_("Desk calendars in stock"), min_value=0,
                                        max_value=1_000_000, initial=0)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.for_org(organization).filter(
            kind=PlanKind.CONTEST)


class AgentForm(forms.Form):
    code = forms.CharField(label=_("Agent code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    full_time = forms.BooleanField(label=_("Full-time"), required=False, initial=True)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_org(organization)


class PolicyForm(forms.Form):
    """Parses the entry; the rules (scope, period, duplicates) are checked by the service."""

    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None)
    number = forms.CharField(label=_("Policy number"), max_length=40)
    premium = forms.CharField(label=_("Premium (yuan)"), max_length=20,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    issued_on = forms.DateField(label=_("Issue date"), widget=DATE_WIDGET)
    product = forms.CharField(label=_("Product"), max_length=100, required=False)
    card_number = forms.CharField(label=_("Card policy number"), max_length=40, required=False)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents


class PolicyCorrectForm(PolicyForm):
    """The entry form for a correction: `version` says which state the person corrected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
