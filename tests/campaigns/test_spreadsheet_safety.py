"""Every exported cell a spreadsheet could take for a formula is written as text (OWASP's
CSV-injection rule); numbers stay numbers; and no export writes rows around the helper."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

from campaigns.spreadsheet_safety import CsvWriter, csv_cell, looks_like_formula, xlsx_append

ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://x","x")'
FORMULA_LIKE = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]


def _round_trip(row):
    book = Workbook()
    xlsx_append(book.active, row)
    out = io.BytesIO()
    book.save(out)
    return list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())[0]


def test_formula_like_strings_are_written_as_text_cells():
    cells = _round_trip(FORMULA_LIKE)
    # XML reads a stored carriage return back as a line feed.
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in FORMULA_LIKE]
    assert [c.data_type for c in cells] == ["s"] * len(FORMULA_LIKE)
    assert all(c.quotePrefix for c in cells)


def test_numbers_and_plain_text_are_left_as_they_are():
    cells = _round_trip([Decimal("-12.50"), -3, 4.5, "号码已停机", "13800000000"])
    assert [c.value for c in cells] == [-12.5, -3, 4.5, "号码已停机", "13800000000"]
    assert [c.data_type for c in cells] == ["n", "n", "n", "s", "s"]
    assert not any(c.quotePrefix for c in cells)


def test_characters_an_xlsx_cannot_hold_are_dropped_not_fatal():
    [cell] = _round_trip(["a\x00b\x1fc\td"])
    assert cell.value == "abc\td"


def test_csv_cells_get_a_leading_apostrophe():
    assert [csv_cell(v) for v in FORMULA_LIKE] == ["'" + v for v in FORMULA_LIKE]
    assert [csv_cell(v) for v in (Decimal("-1.5"), -1, "a=b", "")] == [
        Decimal("-1.5"),
        -1,
        "a=b",
        "",
    ]
    buffer = io.StringIO()
    CsvWriter(buffer, lineterminator="\n").writerows([[HYPERLINK, Decimal("-2.00"), "ok"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [[f"'{HYPERLINK}", "-2.00", "ok"]]
    assert not looks_like_formula(-5)


# Writing CSV that is not for people: the policy import's COPY into PostgreSQL.
NOT_AN_EXPORT = {"contests/services/import_store.py"}


def test_every_export_writes_through_the_helper():
    """A module that builds a workbook or writes CSV rows must use the helper: a new export
    cannot forget it."""
    offenders = []
    for app in ("campaigns", "contests", "franchise", "promotions"):
        for path in (ROOT / app).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if name in NOT_AN_EXPORT or name == "campaigns/spreadsheet_safety.py":
                continue
            text = path.read_text(encoding="utf-8")
            writes = re.search(r"\bWorkbook\(|csv\.(writer|DictWriter)\(", text)
            if writes and "spreadsheet_safety" not in text:
                offenders.append(name)
            if re.search(r"\bsheet\.append\(|\.writerows?\(", text) and name not in (
                "campaigns/spreadsheet_safety.py",
            ):
                offenders.append(f"{name}: writes rows directly")
    assert offenders == []
