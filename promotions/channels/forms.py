from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Branch
from campaigns.widgets import DATE_WIDGET

from ..models import BundleTier, Channel, Penalty, Registration


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Channel.Kind.COUNTY, Channel.Kind.COUNTY.label),
            (Channel.Kind.DEALER, Channel.Kind.DEALER.label),
        ],
    )
    branch = forms.ModelChoiceField(
        label=_("Registers as branch"), required=False, queryset=Branch.objects.none()
    )
    supplier = forms.ModelChoiceField(
        label=_("Buys from (social channels)"), required=False, queryset=Channel.objects.none()
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.for_org(organization)
        self.fields["supplier"].queryset = Channel.objects.for_org(organization).filter(
            kind=Channel.Kind.COUNTY
        )


class StockForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Movement"),
        choices=[
            ("make", _("The marketing department makes bundles")),
            ("draw", _("A county branch draws bundles")),
            ("buy", _("A social channel buys bundles outright")),
        ],
    )
    channel = forms.ModelChoiceField(
        label=_("Channel"), required=False, queryset=Channel.objects.none()
    )
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=BundleTier.objects.none())
    quantity = forms.IntegerField(label=_("Bundles"), min_value=1, max_value=100000)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.for_org(organization).exclude(
            kind=Channel.Kind.MARKETING
        )
        self.fields["tier"].queryset = BundleTier.objects.for_org(organization)


class PenaltyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Case"), choices=Penalty.Kind.choices)
    case_reference = forms.CharField(label=_("Verified case number"), max_length=60, required=False)
    verified = forms.BooleanField(label=_("The case was verified"), required=False)
    verified_on = forms.DateField(label=_("Verified on"), widget=DATE_WIDGET)
    registration = forms.ModelChoiceField(
        label=_("Registration (lost form, late entry)"),
        required=False,
        queryset=Registration.objects.none(),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.for_org(
            channel.organization_id
        ).filter(branch_id=channel.branch_id)
