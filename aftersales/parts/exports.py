"""The monthly parts-cost report as an Excel workbook for finance (001 篇2 十六): the same rows,
subtotals and total as the page, amounts as numbers so that finance can add them up again."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import CostReport, CostRow

MONEY = "#,##0.00"


def _figures(row: CostRow) -> list[Decimal]:
    return [row.issued, row.charged, row.scrapped]


def cost_report_workbook(report: CostReport, *, branch_label: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.month.strftime("%Y-%m")
    bold = Font(bold=True)
    sheet.append([_("Monthly parts cost"), report.month.strftime("%Y-%m"), branch_label])
    sheet["A1"].font = bold
    headings = [
        _("Branch"),
        _("Technician"),
        _("Parts issued at cost"),
        _("Charged to person"),
        _("Scrapped value"),
    ]
    sheet.append(headings)
    for cell in sheet[2]:
        cell.font = bold
    for block in report.branches:
        for row in block.rows:
            person = str(row.person) if row.person else _("Warehouse (no technician)")
            sheet.append([block.branch.name, person, *_figures(row)])
        sheet.append([block.branch.name, _("Subtotal"), *_figures(block.subtotal)])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    if report.total is not None:
        sheet.append([_("Total"), "", *_figures(report.total)])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    for row in sheet.iter_rows(min_row=3, min_col=3, max_col=5):
        for cell in row:
            cell.number_format = MONEY
    for column, width in zip("ABCDE", (22, 22, 16, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
