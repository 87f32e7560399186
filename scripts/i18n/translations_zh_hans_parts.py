"""Simplified Chinese of the spare-parts app (aftersales/parts): 备件、仓库、出入库单据."""

TRANSLATIONS = {
    # Shared words (the same text as in other apps' dictionaries).
    "Quantity": "数量",
    "quantity": "数量",
    "Part": "配件",
    "part": "配件",
    "by": "经手人",
    "Enter a number.": "请输入数字。",
    "Amount": "金额",
    # Navigation and tabs.
    "Spare parts": "备件",
    "Reorder list": "补货清单",
    "Stock levels": "库存",
    "Stock documents": "出入库单据",
    "Parts catalogue": "配件目录",
    "Warehouses": "仓库",
    "New stock document": "新建出入库单",
    "Receive": "入库",
    "Return old part": "交回旧件",
    "Issue parts": "领用配件",
    # Models.
    "Good": "良品",
    "Defective": "坏件",
    "part code": "配件编码",
    "fits categories": "适用品类",
    "unit cost": "单位成本",
    "sale price": "销售价",
    "serialised": "序列号管理",
    "repair warranty days": "维修保修天数",
    "How long a repair with this part is guaranteed.": "用此配件维修后的保修天数。",
    "spare part": "备件",
    "spare parts": "备件",
    "Central warehouse": "总仓",
    "Branch warehouse": "分公司仓库",
    "Van stock": "车载库存",
    "warehouse": "仓库",
    "warehouses": "仓库",
    "stock level": "库存",
    "stock levels": "库存",
    "reorder point": "补货点",
    "reorder quantity": "补货数量",
    "reorder points": "补货点",
    "Receipt": "入库",
    "stock\x04Transfer": "调拨",
    "Issue to work order": "见单发料",
    "Old part returned (old for new)": "交回旧件（以坏换新）",
    "Scrap": "报废",
    "Charge to person": "个人赔偿",
    "from warehouse": "调出仓库",
    "to warehouse": "调入仓库",
    "charged to": "赔偿人",
    "amount charged": "赔偿金额",
    "supplier": "供应商",
    "stock document": "出入库单",
    "stock documents": "出入库单",
    "document line": "单据明细",
    "document lines": "单据明细",
    # Forms.
    "From warehouse": "调出仓库",
    "To warehouse": "调入仓库",
    "The number on the voucher, e.g. WO202611-00012.": "服务凭证上的单号，如 WO202611-00012。",
    "Charged to": "赔偿人",
    "Amount charged": "赔偿金额",
    "Leave empty to charge the parts' cost.": "留空则按配件成本赔偿。",
    "Supplier": "供应商",
    "Enter the quantity.": "请填写数量。",
    "Warehouse": "仓库",
    "Stock condition": "库存状态",
    "stock condition": "库存状态",
    "All warehouses": "全部仓库",
    "Any": "全部",
    "Part code": "配件编码",
    "Fits categories": "适用品类",
    "Unit cost": "单位成本",
    "Sale price": "销售价",
    "Serialised": "序列号管理",
    "Repair warranty days": "维修保修天数",
    "Reorder point": "补货点",
    "Reorder quantity": "补货数量",
    # Services: refusals.
    "Unknown document kind.": "未知的单据类型。",
    "An amount cannot be negative.": "金额不能为负数。",
    "A part with code %(code)s already exists.": "配件编码 %(code)s 已存在。",
    "Enter a whole number of days.": "请输入整数天数。",
    "Unknown warehouse kind.": "未知的仓库类型。",
    "You may open warehouses only in your own branch.": "只能在本分公司开设仓库。",
    "The central warehouse is at head office.": "总仓设在总部。",
    "There is already a central warehouse.": "已有一个总仓。",
    "A van's stock belongs to a technician.": "车载库存必须属于一名技术员。",
    "The technician works in another branch.": "该技术员属于其他分公司。",
    "This technician already has a van.": "该技术员已有车载库存。",
    "This code is already used.": "该编码已被使用。",
    "This name is already used.": "该名称已被使用。",
    "Enter a whole number, 0 or more.": "请输入不小于 0 的整数。",
    "Order at least one.": "补货数量至少为 1。",
    "Choose the warehouse.": "请选择仓库。",
    "Warehouse %(warehouse)s is closed.": "仓库 %(warehouse)s 已停用。",
    "A technician takes parts only from his own van, for his own job.": (
        "技术员只能从自己的车载库存领用，且只能用于自己的工单。"
    ),
    "Warehouse %(warehouse)s belongs to another branch.": "仓库 %(warehouse)s 属于其他分公司。",
    "Add at least one part.": "请至少填写一项配件。",
    "Choose the part.": "请选择配件。",
    "The quantity must be a whole number, 1 or more.": "数量必须是不小于 1 的整数。",
    "Unknown condition.": "未知的库存状态。",
    "This document cannot move %(condition)s stock.": "此类单据不能处理%(condition)s库存。",
    "%(part)s is serialised: enter the serial number of the new part.": (
        "%(part)s 按序列号管理：请填写新件的序列号。"
    ),
    "A serialised part is issued one per line, each with its serial number.": (
        "序列号管理的配件每行只能领用一件，并各填序列号。"
    ),
    "Warehouse %(warehouse)s has only %(available)d of %(part)s (%(condition)s) in stock; "
    "%(wanted)d were asked for. Nothing was moved.": (
        "仓库 %(warehouse)s 的 %(part)s（%(condition)s）库存只有 %(available)d 件，"
        "申请 %(wanted)d 件，未作任何出库。"
    ),
    "Choose two different warehouses.": "调出和调入仓库不能相同。",
    "Warehouse %(warehouse)s is not of the branch of work order %(order)s.": (
        "仓库 %(warehouse)s 与工单 %(order)s 不属于同一分公司。"
    ),
    "Parts are issued only against a work order.": "配件只能凭工单领用（见单发料）。",
    "Parts are issued only against an open work order; %(order)s is %(state)s.": (
        "配件只能凭未结工单领用；工单 %(order)s 的状态为“%(state)s”。"
    ),
    "An old part comes back against a work order.": "旧件须凭工单交回。",
    "Work order %(order)s was cancelled.": "工单 %(order)s 已取消。",
    "A used part can never go back to good stock: the old part is returned to defective "
    "stock, to be sent back to the manufacturer or scrapped.": (
        "用过的配件不得退回良品库存：旧件只能交回坏件库存，待返厂或报废。"
    ),
    "Only %(left)d old %(part)s can come back on %(order)s: one for each new part issued "
    "to it.": "工单 %(order)s 只能交回 %(left)d 件旧的 %(part)s：以坏换新，一新一旧。",
    "Choose the person to charge.": "请选择赔偿人。",
    "This person works in another branch.": "此人属于其他分公司。",
    "No work order %(number)s.": "没有工单 %(number)s。",
    # Pages.
    "Parts used": "所用配件",
    "New serial number": "新件序列号",
    "Coverage": "费用归属",
    "Document": "单据",
    "Charged": "收费",
    "Part warranty until": "配件保修至",
    "Parts to charge": "应收配件费",
    "No parts issued to this job.": "此工单尚未领用配件。",
    "Old parts returned": "已交回旧件",
    "Lines": "明细",
    "The old part goes to defective stock, to be sent back to the manufacturer or scrapped. "
    "A used part never goes back to good stock.": (
        "旧件进入坏件库存，待返厂或报废。用过的配件不得退回良品库存。"
    ),
    "Parts are issued only against an open work order of the warehouse's branch; a "
    "technician issues from his own van for his own job.": (
        "配件只能凭本分公司的未结工单领用；技术员只能从自己的车载库存为自己的工单领用。"
    ),
    "To": "调入",
    "No documents found.": "没有找到单据。",
    "New part": "新建配件",
    "Code or name": "编码或名称",
    "No parts yet.": "还没有配件。",
    "Parts whose good stock is at or below the reorder point.": "良品库存已降到补货点或以下的配件。",
    "Set a reorder point": "设置补货点",
    "On hand": "现有库存",
    "Nothing to reorder.": "无需补货。",
    "No stock found.": "没有找到库存。",
    "New warehouse": "新建仓库",
    "No warehouses yet.": "还没有仓库。",
    # Purchases (三家比价).
    "Unit price": "单价",
    "unit price": "单价",
    "Delivery days": "交货天数",
    "delivery days": "交货天数",
    "Decision": "决定",
    "Reject": "驳回",
    "Chosen quote": "选定报价",
    "chosen quote": "选定报价",
    "The cheapest": "最低报价",
    "Collecting quotes": "询价中",
    "requested by": "申请人",
    "requested": "申请时间",
    "Requested": "申请",
    "decided by": "审批人",
    "decision note": "审批意见",
    "purchase request": "采购申请",
    "purchase requests": "采购申请",
    "supplier quote": "供应商报价",
    "supplier quotes": "供应商报价",
    "Purchase request %(number)s was already decided.": "采购申请 %(number)s 已审批。",
    "%(supplier)s has already quoted for this request.": "%(supplier)s 已对此申请报过价。",
    "A purchase is approved only after %(required)d supplier quotes are compared; "
    "%(number)s has %(count)d.": "采购须比较 %(required)d 家供应商报价后方可批准；%(number)s 目前只有 %(count)d 家。",
    "This quote belongs to another request.": "该报价属于其他采购申请。",
    "Say why a dearer quote than the cheapest is chosen.": "未选最低报价时，请说明理由。",
    "Give the reason for the refusal.": "请填写驳回理由。",
    "Purchase requests": "采购申请",
    "Supplier quotes": "供应商报价",
    "chosen": "选定",
    "No quotes yet.": "还没有报价。",
    "Add a quote": "添加报价",
    "Decide": "审批",
    "A purchase is approved after %(n)s supplier quote is compared.": (
        "采购须比较 %(n)s 家供应商报价后方可批准。"
    ),
    "New purchase request": "新建采购申请",
    "Quotes": "报价",
    "No purchase requests yet.": "还没有采购申请。",
    # Defective stock sent back to the manufacturer (返厂), serial numbers, per-line coverage.
    "Sent back to manufacturer": "返厂",
    "Send back to manufacturer": "返厂",
    "Manufacturer taking them back": "返厂厂家",
    "manufacturer": "厂家",
    "The brand taking the parts back.": "接收旧件的品牌厂家。",
    "Reference": "单号",
    "reference": "单号",
    "The manufacturer's return authorisation or claim number.": "厂家的返厂授权号或索赔单号。",
    "Defective parts sent back to the manufacturer under its return authorisation. Good stock "
    "is never sent back this way.": "坏件凭厂家返厂授权退回厂家；良品一律不得以此方式退回。",
    "Only defective parts are sent back to the manufacturer; good stock stays in the "
    "warehouse.": "只有坏件才能返厂；良品留在仓库。",
    "A serialised part: one serial number per piece, separated by commas.": (
        "有序列号的备件：每件一个序列号，用逗号分隔。"
    ),
    "%(part)s is serialised: enter one serial number per piece — %(quantity)d pieces, "
    "%(count)d serial numbers.": "%(part)s 按序列号管理：每件须填一个序列号——数量 %(quantity)d 件，序列号 %(count)d 个。",
    "Serial number %(serial)s of %(part)s has already been issued to a job.": (
        "%(part)s 的序列号 %(serial)s 已发料到工单，不能重复发出。"
    ),
    "A serial number has at most %(max)d characters.": "序列号最多 %(max)d 个字符。",
    "Parts fitted": "已装备件",
    "No parts fitted to this unit yet.": "该产品还没有装过备件。",
    "Free": "免费",
    "Free: warranty work (C).": "免费：保修内服务（C）。",
    "Free: maintenance contract work (B).": "免费：保养契约服务（B）。",
    "Free: fitted %(date)s on %(order)s, guaranteed until %(until)s.": (
        "免费：%(date)s 已在 %(order)s 更换同一备件，保修至 %(until)s。"
    ),
    "Charged: internal work (D).": "收费：一般行政工作（D）。",
    "Charged: paid work (A).": "收费：有费服务（A）。",
    # Edit pages.
    "Edit part %(code)s": "编辑备件 %(code)s",
    "Edit warehouse %(warehouse)s": "编辑仓库 %(warehouse)s",
    "Active": "启用",
    "An inactive part is no longer offered on new documents.": "停用的备件不再出现在新单据中。",
    "A closed warehouse takes part in no new document; it must be empty.": (
        "停用的仓库不再参与新单据；停用前须清空库存。"
    ),
    "Warehouse %(warehouse)s still holds %(count)d parts: move them out before closing it.": (
        "仓库 %(warehouse)s 还有 %(count)d 件备件：请先调出、返厂或报废，再停用。"
    ),
    # Monthly parts cost (001 篇2 十六).
    "Monthly parts cost": "备件成本月报",
    "Month": "月份",
    "Parts issued at cost": "发料成本",
    "Charged to person": "个人赔偿",
    "Scrapped value": "报废金额",
    "Warehouse (no technician)": "仓库（无技术员）",
    "Subtotal": "小计",
    "Parts issued to jobs at unit cost, lost or damaged parts charged to the person, and the "
    "value of the parts scrapped, by branch and by technician.": (
        "按服务中心和技术员列出：发往工单的备件按单位成本计，遗失或损坏由个人赔偿的金额，以及报废备件的金额。"
    ),
    "Export to Excel": "导出 Excel",
    "No parts moved in this month.": "本月没有备件出库。",
}
