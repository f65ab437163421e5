"""Forms of the event-day pages. Choices are limited to the organization's rows; the
services check everything again."""

import secrets
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns import modules
from campaigns.money.inputs import AmountField, amount_formfield
from campaigns.plans.models import Plan
from campaigns.sms.rules import is_mainland_mobile, normalize_phone
from campaigns.widgets import DATE_WIDGET

from .models import DepositEntry, Event, FollowUp
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
        self.fields["plan"].queryset = (
            Plan.objects.for_org(organization)
            .filter(kind__in=EVENT_KINDS)
            .exclude(kind__in=modules.plan_kinds_off(organization))
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
        formfield_callback = amount_formfield  # the card's price and values: the money input
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
    budget = AmountField(label=_("Budget"), required=False)
    style = forms.CharField(label=_("Style"), max_length=60, required=False)
    preferred_start = forms.DateField(
        label=_("Preferred start"), widget=DATE_WIDGET, required=False
    )
    designer = forms.CharField(label=_("Designer"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class CardSellForm(forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=30)
    price = AmountField(label=_("Price paid"), required=False)


class SigningForm(forms.Form):
    contract_total = AmountField(label=_("Contract total"), positive=True)
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


class GuestMobileForm(forms.Form):
    """A form that finds the guest by the mobile typed at a desk (the view looks it up)."""

    mobile = forms.CharField(label=_("Guest's mobile"), max_length=30, widget=MOBILE_WIDGET)

    def clean_mobile(self):
        mobile = normalize_phone(self.cleaned_data["mobile"])
        if not is_mainland_mobile(mobile):
            raise forms.ValidationError(
                _("%(value)s is not a mainland mobile number (11 digits, 1xx…).")
                % {"value": self.cleaned_data["mobile"]}
            )
        return mobile


# -- offers and prize pools ------------------------------------------------------------------


class QuotaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    size = forms.IntegerField(label=_("Places"), min_value=1, max_value=1_000_000)
    value = AmountField(label=_("Value of one place"), required=False, initial=0)
    pool = forms.ModelChoiceField(label=_("Draws from"), queryset=None, required=False)
    returns_on_void = forms.BooleanField(
        label=_("A voided signing gives its place back"),
        required=False,
        help_text=_(
            "Off by default: the place stays used, because the egg was already smashed or "
            "the gift handed over; the next signer does not get it."
        ),
    )

    def __init__(self, *args, pools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = pools

    def clean_value(self):
        return self.cleaned_data["value"] or Decimal("0")


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    no_prize_weight = forms.IntegerField(
        label=_("Weight of “no prize”"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text=_("0: every draw wins a prize while stock lasts."),
    )


class PrizeForm(forms.Form):
    name = forms.CharField(label=_("Prize"), max_length=60)
    stock = forms.IntegerField(label=_("Stock"), min_value=1, max_value=1_000_000)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=1_000_000,
        initial=1,
        required=False,
        help_text=_("The chance of this prize against the others' (empty: 1)."),
    )
    value = AmountField(label=_("Value"), required=False, initial=0)

    def clean_weight(self):
        return self.cleaned_data["weight"] or 1

    def clean_value(self):
        return self.cleaned_data["value"] or Decimal("0")


# -- agenda ----------------------------------------------------------------------------------


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=100)
    limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, max_value=1440, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


# -- vendors ---------------------------------------------------------------------------------

AGREEMENT_MAX_BYTES = 10 * 1024 * 1024
# What a scanned agreement may be: the first bytes of each type, and its file extension.
AGREEMENT_TYPES = {
    ".pdf": b"%PDF-",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}


class MemberChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            _refuse_odd_ids(self, [value])
        return super().to_python(value)

    def label_from_instance(self, obj):
        return f"{obj.last_name}{obj.first_name}".strip() or obj.username


class VendorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)
    booth = forms.CharField(label=_("Booth"), max_length=30, required=False)
    deposit_due = AmountField(label=_("Deposit"), required=False, initial=0)
    agreement_signed_on = forms.DateField(
        label=_("Agreement signed on"), widget=DATE_WIDGET, required=False
    )
    user = MemberChoiceField(
        label=_("Vendor's login"),
        queryset=None,
        required=False,
        help_text=_(
            "A member who records this vendor's orders on their own phone; they see and "
            "record this vendor's orders only."
        ),
    )
    agreement_file = forms.FileField(
        label=_("Signed agreement (scan)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB. Shown to managers only."),
    )

    def __init__(self, *args, logins, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = logins

    def clean_deposit_due(self):
        return self.cleaned_data["deposit_due"] or Decimal("0")

    def clean_agreement_file(self):
        upload = self.cleaned_data.get("agreement_file")
        if not upload:
            return None
        message = _("Upload the signed agreement as a PDF, JPEG or PNG file of at most 10 MB.")
        if upload.size > AGREEMENT_MAX_BYTES:
            raise forms.ValidationError(message)
        extension = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        head = upload.read(8)
        upload.seek(0)
        if extension not in AGREEMENT_TYPES or not head.startswith(AGREEMENT_TYPES[extension]):
            raise forms.ValidationError(message)
        # Stored under a name nobody can guess; it is served to members by a view only.
        upload.name = f"{secrets.token_hex(12)}{extension}"
        return upload


class DepositForm(forms.Form):
    kind = forms.ChoiceField(label=_("Movement"), choices=DepositEntry.Kind.choices)
    amount = AmountField(label=_("Amount"), positive=True)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Needed when the deposit is kept."),
    )


class VendorOrderForm(GuestMobileForm):
    items = forms.CharField(label=_("Items"), max_length=500)
    amount = AmountField(label=_("Amount"), positive=True)


# -- follow-ups ------------------------------------------------------------------------------


def _refuse_odd_ids(field, values):
    """An id no row can have (not digits, or too long for the database's integer) is an
    invalid choice before it reaches a query (SQLite cannot even take it)."""
    for value in values:
        text = str(value)
        if not (text.isdigit() and len(text) <= 18):
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text[:40]},
            )


class EmployeeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        if isinstance(value, list | tuple):
            _refuse_odd_ids(self, value)
        return super().clean(value)

    def label_from_instance(self, obj):
        return f"{obj.last_name}{obj.first_name}".strip() or obj.username


class FollowUpSplitForm(forms.Form):
    employees = EmployeeChoiceField(label=_("Employees"), queryset=None, required=False)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees


class FollowUpResplitForm(FollowUpSplitForm):
    leaver = MemberChoiceField(label=_("Who leaves"), queryset=None)

    field_order = ["leaver", "employees"]

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaver"].queryset = assignees
        self.fields["employees"].label = _("Their open guests go to")
