"""Forms of the Telecom Day pages (items 5–9). Choices are limited to the organization's
rows; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.money.inputs import AmountField

from .forms import GuestMobileForm
from .models import DeskSale, GiftItem, GiftMovement
from .rules import telecom_gifts as rules


class OptionalMobileForm(GuestMobileForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"].required = False
        self.fields["mobile"].widget = forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "139…"}
        )

    def clean_mobile(self):
        if not self.cleaned_data.get("mobile"):
            return ""
        return super().clean_mobile()


class BirthdayForm(OptionalMobileForm):
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autofocus": True,
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
        help_text=_("18 characters. Checked, never stored: only a keyed hash and a masked form."),
    )
    desk = forms.CharField(label=_("Desk"), max_length=40, required=False)
    field_order = ["id_number", "mobile", "desk"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobile"].label = _("Guest's mobile (optional)")


class GiftForm(forms.Form):
    name = forms.CharField(label=_("Gift"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=GiftItem.Kind.choices)
    prize = forms.ModelChoiceField(
        label=_("Wheel prize it stands for"), queryset=None, required=False
    )

    def __init__(self, *args, prizes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prize"].queryset = prizes


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class IssueForm(GuestMobileForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=GiftMovement.Reason.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )
    answer = forms.IntegerField(
        label=_("Number of the right choice"),
        min_value=1,
        max_value=6,
        help_text=_("1 for the first line."),
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def clean_choices(self):
        return rules.quiz_choices(self.cleaned_data["choices"])

    def clean_answer(self):
        return self.cleaned_data["answer"] - 1


class WheelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    spins = forms.IntegerField(
        label=_("Spins in all"), min_value=1, max_value=1_000_000, initial=2000
    )
    no_prize_weight = forms.IntegerField(
        label=_("Weight of “thank you”"), min_value=0, max_value=2_147_483_647, initial=0
    )


class AnswerForm(forms.Form):
    answer = forms.IntegerField(min_value=0, max_value=5, widget=forms.HiddenInput)


class DeskSaleForm(GuestMobileForm):
    line = forms.ChoiceField(label=_("Product line"), choices=DeskSale.Line.choices)
    amount = AmountField(label=_("Amount"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1000, initial=1)
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is None:
            del self.fields["staff"]
        else:
            self.fields["staff"].queryset = staff
            self.fields["staff"].help_text = _("Empty: yourself.")


class TelecomSettingsForm(forms.Form):
    second_development_days = forms.IntegerField(
        label=_("Second-development period (days after the event)"), min_value=1, max_value=365
    )
    second_development_target = forms.DecimalField(
        label=_("Second-development target (%)"), min_value=0, max_value=100, decimal_places=2
    )
