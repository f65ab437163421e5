"""Forms of the event-day pages. Choices are limited to the organization's rows; the
services check everything again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.plans.models import Plan
from campaigns.widgets import DATE_WIDGET

from .models import Event, FollowUp
from .rules import offers
from .selectors import lead_channels
from .services.events import EVENT_KINDS

MONEY = {"max_digits": 12, "decimal_places": 2}
MOBILE_WIDGET = forms.TextInput(
    attrs={"inputmode": "tel", "autocomplete": "off", "autofocus": True, "placeholder": "139…"}
)


class EventStartForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=None)
    date = forms.DateField(label=_("Event day"), widget=DATE_WIDGET)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    target_attendance = forms.IntegerField(label=_("Target attendance"), min_value=0, initial=0)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.for_org(organization).filter(
            kind__in=EVENT_KINDS
        )


class ZheField(forms.CharField):
    """The signing discount as people write it: 9.5折, 95折, 5% (off)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return Decimal("10")
        zhe = offers.parse_zhe(value)
        if zhe is None:
            raise forms.ValidationError(
                _(
                    "Write the discount as 折 (9.5折: the customer pays 95 %) or as a "
                    "percentage off (5%)."
                )
            )
        return zhe

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return offers.zhe_label(value) or "10"
        return value


class EventSettingsForm(forms.ModelForm):
    discount_zhe = ZheField(
        label=_("Signing discount"),
        required=False,
        help_text=_("As 折 (9.5折 = the customer pays 95 %) or as % off (5%). Empty: none."),
    )

    class Meta:
        model = Event
        fields = [
            "date",
            "last_day",
            "ends_at",
            "venue",
            "target_attendance",
            "card_price",
            "card_gift_value",
            "card_deduction",
            "discount_zhe",
            "group_voucher_value",
            "group_min_size",
            "group_scope",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "last_day": DATE_WIDGET,
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class DeskForm(forms.Form):
    """The door: a mobile or an invitation code (what the scanner types)."""

    mobile = forms.CharField(
        label=_("Mobile or invitation code"), max_length=40, widget=MOBILE_WIDGET
    )
    walk_in = forms.BooleanField(label=_("Register as a walk-in if unknown"), required=False)


class GuestForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile"), max_length=30, widget=MOBILE_WIDGET)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    community = forms.CharField(label=_("Residential community"), max_length=100, required=False)
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=None, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = lead_channels(organization)


class GuestEditForm(GuestForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["mobile"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Guest list (CSV or Excel .xlsx)"))


class ProfileForm(forms.Form):
    house_type = forms.CharField(label=_("House type"), max_length=60, required=False)
    area = forms.DecimalField(
        label=_("Area (m²)"), max_digits=7, decimal_places=1, min_value=1, required=False
    )
    budget = forms.DecimalField(label=_("Budget"), **MONEY, min_value=0, required=False)
    style = forms.CharField(label=_("Style"), max_length=60, required=False)
    preferred_start = forms.DateField(
        label=_("Preferred start"), widget=DATE_WIDGET, required=False
    )
    designer = forms.CharField(label=_("Designer"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class CardSellForm(forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=30)
    price = forms.DecimalField(label=_("Price paid"), **MONEY, min_value=0, required=False)


class SigningForm(forms.Form):
    contract_total = forms.DecimalField(label=_("Contract total"), **MONEY)
    designer = forms.CharField(label=_("Designer"), max_length=60, required=False)
    card_number = forms.CharField(label=_("51 card number"), max_length=30, required=False)


class SigningCorrectForm(SigningForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VoidForm(forms.Form):
    void_reason = forms.CharField(label=_("Reason"), max_length=200)


class ContactForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in FollowUp.Outcome.choices if c[0] != FollowUp.Outcome.OPEN],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    next_date = forms.DateField(label=_("Next contact"), widget=DATE_WIDGET, required=False)
