"""Cells a spreadsheet will show, never run: every export the product makes (XLSX or CSV)
writes its rows through here.

OWASP's CSV-injection rule: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return may be taken for a formula (`=HYPERLINK("http://…","x")` typed as a
failure reason becomes a live link in the e-mailed report). Such a cell is written as
text: in an XLSX as a string cell with Excel's quote prefix (the cell shows exactly what
was typed, and editing it keeps it text); in a CSV with a leading apostrophe (the only
marker a CSV has). Only strings are touched: a negative amount stays a number.

This is for files people open in a spreadsheet, not for machine-to-machine CSV (the
policy import's COPY into PostgreSQL must keep the values exactly).
"""

import csv

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    """True for a string a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The value for a CSV cell: a formula-like string gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


class CsvWriter:
    """csv.writer whose rows are written through csv_cell; same arguments."""

    def __init__(self, file, *args, **kwargs):
        self._writer = csv.writer(file, *args, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def xlsx_append(sheet, row):
    """Append `row` to an openpyxl worksheet, every formula-like string as a text cell.

    Characters an XLSX cannot hold (control characters other than tab, LF and CR) are
    dropped rather than failing the whole export: rows stored before the input was
    refused them may still carry one."""
    values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
    sheet.append(values)
    row_number = sheet.max_row
    for column, value in enumerate(values, start=1):
        if looks_like_formula(value):
            cell = sheet.cell(row=row_number, column=column)
            cell.data_type = "s"  # openpyxl makes any "=…" string a formula
            cell.quotePrefix = True  # Excel's own mark for "typed as text"
