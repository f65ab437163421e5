"""Forms of the organization admin pages. Choices are limited to the organization's rows."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import modules, money
from .money.inputs import AmountField
from .roles import Role
from .selectors import branches_of, teams_of


class ScopeFieldsMixin:
    def limit_scope_choices(self, organization):
        self.fields["branch"].queryset = branches_of(organization)
        self.fields["team"].queryset = teams_of(organization)


class MemberAddForm(ScopeFieldsMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @/./+/-/_ only.")},
    )
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text=_("For a new account. Leave empty to add someone who already has one."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_scope_choices(organization)


class MemberEditForm(ScopeFieldsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_scope_choices(organization)


class BranchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_of(organization)


class AmountLimitsForm(forms.Form):
    """One field per kind of amount (campaigns.money.BOUNDS); empty: the default."""

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, bound in money.BOUNDS.items():
            self.fields[kind.value] = AmountField(
                label=capfirst(bound.label),
                required=False,
                positive=True,
                help_text=_("Default: %(ceiling)s yuan. Empty: the default.")
                % {"ceiling": money.money_text(bound.ceiling)},
            )
            own = (organization.amount_ceilings or {}).get(kind.value)
            if own is not None:
                self.initial[kind.value] = Decimal(own)


class ModulesForm(forms.Form):
    modules = forms.MultipleChoiceField(
        label=_("Modules"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The kinds of plan the organization runs: their pages, navigation and API. "
            "Switching a module off hides it and deletes nothing; switching it back on "
            "shows its data again."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].choices = [(m.key, m.label) for m in modules.all_modules()]
