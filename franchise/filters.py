"""Filters of the franchise lists (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import RolloutStatus, Territory


class TerritoryFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("Rollout status"), choices=RolloutStatus.choices, empty_label=_("Any status")
    )
    planned_phase = django_filters.NumberFilter(label=_("Planned phase"), min_value=1)

    class Meta:
        model = Territory
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.auto_id = "filter_%s"  # the page's add form uses the plain ids
