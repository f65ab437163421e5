import re

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.branch_scope import branch_scope
from campaigns.models import Branch
from campaigns.money.inputs import AmountField
from campaigns.widgets import DATE_WIDGET

from ..models import BundleTier


def parse_member_lines(text):
    """One member per line: the mobile number, then the short number (spaces, commas or
    tabs between; pasted from a spreadsheet works too). Blank lines are skipped."""
    members = []
    for line in (text or "").splitlines():
        tokens = [t for t in re.split(r"[\s,，;；]+", line.strip()) if t]
        if not tokens:
            continue
        members.append({"phone": tokens[0], "short_number": tokens[1] if len(tokens) > 1 else None})
    return members


class RegistrationForm(forms.Form):
    form_number = forms.CharField(label=_("Form number"), max_length=40)
    branch = forms.ModelChoiceField(label=_("Branch or channel"), queryset=Branch.objects.none())
    initiator_phone = forms.CharField(
        label=_("Initiator's mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    signed_on = forms.DateField(label=_("Form signed on"), widget=DATE_WIDGET)
    tier = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=BundleTier.objects.none(),
        required=False,
        empty_label=_("The smallest tier that covers the members"),
    )
    members = forms.CharField(
        label=_("Members"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One per line: mobile number and short number, e.g. 13812345678 661001."),
    )

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Branch.objects.for_org(organization)
        scope = branch_scope(membership)
        if scope:
            branches = branches.filter(pk=scope.pk)
            self.fields["branch"].initial = scope
        self.fields["branch"].queryset = branches
        self.fields["tier"].queryset = BundleTier.objects.for_org(organization)

    def clean_members(self):
        return parse_member_lines(self.cleaned_data["members"])


class FailForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CouponRedeemForm(forms.Form):
    code = forms.CharField(label=_("Coupon code"), max_length=30)
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    short_number = forms.IntegerField(
        label=_("Short number"), required=False, help_text=_("Empty: the lowest free one.")
    )


class JoinForm(forms.Form):
    form_number = forms.CharField(label=_("Form number of the network"), max_length=40)
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    short_number = forms.IntegerField(
        label=_("Short number"), required=False, help_text=_("Empty: the lowest free one.")
    )


class TierForm(forms.Form):
    price = AmountField(label=_("Price (yuan)"))
    members = forms.IntegerField(label=_("Members covered"), min_value=1, max_value=999)
    coupons = forms.IntegerField(label=_("Coupons"), min_value=0, max_value=999)
    commission = AmountField(label=_("Channel commission per bundle"))


class BundleSettingsForm(forms.Form):
    group_office_email = forms.EmailField(label=_("Group-customer office address"), required=False)
    report_time = forms.TimeField(
        label=_("Daily report at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
