"""Page forms of the franchise strategy. They parse; the rules are the services'."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Membership
from campaigns.money.inputs import AmountField
from campaigns.roles import Role
from campaigns.widgets import DATE_WIDGET

from .models import (
    Franchisee,
    FranchiseModel,
    Product,
    RecruitingEvent,
    RolloutStatus,
    SupportService,
    Territory,
)

MONTH_WIDGET = forms.TextInput(attrs={"type": "month", "placeholder": "2008-03"})
MONEY_WIDGET = forms.TextInput(attrs={"inputmode": "decimal"})


class TerritoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    planned_phase = forms.IntegerField(
        label=_("Planned phase"), min_value=1, max_value=9, initial=1
    )


class TerritoryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Rollout status"), choices=RolloutStatus.choices)
    on = forms.DateField(label=_("Since"), widget=DATE_WIDGET)


class FranchiseeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    account = forms.ModelChoiceField(
        label=_("Login (franchisee role)"), required=False, queryset=None
    )
    recruited_at = forms.ModelChoiceField(label=_("Recruited at"), required=False, queryset=None)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["account"].queryset = get_user_model().objects.filter(
            pk__in=Membership.objects.for_org(organization)
            .filter(role=Role.FRANCHISEE)
            .values("user_id")
        )
        self.fields["recruited_at"].queryset = RecruitingEvent.objects.for_org(organization)


FRANCHISEE_OPTIONS_ID = "franchisee-options"


class FranchiseeByName(forms.CharField):
    """A franchisee typed by name, with suggestions as one types: a national network has
    a thousand of them, too many for a drop-down list."""

    def __init__(self, *, queryset=None, options_url="", **kwargs):
        self.queryset = queryset
        attrs = {
            "list": FRANCHISEE_OPTIONS_ID,
            "autocomplete": "off",
            "hx-get": options_url,
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{FRANCHISEE_OPTIONS_ID}",
        }
        super().__init__(max_length=200, widget=forms.TextInput(attrs=attrs), **kwargs)

    def prepare_value(self, value):
        return value.name if isinstance(value, Franchisee) else value

    def clean(self, value):
        name = super().clean(value)
        found = self.queryset.filter(name=name).first() if name else None
        if found is None:
            raise forms.ValidationError(
                _(
                    "No franchisee is named “%(name)s”. "
                    "Add them under “Franchisees and agreements” first."
                ),
                params={"name": name},
                code="unknown",
            )
        return found


class AgreementForm(forms.Form):
    franchisee = FranchiseeByName(label=_("Franchisee"))
    model = forms.ChoiceField(label=_("Franchise model"), choices=FranchiseModel.choices)
    start_date = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("Last day"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for an open-ended agreement."),
    )
    franchise_fee = AmountField(label=_("Franchise fee (yuan)"))
    deposit = AmountField(
        label=_("Regional market deposit (yuan, refundable at the end)"), initial="0"
    )
    allotment_share = forms.CharField(
        label=_("Product allotment (share of the fee, %)"),
        max_length=10,
        initial="0",
        widget=MONEY_WIDGET,
    )
    royalty_rate = forms.CharField(
        label=_("Monthly royalty rate (%)"), max_length=10, initial="0", widget=MONEY_WIDGET
    )
    fee_paid_on = forms.DateField(label=_("Fee paid on"), widget=DATE_WIDGET, required=False)
    deposit_paid_on = forms.DateField(
        label=_("Deposit paid on"), widget=DATE_WIDGET, required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["franchisee"]
        field.queryset = Franchisee.objects.for_org(organization)
        field.widget.attrs["hx-get"] = reverse(
            "franchise_franchisee_options", kwargs={"org_slug": organization.slug}
        )


class PaymentsForm(forms.Form):
    fee_paid_on = forms.DateField(label=_("Fee paid on"), widget=DATE_WIDGET, required=False)
    deposit_paid_on = forms.DateField(
        label=_("Deposit paid on"), widget=DATE_WIDGET, required=False
    )
    deposit_refunded_on = forms.DateField(
        label=_("Deposit refunded on"), widget=DATE_WIDGET, required=False
    )


class RevenueForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=10, widget=MONTH_WIDGET)
    revenue = AmountField(label=_("Revenue (yuan)"))


class RevenueCorrectionForm(forms.Form):
    agreement = forms.IntegerField(widget=forms.HiddenInput)
    month = forms.CharField(label=_("Month"), max_length=10, widget=MONTH_WIDGET)
    revenue = AmountField(label=_("Corrected revenue (yuan)"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StatementComputeForm(forms.Form):
    month = forms.CharField(label=_("Month"), max_length=10, widget=MONTH_WIDGET)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    line = forms.CharField(
        label=_("Service line (check-ups, escorting, nursing, ...)"), max_length=50
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Product.Tier.choices)
    pricing = forms.ChoiceField(label=_("Pricing strategy"), choices=Product.Pricing.choices)
    price = AmountField(label=_("Price (yuan)"))
    launched_on = forms.DateField(label=_("Launched on"), widget=DATE_WIDGET)


class PriceChangeForm(forms.Form):
    price = AmountField(label=_("New price (yuan)"))
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE_WIDGET)


class HospitalForm(forms.Form):
    name = forms.CharField(label=_("Partner hospital"), max_length=200)


class DeliveryForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Support service"), queryset=None)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = SupportService.objects.for_org(organization)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecruitingEvent.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    territory = forms.ModelChoiceField(label=_("Where"), required=False, queryset=None)
    attendance = forms.IntegerField(label=_("Attendance"), min_value=0, initial=0)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.for_org(organization)


class GoalFigureForm(forms.Form):
    """The next figure of one goal (the goal comes from the page's address)."""

    recorded_on = forms.DateField(label=_("As of"), widget=DATE_WIDGET)
    value = AmountField(label=_("Figure"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
