"""Phone scripts (规范用语) the agent reads from, as the regulations word them (002 第46–57条).

The Chinese wording is the regulation's own and is shown to Chinese (Simplified) users as it
stands; other languages see the English, which goes through the translation catalogue. The
company name and hotline of the original are left as placeholders the agent fills in aloud.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Line:
    zh: str
    en: Promise

    @property
    def text(self) -> str:
        if (get_language() or "").lower() in {"zh-hans", "zh-cn", "zh"}:
            return self.zh
        return str(self.en)


@dataclass(frozen=True)
class Script:
    key: str
    title: Promise
    source: str
    lines: tuple[Line, ...]


SCRIPTS: tuple[Script, ...] = (
    Script(
        key="greeting",
        title=_("Greeting"),
        source="002 第46条",
        lines=(
            Line("您好，××公司，请问有什么可以帮您？", _("Hello, this is ××. How can I help you?")),
        ),
    ),
    Script(
        key="details",
        title=_("Asking for details"),
        source="002 第46–48条",
        lines=(
            Line(
                "您好，请问您的地址在哪里？什么时间购买的产品？现在出现了什么问题呢？",
                _(
                    "May I have your address? When did you buy the product? What is the problem now?"
                ),
            ),
            Line(
                "（在未听清楚时）您好！请麻烦您再重复一遍，好吗？",
                _("(If you did not hear clearly) Sorry, could you please repeat that?"),
            ),
            Line(
                "记录：用户姓名、住址、联系电话、购买时间及单号（发票号）、产品型号、具体故障情况以及用户需求。",
                _(
                    "Write down: name, address, phone, purchase date and invoice no., model, the "
                    "fault in detail and what the customer wants."
                ),
            ),
        ),
    ),
    Script(
        key="triage",
        title=_("Triage"),
        source="002 第47条, 五1",
        lines=(
            Line(
                "语气柔和、吐字清楚、语速适中，认真听取顾客的报修问题及意见并作好记录。",
                _(
                    "Speak gently, clearly and not too fast; listen carefully to the fault and the "
                    "customer's views and write them down."
                ),
            ),
            Line(
                "先指导用户排除使用不当等非质量问题；电话中已解决的，按“已电话指导解决”结案。",
                _(
                    "First guide the customer to rule out misuse and other non-quality problems; a "
                    "call solved on the phone is closed as solved by guidance."
                ),
            ),
            Line(
                "确认产品有故障时，开具工单，及时派遣技术人员上门排除故障。",
                _(
                    "When the product is really faulty, open a work order so that a technician is "
                    "sent promptly."
                ),
            ),
        ),
    ),
    Script(
        key="follow_up",
        title=_("When the customer asks about the visit"),
        source="002 第51条",
        lines=(
            Line("您好，让您久等了；", _("Hello, sorry to have kept you waiting.")),
            Line(
                "技术服务人员将在某某时间内赶到，请您原谅；",
                _("Our technician will be with you by … — please excuse the wait."),
            ),
        ),
    ),
    Script(
        key="callback",
        title=_("Follow-up call"),
        source="002 第53条",
        lines=(
            Line(
                "您好，我是××公司的客服，能耽误您几分钟吗？",
                _("Hello, this is customer service of ××. Could you spare a few minutes?"),
            ),
            Line("请问您对我们的售后服务还满意吗？", _("Are you satisfied with our service?")),
            Line("请您评价打分，1—5分；", _("Please give us a score from 1 to 5.")),
            Line("感谢您的配合及宝贵意见；", _("Thank you for your help and your valuable views.")),
        ),
    ),
    Script(
        key="closing",
        title=_("Closing"),
        source="002 第46条, 第51条",
        lines=(
            Line(
                "您好，我们将在某某时间尽快给您解决问题，请您放心，感谢您的来电。",
                _("We will solve the problem by … at the latest. Thank you for calling."),
            ),
            Line("看还有什么问题需要我为您服务；", _("Is there anything else I can do for you?")),
            Line(
                "如果今后还有什么问题请拨打售后服务热线电话，我们将随时为您服务。",
                _(
                    "If anything else comes up, call our service hotline; we are always there for you."
                ),
            ),
            Line("感谢您的来电。", _("Thank you for calling.")),
        ),
    ),
)
