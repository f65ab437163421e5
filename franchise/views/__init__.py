"""Franchise pages: the rollout board, territories and their dashboards, agreements,
revenue, royalty statements with questions, products and prices, hospital support and
recruiting events. Thin: read with selectors (always through the member's scope), write
with services; a refused write re-renders its page with the errors and status 400."""

from .board import (  # noqa: F401
    franchise_home,
    goal_detail,
)
from .channel import (  # noqa: F401
    delivery_new,
    event_list,
    hospital_coverage,
    product_list,
    product_price,
)
from .statements import (  # noqa: F401
    question_answer,
    question_ask,
    statement_compute,
    statement_detail,
    statement_download,
    statement_issue,
    statement_lock,
    statement_make_pdf,
)
from .territory import (  # noqa: F401
    agreement_new,
    agreement_payments,
    franchisee_list,
    franchisee_options,
    hospital_add,
    revenue_correct,
    revenue_submit,
    territory_detail,
    territory_list,
    territory_status,
)
