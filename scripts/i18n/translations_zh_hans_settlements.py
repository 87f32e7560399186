"""Simplified Chinese of the outlet settlement app (aftersales/settlements): 售后服务网点结算
(002 §3.4) — rates per job, monthly statements, confirmation by finance and payment."""

TRANSLATIONS = {
    # Navigation and titles.
    "Outlet settlements": "网点结算",
    "Outlet settlement statement": "售后服务网点结算单",
    "Outlet rates": "网点结算单价",
    "Draw up a month": "生成月度结算单",
    "Draw up": "生成",
    "Draw up again": "重新生成",
    "Add a rate": "新增单价",
    "Correct a rate": "更正单价",
    "Correct": "更正",
    "Print statement": "打印结算单",
    "Statement": "结算单",
    "Confirm statement": "确认结算单",
    "Mark paid": "登记付款",
    # Fields, filters and labels.
    "Enter a month as YYYY-MM.": "请按“年-月”（如 2026-05）填写月份。",
    "Choose the month.": "请选择月份。",
    "Choose the outlet.": "请选择网点。",
    "All outlets": "全部网点",
    "All outlets with jobs": "本月有工单的全部网点",
    "All outlets (default)": "全部网点（通用）",
    "Every rate": "全部单价",
    "Any product": "不限品类",
    "any product": "不限品类",
    "any": "不限",
    "The bank transfer or payment voucher number.": "银行转账流水号或付款凭证号。",
    "An outlet's own rate comes before the rate for all outlets.": "网点专用单价优先于通用单价。",
    "Per job (yuan)": "每单结算价（元）",
    "Rate per job": "每单结算价",
    "Labour fee": "工费",
    "per job": "每单结算价",
    "Suburb travel allowance (yuan)": "郊区交通补贴（元）",
    "Suburb travel allowance": "郊区交通补贴",
    "suburb travel allowance": "郊区交通补贴",
    "Paid on top for customers in neighbouring cities and counties or farther.": (
        "客户位于周边市县或更远时另行支付。"
    ),
    "recorded": "登记时间",
    "outlet rate": "网点结算单价",
    "outlet rates": "网点结算单价",
    "Confirmed": "已确认",
    "confirmed": "已确认",
    "month": "月份",
    "The first day of the month settled.": "结算月份的第一天。",
    "jobs": "工单数",
    "labour": "工费",
    "travel allowances": "交通补贴合计",
    "Travel allowances": "交通补贴合计",
    "jobs without a rate": "无单价工单数",
    "drawn up by": "制单人",
    "drawn up": "制单时间",
    "Drawn up": "制单",
    "confirmed by": "确认人",
    "outlet settlement": "网点结算单",
    "outlet settlements": "网点结算单",
    "statement": "结算单",
    "rate": "单价",
    "statement line": "结算明细",
    "statement lines": "结算明细",
    "No rate": "无单价",
    # Why a line has its amount.
    "No rate for %(category)s, %(product)s on the day of completion: add one and rebuild "
    "the draft.": "完工当日没有适用于%(category)s、%(product)s的单价：请新增单价后重新生成草稿。",
    "Outlet's own rate": "网点专用单价",
    "Rate for all outlets": "通用单价",
    "%(whose)s for %(category)s, %(product)s, from %(date)s: ¥%(amount)s": (
        "%(whose)s（%(category)s，%(product)s，%(date)s 起）：¥%(amount)s"
    ),
    "; suburb travel allowance ¥%(amount)s (%(zone)s)": "；郊区交通补贴 ¥%(amount)s（%(zone)s）",
    # Refusals.
    "Only head office sets the rate for all outlets; choose an outlet.": (
        "通用单价只能由总部设定，请选择网点。"
    ),
    "Outlets are paid for paid (A), contract (B) and free (C) jobs only.": (
        "网点只结算有费（A）、契约（B）和免费（C）工单。"
    ),
    "Enter the amount per job (0 or more).": "请填写每单结算价（不小于 0）。",
    "Enter the travel allowance (0 or more).": "请填写交通补贴（不小于 0）。",
    "A rate for the same outlet and categories takes effect on that date already.": (
        "同一网点、同一类别已有自该日起生效的单价。"
    ),
    "Only head office changes the rate for all outlets.": "通用单价只能由总部修改。",
    "This rate was applied on a confirmed statement and can no longer change; enter a new rate "
    "from a later date.": "该单价已用于已确认的结算单，不能再修改；请新增一条以后日期生效的单价。",
    "%(month)s is not over yet: a month is settled after its last day.": (
        "%(month)s 尚未结束：月份结束后才能结算。"
    ),
    "%(outlet)s has a statement for %(month)s already (%(number)s, %(status)s); a draft is "
    "rebuilt from its page.": (
        "%(outlet)s 已有 %(month)s 的结算单（%(number)s，%(status)s）；草稿请在其页面重新生成。"
    ),
    "%(outlet)s has no jobs completed in %(month)s waiting to be settled.": (
        "%(outlet)s 在 %(month)s 没有待结算的完工工单。"
    ),
    "The statement was drawn up by someone else just now; open it from the list.": (
        "该结算单刚由他人生成，请从列表中打开。"
    ),
    "%(refusal)s: the statement is “%(status)s”.": "%(refusal)s：该结算单为“%(status)s”。",
    "Only a draft can be rebuilt": "只有草稿才能重新生成",
    "Only a draft can be confirmed": "只有草稿才能确认",
    "The statement lists no jobs.": "该结算单没有工单。",
    "%(count)d job(s) have no rate: add the rate and rebuild the draft first.": (
        "有 %(count)d 张工单没有单价：请先新增单价并重新生成草稿。"
    ),
    "Only a confirmed statement can be marked paid": "只有已确认的结算单才能登记付款",
    "Enter the day it was paid.": "请填写付款日期。",
    "The payment date is in the future.": "付款日期晚于今天。",
    "The statement was confirmed on %(date)s; it cannot be paid before.": (
        "该结算单于 %(date)s 确认，付款日期不能早于确认日期。"
    ),
    "Enter the payment reference (bank transfer or voucher number).": (
        "请填写付款凭证号（银行转账流水号或凭证号）。"
    ),
    # Pages.
    "Each outlet gets one statement a month, listing the jobs it completed in the month (China "
    "Standard Time) that are on no other statement, at the rate in force on the day. Internal "
    "work (D) is never settled. A draft can be drawn up again until it is confirmed.": (
        "每个网点每月一张结算单，列出该网点当月（北京时间）完工且未列入其他结算单的工单，"
        "按完工当日有效的单价结算。一般行政（D）工单不结算。确认之前，草稿可随时重新生成。"
    ),
    "A correction is possible until a statement at this rate is confirmed; a new price from a "
    "later date is a new rate.": (
        "在使用该单价的结算单确认之前可以更正；以后日期起的新价格请新增一条单价。"
    ),
    "Internal work (D) is never paid to an outlet.": "一般行政（D）工单不向网点结算。",
    "A job is paid at the rate in force on the day it was completed: the outlet's own rate before "
    "the rate for all outlets, a rate for the product's category before one for any product. The "
    "travel allowance is added for customers in neighbouring cities and counties or farther.": (
        "工单按完工当日有效的单价结算：网点专用单价优先于通用单价，指定品类的单价优先于不限品类的单价。"
        "客户位于周边市县或更远时另加交通补贴。"
    ),
    "Paid jobs (A) are settled for the outlet's labour only; money an outlet took from a customer "
    "is not recorded in billing and is agreed with the outlet apart.": (
        "有费（A）工单只结算网点工费；网点向客户收取的款项未在收费模块登记，另行与网点核对。"
    ),
    "%(counter)s job has no rate: add the rate, then draw the draft up again.": (
        "有 %(counter)s 张工单没有单价：请新增单价，然后重新生成草稿。"
    ),
    "Once confirmed, the statement no longer changes.": "结算单确认后不再变动。",
    "The statement is paid.": "该结算单已付款。",
    "No jobs on this statement.": "该结算单没有工单。",
    "%(counter)s without rate": "%(counter)s 单无单价",
    "No statements found.": "没有找到结算单。",
    "%(counter)s job": "%(counter)s 单",
    "Amounts in yuan. Paid jobs (A) are settled for the outlet's labour only.": (
        "金额单位：元。有费（A）工单只结算网点工费。"
    ),
    "For the company (finance)": "公司（财务）",
    "Signature": "签字",
    "For the outlet": "网点签章",
    "Signature and seal": "签字盖章",
    "%(count)d statement(s) drawn up for %(month)s.": "已生成 %(month)s 的结算单 %(count)d 张。",
    "No outlet has jobs of %(month)s waiting to be settled.": "%(month)s 没有待结算工单的网点。",
    "The draft was drawn up again.": "草稿已重新生成。",
    "The statement is confirmed.": "结算单已确认。",
    "The statement is marked paid.": "结算单已登记付款。",
    "The rate is saved.": "单价已保存。",
}
