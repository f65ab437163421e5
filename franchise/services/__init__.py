"""Writes of the franchise strategy. Keyword-only, organization first, one transaction
each; every refusal is a django ValidationError (field → message in the user's language)
and changes nothing."""

from .channel import (  # noqa: F401
    SUPPORT_CATALOGUE,
    delivery_record,
    event_save,
    goal_figure_record,
    hospital_add,
    product_change_price,
    product_create,
    support_catalogue_ensure,
)
from .rollout import (  # noqa: F401
    agreement_create,
    agreement_record_payments,
    franchisee_save,
    territory_save,
    territory_set_status,
)
from .royalties import (  # noqa: F401
    STATEMENT_PDF_JOB_KIND,
    question_answer,
    question_ask,
    revenue_correct,
    revenue_submit,
    statement_compute,
    statement_issue,
    statement_lock,
    statement_request_pdf,
)
