"""Simplified Chinese of the billing app (aftersales/billing): 价目表、报价与用户同意、收费单、
收款、技术员现金当日交财务 (002 第11条, 第21条, 第56条4; 004 (十), 篇8)."""

TRANSLATIONS = {
    "Billing": "收费",
    # Price list.
    "Unit of measure": "计量单位",
    "unit of measure": "计量单位",
    "Price (yuan)": "单价（元）",
    "Source": "价格来源",
    "source": "价格来源",
    "Product category": "产品类别",
    "Labour": "工时",
    "Travel": "上门",
    "Other": "其他",
    "Manufacturer": "厂家价",
    "Price bureau": "物价局价",
    "Own price": "本公司价",
    "price": "单价",
    "price item": "收费项目",
    "price list": "价目表",
    "Price list": "价目表",
    "New price item": "新增收费项目",
    "No price items yet.": "尚无收费项目。",
    "Price": "单价",
    "%(item)s was added to the price list.": "%(item)s 已加入价目表。",
    "Unknown kind of price item.": "未知的收费项目类型。",
    "Unknown price source.": "未知的价格来源。",
    "Unknown product category.": "未知的产品类别。",
    "Enter the name.": "请填写名称。",
    "Enter the unit of measure.": "请填写计量单位。",
    "The price must be 0 or more.": "单价不能为负数。",
    "Enter the code.": "请填写编码。",
    "A price item with this code already exists.": "已有相同编码的收费项目。",
    "Unknown field.": "未知的字段。",
    # Quotes and consent.
    "Fault found": "故障判断",
    "fault found": "故障判断",
    "Expected hours": "预计工时",
    "expected hours": "预计工时",
    "Item": "项目",
    "Name of the person consenting": "同意人姓名",
    "Who agreed on the phone": "电话中同意的人",
    "What the customer said": "客户的意见",
    "Draft": "草稿",
    "Awaiting consent": "待用户同意",
    "Consented": "用户已同意",
    "Superseded": "已被新版本取代",
    "Declined": "用户拒绝",
    "version": "版本",
    "total": "合计",
    "quoted": "报价时间",
    "reason declined": "拒绝原因",
    "quote": "报价",
    "quotes": "报价",
    "amount": "金额",
    "quote line": "报价明细",
    "quote lines": "报价明细",
    "Signature on screen": "屏幕签名",
    "By phone": "电话同意",
    "method": "方式",
    "consented by": "同意人",
    "recorded by": "记录人",
    "consent": "用户同意",
    "consents": "用户同意",
    "This is paid work: give the customer a quote and record his consent first.": (
        "本单为有费服务：请先向客户报价并取得其同意。"
    ),
    "The customer declined the quote: no repair may be done. Record the visit as declined, "
    "without repair.": "客户拒绝了报价，不得维修。请按“客户拒绝、未维修”完工。",
    "Quote v%(version)s has no consent yet: the customer must sign it, or an agent record his "
    "consent by phone, before the work starts.": (
        "报价第%(version)s版尚未取得用户同意：须客户签名，或由客服记录电话同意后方可开工。"
    ),
    "Only paid work (category A) is quoted; this job is “%(category)s”.": (
        "只有有费服务（A类）需要报价；本单为“%(category)s”。"
    ),
    "A work order that is “%(state)s” can no longer be quoted.": "状态为“%(state)s”的派工单不能再报价。",
    "Describe the fault found.": "请填写故障判断。",
    "The expected hours must be more than 0.": "预计工时必须大于 0。",
    "%(item)s is no longer on the price list.": "%(item)s 已不在价目表中。",
    "Each quantity must be more than 0.": "每项数量必须大于 0。",
    "Add at least one line from the price list.": "请至少从价目表选一项。",
    "A newer version of this quote exists: ask consent to that one.": (
        "此报价已有新版本，请就新版本征得用户同意。"
    ),
    "This quote is “%(status)s”: it is not waiting for consent.": "此报价为“%(status)s”，无需用户同意。",
    "Enter the name of the person consenting.": "请填写同意人姓名。",
    "Say what the customer said.": "请记录客户的意见。",
    "Charges": "收费",
    "Quote": "报价",
    "New quote version": "修改报价（新版本）",
    "Give a quote": "报价",
    "Customer signs": "客户签名同意",
    "Consent by phone": "电话同意",
    "Quote v%(v)s": "报价第%(v)s版",
    "Total": "合计",
    "Expected time: %(h)s h": "预计工时：%(h)s 小时",
    "Consent": "用户同意",
    "Customer's consent": "用户同意",
    "By signing, the customer agrees to quote v%(v)s: ¥%(total)s, about %(h)s h of work.": (
        "客户签名即同意报价第%(v)s版：¥%(total)s，预计工时约 %(h)s 小时。"
    ),
    "Record consent": "记录用户同意",
    "The customer does not agree": "客户不同意",
    "Record that the customer declined": "记录客户拒绝",
    "Quote v%(v)s is “%(status)s”: nothing waits for consent.": (
        "报价第%(v)s版为“%(status)s”，没有待同意的报价。"
    ),
    "There is no quote yet.": "尚未报价。",
    "Read the quote to the customer: v%(v)s, ¥%(total)s, about %(h)s h of work. Record his "
    "consent only if he agrees.": (
        "请向客户宣读报价第%(v)s版：¥%(total)s，预计工时约 %(h)s 小时。客户同意后方可记录。"
    ),
    "Quote for paid work": "有费服务报价",
    "The customer consented to the current quote. A new version replaces it and needs a new "
    "consent.": "客户已同意当前报价。修改报价将生成新版本，须重新取得用户同意。",
    "Lines from the price list": "价目表项目",
    "Give quote": "提交报价",
    "Quote v%(version)s: ¥%(total)s. Now ask the customer to consent.": (
        "报价第%(version)s版：¥%(total)s。请征得客户同意。"
    ),
    "There is no quote to consent to.": "没有可同意的报价。",
    "%(number)s: the customer's consent is recorded.": "%(number)s：已记录用户同意。",
    "There is no quote to decline.": "没有可拒绝的报价。",
    "The customer declined: complete the visit without repair.": "客户拒绝报价：请按未维修完工。",
    # Invoices and payments.
    "Amount (yuan)": "金额（元）",
    "Method": "付款方式",
    "Paid": "已付清",
    "Void": "已作废",
    "discount": "折扣",
    "paid": "已收",
    "invoice": "收费单",
    "invoices": "收费单",
    "invoice line": "收费单明细",
    "invoice lines": "收费单明细",
    "Cash": "现金",
    "WeChat Pay": "微信支付",
    "Alipay": "支付宝",
    "Bank transfer": "银行转账",
    "collected by": "收款人",
    "payment": "收款",
    "payments": "收款",
    "Invoice": "收费单",
    "outstanding": "未收",
    "Invoice and payment": "收费单与收款",
    "Issue invoice": "开具收费单",
    "Consented quote v%(v)s: ¥%(total)s.": "用户已同意的报价第%(v)s版：¥%(total)s。",
    "No invoice: the job has no consented quote.": "无收费单：本单没有用户已同意的报价。",
    "Amount due": "应收",
    "Payments": "收款记录",
    "handed over": "已交财务",
    "not handed over": "未交财务",
    "No payments yet.": "尚无收款。",
    "Record payment": "登记收款",
    "Paid so far": "已收",
    "Still to pay": "尚欠",
    "Outstanding": "未交",
    "Only paid work (category A) is invoiced.": "只有有费服务（A类）开具收费单。",
    "The job has no consented quote to invoice.": "本单没有用户已同意的报价，不能开收费单。",
    "This job is invoiced already.": "本单已开具收费单。",
    "The invoice is “%(status)s”: it takes no payment.": "收费单为“%(status)s”，不能再收款。",
    "Unknown payment method.": "未知的付款方式。",
    "The amount must be more than 0.": "金额必须大于 0。",
    "Only ¥%(due)s is still due; do not take more.": "尚欠仅 ¥%(due)s，不可多收。",
    "The invoice is void already.": "收费单已作废。",
    "Payments were taken on this invoice: it cannot be voided.": "此收费单已有收款，不能作废。",
    "The job has no invoice yet.": "本单尚未开具收费单。",
    "Invoice %(number)s issued.": "已开具收费单 %(number)s。",
    "¥%(amount)s received (%(method)s).": "已收 ¥%(amount)s（%(method)s）。",
    # Cash hand-over.
    "received by": "接收人",
    "cash hand-over": "现金交接",
    "cash hand-overs": "现金交接",
    "hand-over": "交接",
    "Cash hand-over": "现金交接",
    "Cash collected by technicians is due at finance the same day.": "技术员收取的现金须当日交财务。",
    "Collected this day": "当日收取",
    "Handed over this day": "当日上交",
    "Receive ¥%(amount)s": "接收 ¥%(amount)s",
    "No cash collected or outstanding.": "没有收取或未交的现金。",
    "Choose the cash payments handed over.": "请选择上交的现金收款。",
    "No such payment.": "没有这笔收款。",
    "¥%(amount)s of %(at)s was handed over already.": "%(at)s 的 ¥%(amount)s 已经上交过。",
    "Only cash is handed over.": "只有现金需要上交。",
    "A payment was collected by someone else.": "其中有一笔收款不是此人收取的。",
    "No such technician.": "没有这位技术员。",
    "¥%(total)s received from %(technician)s.": "已接收 %(technician)s 上交的 ¥%(total)s。",
    # Discounts.
    "Discount (yuan)": "折扣（元）",
    "percent": "百分比",
    "asked": "申请时间",
    "decided": "审批时间",
    "discount request": "折扣申请",
    "discount requests": "折扣申请",
    "Discount": "折扣",
    "Discounts": "折扣",
    "No discounts.": "无折扣。",
    "Give or ask for a discount": "给予或申请折扣",
    "Discounts waiting for approval": "待审批的折扣",
    "Discounts to approve": "折扣审批",
    "Your limit: %(limit)s%% of the invoice.": "您的核决权限：收费单金额的 %(limit)s%%。",
    "No discounts are waiting.": "没有待审批的折扣。",
    "The discount would leave less to pay than was paid already.": "折扣后应收将少于已收金额。",
    "Only an open invoice can be discounted.": "只有未结清的收费单可以打折。",
    "The discount must be more than 0 and at most the total.": "折扣必须大于 0 且不超过合计金额。",
    "Give the reason for the discount.": "请填写折扣原因。",
    "A discount of this invoice is already waiting.": "此收费单已有一项折扣待审批。",
    "Within the asker's own limit.": "在申请人自己的权限内。",
    "This discount has already been decided.": "此折扣已审批。",
    "A %(percent)s%% discount is above your limit of %(limit)s%%.": (
        "%(percent)s%% 的折扣超出您 %(limit)s%% 的权限。"
    ),
    "Say why the discount is refused.": "请说明拒绝折扣的原因。",
    "Discount of ¥%(amount)s given.": "已给予 ¥%(amount)s 折扣。",
    "A %(percent)s%% discount is above your limit: it waits for approval.": (
        "%(percent)s%% 的折扣超出您的权限，已提交审批。"
    ),
    "No discount is waiting.": "没有待审批的折扣。",
    "Discount %(status)s.": "折扣%(status)s。",
    # Parts on the invoice, printing and voiding.
    "Spare part": "备件",
    "For a line of kind “part”: the spare part it sells, matched on the invoice.": (
        "类别为“配件”的项目：对应的备件，开票时与实际领用的备件对应。"
    ),
    "Why the invoice is voided": "作废原因",
    "reason voided": "作废原因",
    "voided by": "作废人",
    "Covered, free": "保修内免费",
    "Not in the consented quote, free": "报价外，免费",
    "coverage": "费用承担",
    "guaranteed until": "保修至",
    "Guaranteed until": "保修至",
    "Under warranty or contract": "保修或契约范围内",
    "Not in the consented quote: not charged without a new consent.": (
        "不在用户同意的报价内：未经重新同意不收费。"
    ),
    "Unknown spare part.": "没有这个备件。",
    "Only a line of kind “part” names a spare part.": "只有类别为“配件”的项目才能对应备件。",
    "The quote changed: v%(version)s is the one consented to now. Check it first.": (
        "报价已变更：当前经用户同意的是第%(version)s版，请先核对。"
    ),
    "The invoice would exceed the consented quote: give a new quote first.": (
        "收费单金额将超出用户同意的报价：请先重新报价。"
    ),
    "consented quote v%(v)s: ¥%(total)s": "用户同意的报价第%(v)s版：¥%(total)s",
    "The customer consented to the quote's total: nothing more is charged without a new quote "
    "and a new consent. Parts are charged as issued to the job: a quoted part that was not "
    "issued is not charged; a part issued but not quoted is listed free; a part covered by "
    "warranty or contract is free, with the reason.": (
        "用户同意的是报价总额：未经重新报价并取得用户同意，不得多收。配件按本单实际领用收费："
        "报价中有但未领用的配件不收费；领用了但报价中没有的配件列出但免费；"
        "保修或契约范围内的配件免费，并注明原因。"
    ),
    "Print invoice": "打印收费单",
    "Void the invoice": "作废收费单",
    "Voided invoices": "已作废的收费单",
    "Service charges invoice": "维修服务收费单",
    "VOID": "作废",
    "This job has no invoice.": "此工单没有收费单。",
    "The customer consented to ¥%(total)s; nothing beyond it is charged without a new "
    "consent. Parts are charged only as issued to this job; a part covered by warranty or "
    "contract is free.": (
        "用户同意的金额为¥%(total)s，未经重新同意不得超收。配件仅按本单实际领用收费；"
        "保修或契约范围内的配件免费。"
    ),
    "Voided": "已作废",
    "Issued by": "开票人",
    "The job has no invoice to void.": "此工单没有可作废的收费单。",
    "A voided invoice stays on file, marked void, with the reason. The job can then be "
    "invoiced again from its consented quote and the parts issued.": (
        "作废的收费单仍存档，标明作废及原因。之后可按用户同意的报价和实际领用的配件重新开票。"
    ),
    "Invoice %(number)s is void. The job can be invoiced again.": (
        "收费单 %(number)s 已作废，可重新开票。"
    ),
}
