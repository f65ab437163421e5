"""Saving a franchise row the one way: the model's own checks first, then the database's
unique constraints turned into a field error (a name taken by another row)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def save_validated(obj, duplicate_field=None, duplicate_message=None):
    """full_clean `obj` and save it; a unique constraint refusing it becomes a
    ValidationError on `duplicate_field` (without one, the IntegrityError goes up)."""
    obj.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if duplicate_field is None:
            raise
        raise ValidationError({duplicate_field: duplicate_message}) from exc
    return obj
