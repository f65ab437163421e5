"""Forms of the plan pages. Part forms are built from campaigns/plans/parts.py."""

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from ..money.inputs import amount_formfield
from ..widgets import DATE_WIDGET
from .models import Plan, PlanKind, Stage
from .parts import PART_TYPES

TEXTAREAS = {"members", "duties"}


def _widgets(fields):
    widgets = {}
    for name in fields:
        if name.endswith("_date"):
            widgets[name] = DATE_WIDGET
        elif name == "body_html":
            widgets[name] = forms.Textarea(attrs={"rows": 6, "data-richtext": ""})
        elif name in TEXTAREAS:
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    return widgets


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded, to detect a concurrent change."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        if "stage" in self.fields:
            self.fields["stage"].queryset = (
                Stage.objects.for_org(plan.organization_id).filter(plan=plan)
                if plan
                else Stage.objects.none()
            )

    def _post_clean(self):
        # Model validation happens in the service (one place); the form only parses input.
        pass


def part_form_class(slug):
    part = PART_TYPES[slug]
    return modelform_factory(
        part.model,
        form=VersionedForm,
        fields=part.fields,
        widgets=_widgets(part.fields),
        formfield_callback=amount_formfield,
    )


PlanHeaderForm = modelform_factory(
    Plan,
    form=VersionedForm,
    fields=("title", "start_date", "end_date", "anchor_date", "budget_total"),
    widgets=_widgets(("start_date", "end_date", "anchor_date")),
    formfield_callback=amount_formfield,
)


class NewPlanForm(forms.Form):
    """The plan list's form: a title and where to start from. A template then asks for
    the date it needs (TemplateDateForm)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.ChoiceField(label=_("Start from"))

    def __init__(self, *args, templates, kinds=PlanKind.choices, **kwargs):
        """`templates` and `kinds`: those the organization's modules run."""
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (_("Templates"), [(f"template:{t['key']}", t["name"]) for t in templates]),
            (_("Blank plan"), [(f"kind:{value}", label) for value, label in kinds]),
        ]


class TemplateDateForm(NewPlanForm):
    """The second step from a template: the date it needs (the event day, the contest's
    start, ...), labelled for the template and proposed in the future."""

    template_date = forms.DateField(widget=DATE_WIDGET)

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].widget = forms.HiddenInput()
        field = self.fields["template_date"]
        field.label = need.label
        field.initial = need.default
        field.help_text = _(
            "Every date of the template moves with it; the date proposed puts every date of "
            "the plan ahead."
        )


class CopyPlanForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=200)
    offset_days = forms.IntegerField(
        label=_("Move every date by (days)"),
        initial=0,
        min_value=-3650,
        max_value=3650,
        help_text=_("E.g. 365 to run the same plan a year later."),
    )


class SaveTemplateForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=200)
