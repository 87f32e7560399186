"""Simplified Chinese of order deposits in the cash hand-over, money an outlet collects, and the
invoice issued only when the work is done (billing, claims, settlements)."""

TRANSLATIONS = {
    # Billing: cash entries, outlet collections, invoice timing.
    "collected by the outlet": "网点代收",
    "Collected by the outlet": "网点代收",
    "Order deposit taken": "收取订货订金",
    "Order deposit refunded": "退还订货订金",
    "person": "经手人",
    "cash entry": "现金收支",
    "cash entries": "现金收支",
    "Collected by the outlet that did the job": "由承修网点收款",
    "Collected by the outlet %(outlet)s, not by our staff": "由网点%(outlet)s收款，非本公司员工收款",
    "collected by the outlet %(outlet)s": "网点%(outlet)s代收",
    "¥%(amount)s collected by the outlet %(outlet)s (%(method)s).": (
        "网点%(outlet)s已收款¥%(amount)s（%(method)s）。"
    ),
    "Work order %(order)s was not done by an outlet.": "派工单%(order)s不是由网点承修的。",
    "Work order %(order)s is on the confirmed outlet statement %(statement)s: money the outlet "
    "took can no longer be deducted there.": (
        "派工单%(order)s已列入财务确认的网点结算单%(statement)s：网点收取的款项无法再从中扣除。"
    ),
    "An invoice is issued when the work is done: work order %(order)s is “%(state)s”. "
    "Complete it, with the customer's signature, first.": (
        "完工后才能开票：派工单%(order)s当前为“%(state)s”。请先完工并由客户签字。"
    ),
    "Order deposits taken in cash count as collected; deposits refunded in cash are paid out of "
    "the person's cash and reduce what he owes (a negative amount is what finance pays him). "
    "Money an outlet collected is settled with the outlet, not here.": (
        "以现金收取的订货订金计入收款；以现金退还的订金从经手人的现金中支出，抵减其应交款"
        "（负数为财务应付给他的金额）。网点代收的款项与网点结算，不在此交接。"
    ),
    "Refunds paid out this day": "当日退款支出",
    "Pay back ¥%(amount)s": "付还¥%(amount)s",
    # Claims: the part through the warehouse.
    "stock receipt": "入库单",
    "issued to the work order": "领料出库单",
    "Serial number of the new part": "新件序列号",
    "Required for a serialised part; one per piece.": "序列号管理的备件必填，每件一个。",
    "The branch has no warehouse to receive the part into: open one first.": (
        "本分公司没有可入库的仓库：请先建立仓库。"
    ),
    "Claim part order %(number)s for work order %(order)s": "索赔订货单%(number)s（派工单%(order)s）",
    "The part was never received into stock: it cannot be issued.": "该备件未入库，不能出库。",
    # Settlements: deductions.
    "On a paid job (A), what the outlet collected from the customer stays with the outlet and "
    "is deducted from what we pay it.": "有费（A类）工单中网点向客户收取的款项归网点所有，并从应付网点的金额中扣除。",
    "the outlet owes us": "网点应付我方",
    "Amounts in yuan. What the outlet collected from customers on paid jobs (A) is deducted.": (
        "金额单位：元。有费（A类）工单中网点向客户收取的款项已扣除。"
    ),
    "; less ¥%(amount)s the outlet collected from the customer": "；扣除网点向客户收取的¥%(amount)s",
    "Cash held by": "经手人",
}
