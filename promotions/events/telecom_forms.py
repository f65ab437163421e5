"""Forms of Telecom Day's pages (invitations, quotas, the staff member's phone page, the
pre-orders). The services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.money.inputs import AmountField

from .forms import MOBILE_WIDGET


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    body = forms.CharField(
        label=_("Text"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("{code} is replaced by the guest's invitation code, {name} by their name."),
    )


class QuotaForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    guests_to_bring = forms.IntegerField(label=_("Guests to bring"), min_value=0, max_value=100000)
    expected_show_percent = forms.DecimalField(
        label=_("Expected share who come (%)"), min_value=0, max_value=100, decimal_places=2
    )
    sales_target = AmountField(label=_("Sales target"))
    reward_rule = forms.CharField(
        label=_("Reward and penalty rule"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class InviteForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile"), max_length=40, widget=MOBILE_WIDGET)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)


class PreOrderForm(forms.Form):
    customer = forms.CharField(label=_("Customer"), max_length=60)
    customer_mobile = forms.CharField(
        label=_("Customer's mobile"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    product = forms.CharField(label=_("Product"), max_length=100)
    amount = AmountField(label=_("Amount"), positive=True)
