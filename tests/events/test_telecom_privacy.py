"""An ID number is sensitive personal information (PIPL): after a birthday gift is given
through the API (with an idempotency key), a check, a refused repeat and the recipients'
XLSX, no text column of any table holds the number (nor its first 17 digits)."""

import pytest
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from campaigns.tenancy import tenant_context

from .telecom_gifts_support import TelecomDesk

pytestmark = pytest.mark.django_db(transaction=True)

TEXT_TYPES = ("char", "text", "json", "clob", "varchar")


def text_columns():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = getattr(column, "type_code", "") or ""
                name = (
                    connection.introspection.get_field_type(kind, column)
                    if not isinstance(kind, str)
                    else kind
                )
                if any(t in str(name).lower() for t in TEXT_TYPES):
                    yield table, column.name


def rows_containing(needle):
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            q = connection.ops.quote_name
            cursor.execute(
                f"SELECT COUNT(*) FROM {q(table)} WHERE CAST({q(column)} AS TEXT) LIKE %s",  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append((table, column))
    return found


def test_no_table_contains_the_plain_id_number():
    with translation.override("en"):
        tc = TelecomDesk()
    number = tc.birthday_id(1958)
    guest = tc.guest("13912340001", name="李雷")
    client = APIClient()
    client.force_authenticate(tc.staff.user)
    base = f"/api/v1/{tc.org.slug}/events/{tc.event.pk}/birthday/"
    assert client.post(base + "check/", {"id_number": number}, format="json").status_code == 200
    first = client.post(
        base,
        {"id_number": number, "guest": guest.pk, "desk": "签到台 1"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-birthday-1",
    )
    assert first.status_code == 201, first.content
    assert number not in first.content.decode()
    again = client.post(base, {"id_number": number, "desk": "签到台 3"}, format="json")
    assert again.status_code == 400 and number not in again.content.decode()
    manager = APIClient()
    manager.force_authenticate(tc.manager.user)
    xlsx = manager.get(f"/api/v1/{tc.org.slug}/events/{tc.event.pk}/gift-recipients.xlsx")
    assert xlsx.status_code == 200
    with tenant_context(tc.org):
        columns = list(text_columns())
        assert ("events_birthdaygift", "id_masked") in columns  # the search sees the table
        assert rows_containing(number[:6] + "********") != []  # and finds what is there
        assert rows_containing(number) == []
        assert rows_containing(number[:17]) == []
        assert rows_containing(number[6:14] + number[14:17]) == []
