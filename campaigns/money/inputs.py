"""The money input of pages and the API: a form field and a serializer field that read an
amount with ``campaigns.money.parse_amount``.

The fields check what needs no organization: the writing, the decimals, the lower bound
and what the database column holds. The plausible bound of each kind of amount (which an
organization may raise) is checked where the organization is known, by the service the
page and the API share: ``money.check_amounts(organization.amount_ceilings, {...})`` or
``money.parse_amount(..., ceiling=money.ceiling_for(kind, organization.amount_ceilings))``.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import parse_amount


def plain_text(value):
    """An amount as a person would type it back: 500000 → "500000", 3000.5 → "3000.50"."""
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")) if value % 1 else value.quantize(1), "f")
    return value


class AmountField(forms.CharField):
    """A yuan amount typed on a page: cleans to a Decimal as typed (or None)."""

    widget = forms.TextInput

    def __init__(self, *, positive=False, **kwargs):
        self.positive = positive
        super().__init__(**kwargs)  # no max_length: its validator would see the Decimal

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs

    def prepare_value(self, value):
        return plain_text(value)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_amount(text, positive=self.positive)

    def has_changed(self, initial, data):
        return str(plain_text(initial) or "") != str(data or "")


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^-?[0-9,]+(\.[0-9]{1,2})?$"}
)
class AmountSerializerField(serializers.Field):
    """A yuan amount in the API: a JSON string ("3000.50", "1,000", "１０００") or number
    (3000, 3000.5). A JSON number arrives as a float and is read from its shortest text:
    1e16 stays "1e+16" and is refused as scientific notation, 1e10 reads as 10000000000
    (the bounds refuse it). Answers with a string of two decimals, like DecimalField."""

    def __init__(self, *, positive=False, **kwargs):
        self.positive = positive
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return parse_amount(data, positive=self.positive)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None

    def to_representation(self, value):
        return format(Decimal(value).quantize(Decimal("0.01")), "f")


def amount_formfield(model_field, **kwargs):
    """``formfield_callback`` of a ModelForm: its DecimalFields (amounts) become the money
    input; other fields as Django makes them."""
    if isinstance(model_field, models.DecimalField):
        return AmountField(
            label=capfirst(model_field.verbose_name),
            required=not model_field.blank,
            help_text=model_field.help_text,
        )
    return model_field.formfield(**kwargs)


class AmountModelSerializerMixin:
    """For a ModelSerializer: its DecimalFields (amounts) become the money input."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.DecimalField):
            keep = ("required", "allow_null", "label", "help_text", "default", "read_only")
            return AmountSerializerField, {k: v for k, v in kwargs.items() if k in keep}
        return field_class, kwargs
