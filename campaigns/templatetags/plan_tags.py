"""Template filters for plans: Chinese section numbers, task due dates, grouped figures."""

from django import template

from campaigns.plans import rules

register = template.Library()


@register.filter
def cn_number(value):
    return rules.chinese_numeral(int(value))


@register.filter
def task_alert(task, plan):
    """What the plan kind's own data says is late about this task ("" when nothing)."""
    from campaigns.plans.selectors import task_alerts

    return task_alerts(plan).get(task.pk, "")


@register.filter
def task_due(task, plan):
    return rules.task_due(task.due_date, task.offset_days, plan.anchor_date)


@register.filter
def figure(value):
    """500000 → 500,000; 1234.5 → 1,234.50; None → empty."""
    if value is None or value == "":
        return ""
    return rules.figure(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.filter
def sum_amounts(budget_lines):
    return sum((line.amount for line in budget_lines), 0)
