"""Simplified Chinese of the returns app (aftersales/returns): 退货/换货 with the general
manager's approval (001 篇2 十五) and what was done for the customer — 折让, 赔款, 退货, 重处理
(004 (十三))."""

TRANSLATIONS = {
    # Navigation and titles.
    "Returns and exchanges": "退换货",
    "New return or exchange request": "新建退换货申请",
    "Request a return or exchange": "申请退换货",
    "New request": "新建申请",
    "Awaiting my decision": "待我审批",
    "return or exchange request": "退换货申请",
    "return and exchange requests": "退换货申请",
    "No return or exchange requests found.": "没有找到退换货申请。",
    "No return or exchange was asked for this unit.": "该设备没有退换货记录。",
    # Kinds and statuses.
    "return request\x04Return": "退货",
    "return request\x04Exchange": "换货",
    "Awaiting the general manager": "待总经理审批",
    "return request\x04Approved": "已批准",
    "return request\x04Rejected": "已驳回",
    "return request\x04Completed": "已办结",
    "Credit note": "折让",
    "Compensation": "赔款",
    "Return and refund": "退货退款",
    "Exchange for a new unit": "换新机",
    "Rework": "重处理",
    # Fields.
    "Number, customer or serial": "单号、客户或序列号",
    "The customer asks for": "客户要求",
    "The fault, when it appeared, and what the customer said.": "故障现象、出现时间及客户的原话。",
    "Decision note": "审批意见",
    "Required when rejecting.": "驳回时必填。",
    "What was done": "处理方式",
    "Credited, paid or refunded to the customer; for rework or an exchange, its cost.": (
        "折让、赔付或退还给客户的金额；重处理或换货时填写其费用。"
    ),
    "Serial number of the new unit": "新机序列号",
    "serial number of the new unit": "新机序列号",
    "Exchange only: the new unit goes into the customer's file.": "仅换货时填写：新机将登记到客户档案。",
    "Model of the new unit": "新机型号",
    "The same model": "与原机同型号",
    "For rework, what is to be done: it becomes the new job's description.": (
        "重处理时填写需做的工作：将作为新工单的故障描述。"
    ),
    "days since purchase": "购买天数",
    "remedies allowed": "三包可享受",
    "within the three guarantees": "在三包范围内",
    "completed by": "办结人",
    "total amount": "合计金额",
    "resolution": "处理结果",
    "resolutions": "处理结果",
    "amount (yuan)": "金额（元）",
    "replacement unit": "换货新机",
    "rework order": "重处理工单",
    "time recorded": "登记时间",
    # Entitlement in words.
    " or ": "或",
    "Purchased %(date)s, %(days)s day ago: %(remedies)s.": "购买于 %(date)s，%(days)s 天前：%(remedies)s。",
    "Entitled": "符合三包",
    "Not entitled": "不符合三包",
    # Who bears the costs (001 篇2 十五).
    "Rejected by the general manager:": "总经理已驳回：",
    "the customer bears the costs.": "费用由客户承担。",
    "Approved by the general manager: the company bears the costs.": "总经理已批准：费用由公司承担。",
    "Within the three guarantees; it still needs the general manager's approval, without which the customer bears the costs.": (
        "在三包范围内；仍须总经理批准，未经批准的费用由客户承担。"
    ),
    "Outside the three-guarantee entitlement:": "不在三包范围内：",
    "the customer bears the costs unless the general manager approves.": "除非总经理批准，费用由客户承担。",
    "A return is outside the entitlement: the customer bears the costs unless the general manager approves.": (
        "退货不在三包范围内：除非总经理批准，费用由客户承担。"
    ),
    "An exchange is outside the entitlement: the customer bears the costs unless the general manager approves.": (
        "换货不在三包范围内：除非总经理批准，费用由客户承担。"
    ),
    "Enter the serial number; what the three guarantees allow is kept with the request on the day it is filed.": (
        "请输入序列号；申请当天的三包权益将随申请一并保存。"
    ),
    "Every return or exchange is decided by the general manager.": "所有退换货均由总经理审批。",
    # The request's page.
    "General manager's decision": "总经理审批",
    "Record the decision": "提交审批意见",
    "Record a resolution": "登记处理结果",
    "Completing records the total of ¥%(total)s.": "办结时将记录合计金额 ¥%(total)s。",
    "Complete the request": "办结申请",
    "Waiting for the general manager's decision.": "等待总经理审批。",
    "Approved: the service department records what was done.": "已批准：由服务部门登记处理结果。",
    "Nothing more to do on this request.": "该申请已无待办事项。",
    "Resolutions": "处理结果",
    "Recorded": "登记",
    "The request": "申请内容",
    "time\x04Requested": "申请时间",
    "New unit": "新机",
    "Rework job": "重处理工单",
    "Nothing recorded yet.": "尚未登记处理结果。",
    "File the request": "提交申请",
    "Given in exchange for %(old)s under %(number)s.": "此机为 %(old)s 的换货新机（%(number)s）。",
    "open the request": "查看申请",
    # Refusals.
    "This unit already has an open return or exchange request.": "该设备已有一份未办结的退换货申请。",
    "Choose return or exchange.": "请选择退货或换货。",
    "The work order is not about this unit.": "该工单不是这台设备的。",
    "Choose the unit to return or exchange.": "请选择要退换的设备。",
    "Say why the customer wants it.": "请填写客户要求退换货的原因。",
    "This request has already been decided: %(status)s.": "该申请已审批：%(status)s。",
    "Approve or reject the request.": "请选择批准或驳回。",
    "Say why the request is rejected.": "请填写驳回原因。",
    "Enter the amount in yuan.": "请输入金额（元）。",
    "The amount cannot be negative.": "金额不能为负数。",
    "Enter the amount to the fen: at most two decimals.": "金额精确到分：最多两位小数。",
    "Enter the amount paid or credited to the customer.": "请输入赔付或折让给客户的金额。",
    "A refund ends a return request, not an exchange.": "退款只用于退货申请，不用于换货申请。",
    "A new unit ends an exchange request, not a return.": "换新机只用于换货申请，不用于退货申请。",
    "This request already has its %(kind)s.": "该申请已登记过%(kind)s。",
    "Enter the serial number of the new unit.": "请输入新机序列号。",
    "Rework decided on %(number)s: %(text)s": "根据退换货申请 %(number)s 重处理：%(text)s",
    "Resolutions are recorded only on a request the general manager approved.": (
        "只有总经理批准的申请才能登记处理结果。"
    ),
    "Choose what was done for the customer.": "请选择处理方式。",
    "Only an approved request can be completed.": "只有已批准的申请才能办结。",
    "Record what was done for the customer before completing.": "请先登记处理结果再办结。",
    "Enter the serial number of the unit.": "请输入设备序列号。",
    "No unit with this serial number.": "没有该序列号的设备。",
    "Several units have this serial number: file the request from the unit's page.": (
        "有多台设备使用该序列号：请从设备档案页面提出申请。"
    ),
    "Purchase date unknown: %(remedies)s.": "购买日期不详：%(remedies)s。",
}
