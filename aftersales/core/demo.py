"""Believable demo data: a head office, three service centres, their people, 500 customers with
2,000 units, and three months of calls and work orders in every state.

The bulk of the history is written with `bulk_create` so that seeding takes seconds, but every
row is what the services would have written: states agree with timestamps and assignees, a
technician is only ever sent for a category he is certified for (培训合格方可上岗), repeat
repairs are flagged by the same rule as `rules.find_repeat`, every order has its audit trail,
and the number counters are advanced past the numbers issued so that new numbers never collide.
"""

from __future__ import annotations

import io
import math
import random
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from faker import Faker
from PIL import Image, ImageDraw

from aftersales.accounts.models import Branch, Department, Role, User
from aftersales.core.audit import snapshot
from aftersales.core.models import AuditEntry, Counter
from aftersales.customers.models import (
    Contact,
    Customer,
    FaultType,
    Outlet,
    ProductCategory,
    ProductModel,
    Unit,
    Zone,
)
from aftersales.dispatch.models import Technician
from aftersales.intake.models import Channel, ServiceCall
from aftersales.warranty.rules import decide_category
from aftersales.workorders.models import (
    GoodsMovement,
    GoodsReceipt,
    Kind,
    RepairCard,
    Request,
    ServiceCategory,
    Signature,
    State,
    WorkOrder,
)

DEMO_PASSWORD = "demo12345"


class NotEmpty(Exception):
    """The database already holds users: demo data is only ever written to an empty one."""


@dataclass(frozen=True)
class Scale:
    branches: tuple[str, ...]  # codes of the service centres besides head office
    technicians: dict[str, int]  # per branch code, head office included
    customers: int
    units: int
    orders: int
    phone_solved: int  # calls settled by guidance over the whole period
    open_calls: int  # calls taken in the last hour, not yet dealt with
    days: int = 91


FULL = Scale(
    branches=("BJ", "SH", "GZ"),
    technicians={"HQ": 2, "BJ": 6, "SH": 6, "GZ": 6},
    customers=500,
    units=2000,
    orders=1500,
    phone_solved=450,
    open_calls=8,
)
SMALL = Scale(
    branches=("BJ",),
    technicians={"HQ": 1, "BJ": 4},
    customers=40,
    units=120,
    orders=110,
    phone_solved=25,
    open_calls=2,
)


@dataclass
class SeedResult:
    logins: list[tuple[str, str, str]]  # username, role label, branch
    password: str
    counts: dict[str, int]


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------

HEAD_OFFICE = {
    "code": "HQ",
    "name": "总部服务部",
    "address": "四川省成都市武侯区人民南路四段27号商鼎国际1栋12楼",
    "phone": "+862883318889",  # 本公司售后服务热线 028-83318889 (002)
    "city": "成都市",
    "slug": "hq",
}

BRANCHES = {
    "BJ": {
        "name": "北京服务中心",
        "address": "北京市朝阳区东三环中路39号建外SOHO东区7号楼1203室",
        "phone": "+861065661234",
        "city": "北京市",
        "slug": "bj",
    },
    "SH": {
        "name": "上海服务中心",
        "address": "上海市静安区江场三路238号2幢5楼",
        "phone": "+862156781234",
        "city": "上海市",
        "slug": "sh",
    },
    "GZ": {
        "name": "广州服务中心",
        "address": "广州市天河区天河北路233号中信广场3208室",
        "phone": "+862038881234",
        "city": "广州市",
        "slug": "gz",
    },
}

# District → zone; streets and estates to build believable addresses.
GEOGRAPHY: dict[str, dict[str, Any]] = {
    "HQ": {
        "city": "四川省成都市",
        "districts": [
            ("锦江区", Zone.RING1),
            ("青羊区", Zone.RING1),
            ("武侯区", Zone.RING2),
            ("成华区", Zone.RING2),
            ("金牛区", Zone.RING2),
            ("高新区", Zone.RING3),
            ("龙泉驿区", Zone.RING3),
            ("郫都区", Zone.NEARBY),
            ("温江区", Zone.NEARBY),
            ("双流区", Zone.NEARBY),
            ("都江堰市", Zone.REMOTE),
            ("彭州市", Zone.REMOTE),
        ],
        "streets": [
            "人民南路",
            "蜀都大道",
            "红星路",
            "天府大道",
            "一环路南三段",
            "建设路",
            "府青路",
            "交子大道",
            "光华大道",
            "二环路西一段",
            "新华大道",
            "科华北路",
        ],
        "landline": "28",
    },
    "BJ": {
        "city": "北京市",
        "districts": [
            ("东城区", Zone.RING1),
            ("西城区", Zone.RING1),
            ("朝阳区", Zone.RING2),
            ("海淀区", Zone.RING2),
            ("丰台区", Zone.RING3),
            ("石景山区", Zone.RING3),
            ("通州区", Zone.NEARBY),
            ("昌平区", Zone.NEARBY),
            ("大兴区", Zone.NEARBY),
            ("顺义区", Zone.NEARBY),
            ("密云区", Zone.REMOTE),
            ("延庆区", Zone.REMOTE),
        ],
        "streets": [
            "朝阳北路",
            "建国路",
            "中关村大街",
            "学院路",
            "西直门外大街",
            "安定路",
            "广渠路",
            "丰台北路",
            "阜成路",
            "望京西路",
            "回龙观西大街",
            "双井东路",
        ],
        "landline": "10",
    },
    "SH": {
        "city": "上海市",
        "districts": [
            ("黄浦区", Zone.RING1),
            ("静安区", Zone.RING1),
            ("徐汇区", Zone.RING2),
            ("长宁区", Zone.RING2),
            ("普陀区", Zone.RING2),
            ("杨浦区", Zone.RING2),
            ("浦东新区", Zone.RING3),
            ("闵行区", Zone.RING3),
            ("宝山区", Zone.RING3),
            ("嘉定区", Zone.NEARBY),
            ("松江区", Zone.NEARBY),
            ("崇明区", Zone.REMOTE),
        ],
        "streets": [
            "淮海中路",
            "南京西路",
            "漕溪北路",
            "长寿路",
            "四平路",
            "张杨路",
            "虹桥路",
            "共和新路",
            "莘庄路",
            "陆家嘴环路",
            "沪太路",
            "仙霞路",
        ],
        "landline": "21",
    },
    "GZ": {
        "city": "广东省广州市",
        "districts": [
            ("越秀区", Zone.RING1),
            ("荔湾区", Zone.RING2),
            ("海珠区", Zone.RING2),
            ("天河区", Zone.RING2),
            ("白云区", Zone.RING3),
            ("黄埔区", Zone.RING3),
            ("番禺区", Zone.NEARBY),
            ("花都区", Zone.NEARBY),
            ("南沙区", Zone.NEARBY),
            ("从化区", Zone.REMOTE),
            ("增城区", Zone.REMOTE),
        ],
        "streets": [
            "中山五路",
            "环市东路",
            "天河路",
            "黄埔大道西",
            "江南大道中",
            "广州大道北",
            "新港西路",
            "东风中路",
            "白云大道北",
            "市桥街大北路",
            "工业大道中",
        ],
        "landline": "20",
    },
}

ESTATES = [
    "阳光花园",
    "金色家园",
    "翠苑小区",
    "锦绣华庭",
    "世纪城",
    "万科城市花园",
    "碧桂园",
    "保利花园",
    "龙湖时代天街",
    "滨江名苑",
    "紫荆公寓",
    "丽景湾",
    "和平里小区",
    "幸福家园",
    "康乐小区",
    "中海国际社区",
    "绿地新都会",
    "华润二十四城",
    "恒大名都",
]

ORG_SUFFIXES = [
    "小学",
    "中学",
    "人民医院",
    "社区服务中心",
    "大酒店",
    "物业管理有限公司",
    "科技有限公司",
    "商贸有限公司",
    "实业有限公司",
    "街道办事处",
]
ORG_WORDS = ["华兴", "新城", "瑞丰", "恒通", "鑫源", "安康", "东方", "明德", "育才", "锦程"]
POSITIONS = ["后勤主管", "行政经理", "设备科科长", "物业工程部经理", "总务处主任", "办公室主任"]

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "177",
    "180",
    "181",
    "182",
    "183",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
]

# code, name, [(fault code, fault name, symptom detail, repair done, parts replaced, guidance)]
CATEGORIES: list[tuple[str, str, list[tuple[str, str, str, str, str, str]]]] = [
    (
        "aircon",
        "空调",
        [
            (
                "AC01",
                "不制冷",
                "开机后出风口吹自然风，室内温度降不下来",
                "检测系统压力偏低，查出外机连接管喇叭口漏氟，重新扩口紧固并补充R32冷媒，试机出风温度12℃",
                "R32冷媒 0.5kg",
                "指导客户将模式调到制冷、设定温度低于室温，并清洗过滤网后恢复正常",
            ),
            (
                "AC02",
                "不制热",
                "开制热模式一直吹冷风",
                "四通阀换向不良，更换四通阀线圈，试机制热正常",
                "四通阀线圈",
                "说明制热开机需预热约3分钟，客户等待后正常出热风",
            ),
            (
                "AC03",
                "漏水",
                "室内机滴水，墙面潮湿",
                "排水管弯折堵塞，疏通排水管并重新调整坡度，清洗接水盘",
                "",
                "指导客户检查排水管是否被压折，理顺后不再滴水",
            ),
            (
                "AC04",
                "噪音大",
                "外机运行时有明显震动和异响",
                "外机支架螺丝松动，紧固支架并加装减震垫",
                "减震垫 4个",
                "提醒客户检查外机周围是否有杂物碰触，清理后噪音消失",
            ),
            (
                "AC05",
                "显示E1故障",
                "开机十几分钟后停机，面板显示E1",
                "E1为高压保护，冷凝器积尘严重，清洗冷凝器后试机两小时运行正常",
                "",
                "说明E1为高压保护，指导客户断电5分钟后重启并清理外机出风口遮挡物",
            ),
            (
                "AC06",
                "无法开机",
                "遥控器按了没有反应，指示灯不亮",
                "检测主板电源模块损坏，更换室内机主板，试机正常",
                "室内机主板",
                "指导客户更换遥控器电池并检查空气开关，已恢复",
            ),
        ],
    ),
    (
        "fridge",
        "冰箱",
        [
            (
                "RF01",
                "不制冷",
                "冷藏室温度偏高，食物容易变质",
                "压缩机启动继电器损坏，更换PTC启动器，两小时后冷藏室降至4℃",
                "PTC启动器",
                "指导客户将温控调至中档并保持冰箱背部散热距离10厘米以上",
            ),
            (
                "RF02",
                "结霜严重",
                "冷冻室后板结了很厚的霜",
                "化霜加热丝断路，更换化霜加热器并清除积霜",
                "化霜加热丝",
                "指导客户检查门封是否被异物顶住，关严后观察",
            ),
            (
                "RF03",
                "噪音大",
                "夜里冰箱嗡嗡响，声音比以前大",
                "冷凝风扇叶片碰壳，调整风扇位置并紧固",
                "",
                "指导客户调整底脚使冰箱放置水平，噪音明显降低",
            ),
            (
                "RF04",
                "漏水",
                "冷藏室底部有积水，地面有水迹",
                "排水孔堵塞，疏通化霜排水管",
                "",
                "指导客户用吸管疏通冷藏室后壁排水孔",
            ),
            (
                "RF05",
                "显示E1故障",
                "显示屏显示E1，冷藏室不制冷",
                "冷藏室温度传感器阻值异常，更换传感器后故障码消除",
                "冷藏温度传感器",
                "说明E1为冷藏传感器故障，需上门检测",
            ),
            (
                "RF06",
                "门封不严",
                "冰箱门关不严，门边凝露",
                "门封条老化变形，更换冷藏室门封",
                "门封条",
                "指导客户用吹风机温风加热门封使其复位",
            ),
        ],
    ),
    (
        "washer",
        "洗衣机",
        [
            (
                "WM01",
                "不排水",
                "洗完后桶里一直有水，排不出去",
                "排水泵过滤器被硬币和纤维堵塞，清理过滤器并检测排水泵",
                "",
                "指导客户打开底部维护盖清理排水泵过滤器，排水恢复",
            ),
            (
                "WM02",
                "不脱水",
                "脱水时转几下就停，衣服很湿",
                "门锁开关接触不良，更换门锁组件",
                "门锁组件",
                "说明衣物偏于一侧会导致不平衡保护，指导客户抖散衣物后重新脱水",
            ),
            (
                "WM03",
                "漏水",
                "洗衣时机器底部漏水",
                "门封圈破损，更换门封圈并试机",
                "门封圈",
                "指导客户检查进水管接头是否拧紧",
            ),
            (
                "WM04",
                "噪音大",
                "脱水时震动大，机器会移位",
                "运输螺栓未拆除，拆除运输螺栓并调平底脚",
                "",
                "指导客户拆除机器背部的运输螺栓并调平",
            ),
            (
                "WM05",
                "显示E1故障",
                "启动后几分钟报E1",
                "E1为进水超时，进水阀滤网堵塞，清洗滤网并更换进水阀",
                "进水电磁阀",
                "说明E1为进水超时，指导客户打开水龙头并检查进水管后恢复",
            ),
            (
                "WM06",
                "无法开机",
                "按电源键没反应",
                "电脑板保险管烧断，更换电脑板",
                "电脑板",
                "指导客户检查插座和漏电保护器，复位后可开机",
            ),
        ],
    ),
    (
        "water_heater",
        "热水器",
        [
            (
                "WH01",
                "不加热",
                "开机后出水一直是凉的",
                "加热管烧断，更换加热管并清除内胆水垢",
                "加热管 2000W",
                "指导客户检查是否开启了预约模式，取消后正常加热",
            ),
            (
                "WH02",
                "漏水",
                "热水器下方滴水",
                "安全阀密封圈老化，更换安全阀",
                "泄压安全阀",
                "说明加热时安全阀少量滴水属正常泄压，已告知客户观察",
            ),
            (
                "WH03",
                "显示E1故障",
                "燃气热水器打不着火，显示E1",
                "E1为点火失败，点火针积碳，清理点火针并调整间距",
                "",
                "指导客户确认燃气阀门已打开并更换电池后恢复",
            ),
            (
                "WH04",
                "水温不稳定",
                "洗澡时忽冷忽热",
                "水流传感器灵敏度下降，更换水流传感器",
                "水流传感器",
                "指导客户将混水阀调至合适位置，避免水压过低",
            ),
            (
                "WH05",
                "漏电保护跳闸",
                "一开热水器插座就跳闸",
                "加热管绝缘下降，更换加热管并检测接地",
                "加热管 2000W",
                "提醒客户立即断电停止使用，安排上门检测",
            ),
        ],
    ),
    (
        "gas_stove",
        "燃气灶",
        [
            (
                "GS01",
                "打不着火",
                "拧开旋钮只有啪啪声，点不着",
                "点火针位置偏移，调整点火针并清理火盖",
                "",
                "指导客户更换脉冲点火器电池并擦干火盖后可正常点火",
            ),
            (
                "GS02",
                "火焰发黄",
                "火焰发黄发红，锅底发黑",
                "风门调节不当，重新调整一次空气风门",
                "",
                "指导客户清理火盖出火孔的油污堵塞",
            ),
            (
                "GS03",
                "熄火保护失灵",
                "松手后火就灭",
                "热电偶老化，更换热电偶",
                "热电偶",
                "指导客户点火后按住旋钮5秒再松手",
            ),
            (
                "GS04",
                "漏气",
                "厨房有燃气味",
                "进气软管老化开裂，更换燃气专用不锈钢波纹管并做气密性检测",
                "燃气波纹管 1.5m",
                "要求客户立即关闭燃气总阀、开窗通风、不得开关电器，已安排抢修",
            ),
        ],
    ),
    (
        "range_hood",
        "吸油烟机",
        [
            (
                "RH01",
                "吸力小",
                "炒菜时油烟往外跑",
                "止回阀卡滞，清洗风轮并更换止回阀",
                "止回阀",
                "指导客户拆洗油网并检查公共烟道止回阀",
            ),
            (
                "RH02",
                "噪音大",
                "开机声音很大，有刮擦声",
                "风轮积油失衡，拆洗风轮并做动平衡",
                "",
                "指导客户清洗油网油杯，噪音仍大需上门",
            ),
            (
                "RH03",
                "漏油",
                "油杯满了还往下滴油",
                "导油槽密封失效，重新打胶并更换油杯",
                "油杯",
                "指导客户及时清倒油杯",
            ),
            (
                "RH04",
                "无法开机",
                "按键无反应",
                "电源板损坏，更换电源板",
                "电源板",
                "指导客户检查插头是否松脱",
            ),
        ],
    ),
    (
        "tv",
        "电视",
        [
            (
                "TV01",
                "无法开机",
                "待机灯亮但按遥控器开不了机",
                "电源板输出电压异常，更换电源板",
                "电源板",
                "指导客户拔掉电源线静置1分钟后重新开机，已恢复",
            ),
            (
                "TV02",
                "黑屏有声",
                "有声音没有图像",
                "背光灯条损坏，更换背光灯条",
                "背光灯条 1套",
                "说明需检测背光，安排上门",
            ),
            (
                "TV03",
                "花屏竖线",
                "屏幕出现彩色竖线",
                "屏线接触不良，重新插接并加固屏线",
                "",
                "指导客户恢复出厂设置排除软件问题",
            ),
            (
                "TV04",
                "无信号",
                "切换到HDMI显示无信号",
                "HDMI接口虚焊，补焊主板接口",
                "",
                "指导客户选择正确的信号源并重新插拔HDMI线，已恢复",
            ),
        ],
    ),
    (
        "security",
        "安防监控",
        [
            (
                "SC01",
                "画面无信号",
                "监控屏上有两路摄像头黑屏",
                "摄像机PoE供电模块故障，更换摄像机电源模块并重新配置",
                "PoE供电模块",
                "指导客户检查摄像头网线和交换机指示灯",
            ),
            (
                "SC02",
                "录像丢失",
                "回放时前三天没有录像",
                "硬盘坏道，更换监控专用硬盘并恢复录像计划",
                "监控硬盘 4TB",
                "指导客户检查录像计划是否被关闭",
            ),
            (
                "SC03",
                "夜视模糊",
                "晚上画面全是雪花",
                "红外灯板损坏，更换红外灯板并清洁镜头",
                "红外灯板",
                "指导客户清理镜头前的蜘蛛网和灰尘",
            ),
            (
                "SC04",
                "无法远程查看",
                "手机APP显示设备离线",
                "路由器端口映射失效，重新配置网络及萤石云接入",
                "",
                "指导客户在手机APP删除设备后重新扫码添加，已恢复",
            ),
            (
                "SC05",
                "录像机报警",
                "硬盘录像机一直嘀嘀报警",
                "硬盘异常报警，重新格式化并更换SATA线",
                "SATA数据线",
                "指导客户在录像机菜单关闭异常声音提示，并安排检测硬盘",
            ),
        ],
    ),
]

# brand, code, name, category code, warranty months, hotline (brands' national hotlines, 002)
PRODUCT_MODELS = [
    ("格力", "KFR-35GW/(35592)FNhAa-B1", "云佳 1.5匹变频挂机", "aircon", 72, "400-836-5315"),
    ("格力", "KFR-72LW/(72532)FNhAa-B1", "云锦 3匹变频柜机", "aircon", 72, "400-836-5315"),
    ("美的", "KFR-35GW/N8MXC1", "酷省电 1.5匹挂机", "aircon", 72, "400-889-9315"),
    ("海尔", "KFR-35GW/81@U1-Ge", "静悦 1.5匹挂机", "aircon", 72, "400-699-9999"),
    ("海信", "KFR-35GW/E370-X1", "1.5匹变频挂机", "aircon", 72, "400-611-1111"),
    ("奥克斯", "KFR-35GW/BpR3AQF19", "1.5匹变频挂机", "aircon", 72, "4008-268-268"),
    ("大金", "FTXR236WC-W", "2匹变频挂机", "aircon", 72, "400-820-1081"),
    ("海尔", "BCD-470WGHTDEDGVU1", "470升十字对开门冰箱", "fridge", 36, "400-699-9999"),
    ("美的", "BCD-508WKPZM(E)", "508升对开门冰箱", "fridge", 36, "400-889-9315"),
    ("海信", "BCD-452WMK1DPJ", "452升法式多门冰箱", "fridge", 36, "400-611-1111"),
    ("海尔", "EG100MATE28S", "10公斤滚筒洗衣机", "washer", 36, "400-699-9999"),
    ("美的", "MG100V58WT", "10公斤滚筒洗衣机", "washer", 36, "400-889-9315"),
    ("TCL", "G100L130-B", "10公斤滚筒洗衣机", "washer", 36, "400-812-3456"),
    ("海尔", "EC6001-MC3", "60升电热水器", "water_heater", 48, "400-699-9999"),
    ("美的", "JSQ30-16HWA", "16升燃气热水器", "water_heater", 36, "400-889-9315"),
    ("方太", "JSQ31-TH5", "16升燃气热水器", "water_heater", 36, "952315"),
    ("方太", "JZT-TH29B", "嵌入式燃气灶", "gas_stove", 36, "952315"),
    ("美的", "JZT-Q216B", "嵌入式燃气灶", "gas_stove", 36, "400-889-9315"),
    ("方太", "CXW-358-EMD20T", "侧吸式吸油烟机", "range_hood", 60, "952315"),
    ("海尔", "CXW-219-E900C2", "侧吸式吸油烟机", "range_hood", 36, "400-699-9999"),
    ("海信", "65E3H", "65英寸4K智慧屏电视", "tv", 12, "400-801-1111"),
    ("创维", "65A3D", "65英寸4K电视", "tv", 12, "400-866-5555"),
    ("TCL", "65V8E", "65英寸4K电视", "tv", 12, "400-812-3456"),
    ("长虹", "55D5P", "55英寸4K电视", "tv", 12, "400-811-1666"),
    ("海康威视", "DS-2CD3T46WDV3-I3", "400万红外网络筒机", "security", 24, "400-700-5998"),
    ("海康威视", "DS-7808N-K2", "8路网络硬盘录像机", "security", 24, "400-700-5998"),
    ("大华", "DH-IPC-HFW2433M-I1", "400万网络摄像机", "security", 24, "400-672-8166"),
]
SERIAL_PREFIX = {
    "格力": "GL",
    "美的": "MD",
    "海尔": "HR",
    "海信": "HX",
    "奥克斯": "AUX",
    "大金": "DK",
    "TCL": "TCL",
    "方太": "FT",
    "创维": "SKW",
    "长虹": "CH",
    "海康威视": "HIK",
    "大华": "DH",
}
# How often a category is owned and called in for: air conditioners dominate.
CATEGORY_WEIGHTS = {
    "aircon": 30,
    "fridge": 12,
    "washer": 14,
    "water_heater": 14,
    "gas_stove": 8,
    "range_hood": 8,
    "tv": 8,
    "security": 6,
}

# The network of outlets of 002 §3.4: name, place, full address, contact.
OUTLETS = [
    ("成都正宏精工机电设备有限公司", "成都市", "成都市武侯区普吉东二街50号", "刘华"),
    ("成都兰阳贸易有限公司", "成都市", "成都市锦江区桂王桥北街25号", "唐林"),
    ("成都规矩机电设备有限公司", "成都市", "成都市成华区杉板桥路52号", "施长春"),
    (
        "成都TCL电器销售有限公司",
        "成都市",
        "成都市武侯区二环路南四段51号莱蒙都会4栋16楼05-10室",
        "张之锋",
    ),
    ("成都述美机电设备有限公司", "成都市", "成都市郫县郫筒街道双柏社区金融中心A-1-610", "彭述美"),
    ("四川恒兴致远暖通设备有限公司", "成都市", "成都市高新区都会路99号1栋3层A342号", "胡文"),
    ("大英县蓬莱艺美制冷设备技术服务部", "遂宁市大英县", "大英县蓬莱镇交通上街313-317号", "陈术容"),
    ("富顺县意家电维修部", "自贡市富顺县", "富顺县富世镇钟秀街中段436号", "许属缤"),
    ("马边前锋家电安装维修部", "乐山市马边县", "马边民建镇滨河大道41号", "曲别汉干"),
    ("盐源县敬东机电维修服务部", "凉山州盐源县", "盐井镇花碉村6组1号", "李进鹏"),
    ("越西县南宇家电维修部", "凉山州越西县", "越西县越城镇新大街北段54号", "张小忠"),
    ("越西县恒茂电器专销店", "凉山州越西县", "四川省凉山州越西县中所镇新大街247号", "张琼"),
    ("宜宾市翠屏区宜洋家电经营部", "宜宾市", "宜宾市翠屏区南岸长江大道西段43幢", "陈洋"),
    (
        "南江县南江镇迅捷家电维修部",
        "巴中市南江县",
        "四川省巴中市南江县南江镇米仓山达到文星段477号",
        "李琼华",
    ),
    ("绵阳市经开区讯神家电维修中心", "绵阳市", "四川省绵阳市经开区城南壹号A区19-2-502", "严帅"),
    ("内江市东兴区讯杰家电经营部", "内江市", "东兴区龙都路624、626号", "刘俊"),
    (
        "资阳市杨朝家电维修部",
        "资阳市",
        "四川省资阳市雁江区沱江新城现代商业广场南广场1-97A",
        "杨德健",
    ),
    (
        "自贡市汇东新区广汇电子技术服务部",
        "自贡市",
        "自贡市高新区园丁苑居委会12组汇丰苑2栋1层1号",
        "林天华",
    ),
    ("广元市利州区同心家电维修部", "广元市", "广元市利州区同心巷内右第三排1-1门面", "高厚林"),
    ("达州市通川区川松电器经营部", "达州市", "达州市通川区福音巷113号", "黄松"),
    ("四川讯必达机电设备有限公司", "南充市", "南充市嘉陵区嘉兴路130号负2号", "王小静"),
    ("成都市冠坤电器销售有限公司", "都江堰市", "四川省成都市都江堰灌口镇幸福路191号1层", "曾德虎"),
    ("西昌鸿达电器维修中心", "西昌市", "西昌市南坛村6组(南苑小区美姑教育干休所8号)", "刘成明"),
    ("岳池县红义制冷维修部", "广安市岳池县", "岳池县九龙镇安拱巷37号红义制冷维修部", "杨涛"),
    ("成都荣中商贸有限公司", "成都市", "成都市金牛区洞两路9号附2-017、附2-018", "罗云金"),
    ("开江县奕翔家电维修部", "达州市开江县", "开江县普安镇金牛路12号(交通运输斜对面)", "黄小江"),
    ("绵竹市剑南镇兴顺电器售后维修部", "绵竹市", "四川省德阳市绵竹市新小南街17号", "曾洪勇"),
    ("雅安市雨城区仕雄电器经营部", "雅安市", "四川省雅安市雨城区上坝路9号1幢1楼10号", "谢小平"),
    ("泸县玉蟾街道鑫达家电维修部", "泸州市泸县", "四川省泸州市泸县朝阳南街38号", "刘波"),
    ("西昌市冷星空调经营部", "西昌市", "四川省凉山彝族自治州西昌市三岔口南苑小区17幢4号", "赵云"),
    ("广汉市家齐美家用电器服务部", "广汉市", "四川省德阳市广汉市广东西路4号", "张传勇"),
    (
        "南江县南江镇丽华四海电器服务中心",
        "巴中市南江县",
        "四川省巴中市南江县南江镇下河街210号附11",
        "张建华",
    ),
    ("巴州区竞记家电维修部", "巴中市", "四川省巴中市巴州区状元桥街243号门市", "吴竞"),
    ("仁寿县文林镇奥克斯空调店", "眉山市仁寿县", "四川省眉山市仁寿县文林镇陵州路一段30号", "干总"),
    ("成都裕贸永恒商贸有限公司", "成都市", "成都市温江区平街道昌平街58号", "王成志"),
    ("泸州市三友制冷设备维修部", "泸州市", "泸州市江阳区大云路18号", "罗剑"),
    ("眉山市东坡区合力家电维修部", "眉山市", "眉山市东坡区启贤南路134-136号", "王华丽"),
    ("成都科海永信机电设备有限公司", "成都市", "龙泉驿区同安镇圣景路163号附1号", "黄海"),
    (
        "兴文县晓蓉电器经营部",
        "宜宾市兴文县",
        "宜宾市兴文县古宋镇中山街西段城西雅苑9号门市",
        "王小蓉",
    ),
    ("峨眉山市全新家电维修部", "峨眉山市", "乐山市峨眉山市绥山镇白龙北路183、185号", "姚伟"),
    ("仁寿县宝马镇中鑫电器维修部", "眉山市仁寿县", "仁寿县文林镇建设路街心花园,续晨电器", "张健美"),
    (
        "江油市太平镇汇维电器维修部丽华苑店",
        "江油市",
        "四川省绵阳市江油市三合镇长城路1号汇星物流中心内(汇星电器维修部)",
        "李兴强",
    ),
    ("龙泉驿区龙泉街办睿亦家电经营部", "成都市", "成都市龙泉驿区大面镇五星街110号", "杨睿"),
    (
        "蓬安县美家乐电器信息技术服务中心",
        "南充市蓬安县",
        "四川省南充市蓬安县亿联商务贸城31栋",
        "徐林",
    ),
]

CUSTOMER_REQUESTS = [
    "尽快上门维修",
    "希望周末上门",
    "下午两点以后方便",
    "上门前请先电话联系",
    "希望保修期内免费维修",
    "要求一次修好，不要反复跑",
    "老人在家，白天都可以",
    "",
]
CANCEL_REASONS = [
    "客户已自行修好，不需要上门",
    "客户要求取消，改日再约",
    "重复报修，已合并处理",
    "客户已购买新机，不再维修",
    "多次联系客户未接通，按规定取消",
]
REBOOK_REASONS = [
    "客户临时有事不在家，致歉后改约",
    "前一单超时，未能按约定时间到达，已向客户致歉并改约",
    "客户要求改到周末",
    "配件未到，与客户协商改期",
]
HAND_BACK_WISHES = ["客户出差，希望下周再安排", "客户要求换一位师傅上门", "客户希望周六上午上门"]
EXTENSION_REASONS = ["等待厂家配件到货，预计两天", "主板需返厂检测", "需要更换压缩机，等待配件"]
ESCALATION_REASONS = [
    "现场无法判断故障原因，请求主管技术支援",
    "客户对维修方案有异议，请主管协调",
    "需要两人配合搬运外机，请求派人协助",
]
CARRY_ITEMS = {
    "aircon": "室内机1台、遥控器1个",
    "fridge": "冰箱1台",
    "washer": "洗衣机1台、进水管1根",
    "water_heater": "热水器主机1台",
    "gas_stove": "燃气灶1台",
    "range_hood": "吸油烟机1台",
    "tv": "电视机1台、遥控器1个、底座1个",
    "security": "硬盘录像机1台、电源适配器1个",
}
CONDITIONS = ["外观完好", "外壳有轻微划痕", "面板有使用痕迹，无破损", "外观完好，无包装"]

# The interface speaks Chinese; the console where the logins are printed may not.
ROLE_LABELS = {
    Role.AGENT: "客服 agent",
    Role.DISPATCHER: "调度员 dispatcher",
    Role.TECHNICIAN: "技术员 technician",
    Role.SUPERVISOR: "服务主任 supervisor",
    Role.MANAGER: "售后经理 manager",
    Role.QUALITY: "质量管理部 quality",
    Role.MANUFACTURING: "生产制造 manufacturing",
    Role.RND: "研发 R&D",
    Role.WAREHOUSE: "仓储物流 warehouse",
    Role.FINANCE: "财务 finance",
    Role.GM_OFFICE: "总经理室 GM office",
    Role.GM: "总经理 general manager",
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

AUTO_TIMESTAMPS = [
    (Customer, "created_at"),
    (Unit, "created_at"),
    (WorkOrder, "created_at"),
    (WorkOrder, "updated_at"),
    (Request, "requested_at"),
    (Signature, "signed_at"),
    (GoodsReceipt, "issued_at"),
    (GoodsMovement, "at"),
    (AuditEntry, "at"),
]


@contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let bulk_create write past times into auto_now / auto_now_add fields, then restore them."""
    saved = []
    for model, name in AUTO_TIMESTAMPS:
        f = model._meta.get_field(name)
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _local(at: datetime) -> datetime:
    return timezone.localtime(at)


def to_working_time(at: datetime) -> datetime:
    """Move a moment into working time: 08:30–12:00 and 13:30–18:00, Monday to Friday (002 第五条)."""
    local = _local(at)
    tz = local.tzinfo
    for _ in range(8):
        day = local.date()
        if day.weekday() >= 5:
            local = datetime.combine(day + timedelta(days=1), time(8, 30), tzinfo=tz)
            continue
        t = local.time()
        if t < time(8, 30):
            return datetime.combine(day, time(8, 30), tzinfo=tz)
        if time(12, 0) <= t < time(13, 30):
            return datetime.combine(day, time(13, 30), tzinfo=tz)
        if t >= time(18, 0):
            local = datetime.combine(day + timedelta(days=1), time(8, 30), tzinfo=tz)
            continue
        return local
    return local


def signature_images(rng: random.Random, count: int = 12) -> list[bytes]:
    """A few hand-drawn-looking signatures: small PNGs like the signature pad sends."""
    images = []
    for _ in range(count):
        image = Image.new("L", (240, 80), 255)
        draw = ImageDraw.Draw(image)
        x, y = 15, 45
        points = [(x, y)]
        while x < 220:
            x += rng.randint(6, 16)
            y = max(12, min(68, y + rng.randint(-18, 18)))
            points.append((x, y))
        draw.line(points, fill=20, width=3, joint="curve")
        draw.line(
            [(rng.randint(20, 60), rng.randint(55, 70)), (rng.randint(150, 225), 60)],
            fill=40,
            width=2,
        )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        images.append(buffer.getvalue())
    return images


@dataclass
class Plan:
    """One work order's history, worked out before anything is written."""

    created: datetime
    state: str
    kind: str = Kind.REPAIR
    carry: bool = False
    events: list[tuple[str, datetime]] = field(default_factory=list)
    appointment: tuple[datetime, datetime] | None = None
    missed: int = 0
    first_appointment: tuple[datetime, datetime] | None = None
    handed_back: bool = False
    extension: str = ""  # "", "pending", "approved", "rejected"
    escalation: str = ""  # "", "pending", "approved"
    failed_check: bool = False
    # Filled in the second pass
    order: WorkOrder | None = None
    call: ServiceCall | None = None
    actors: dict[str, User] = field(default_factory=dict)

    def at(self, name: str) -> datetime | None:
        for event, moment in self.events:
            if event == name:
                return moment
        return None

    @property
    def last(self) -> datetime:
        return self.events[-1][1] if self.events else self.created


# ---------------------------------------------------------------------------------------------
# The seeder
# ---------------------------------------------------------------------------------------------


class DemoSeeder:
    def __init__(
        self, *, seed: int = 1, scale: Scale = FULL, now: datetime | None = None, stdout: Any = None
    ) -> None:
        self.rng = random.Random(seed)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed)
        self.scale = scale
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.stdout = stdout
        self.phones: set[str] = set()
        self.logins: list[tuple[str, str, str]] = []
        self.audit: list[AuditEntry] = []
        self.counters: dict[str, int] = defaultdict(int)
        self.ct: dict[type, ContentType] = {}

    # -- small utilities -------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def mobile(self) -> str:
        while True:
            raw = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
            e164 = f"+86{raw}"
            if e164 in self.phones:
                continue
            if phonenumbers.is_valid_number(phonenumbers.parse(e164)):
                self.phones.add(e164)
                return e164

    def landline(self, area: str) -> str:
        while True:
            e164 = f"+86{area}{self.rng.choice('568')}{self.rng.randint(0, 9_999_999):07d}"
            if e164 not in self.phones and phonenumbers.is_valid_number(phonenumbers.parse(e164)):
                self.phones.add(e164)
                return e164

    def number(self, prefix: str, at: datetime, width: int = 5) -> str:
        """The same numbers `monthly_number` issues; the counters are saved at the end."""
        key = f"{prefix}{_local(at):%Y%m}"
        self.counters[key] += 1
        return f"{key}-{self.counters[key]:0{width}d}"

    def minutes(self, low: float, high: float) -> timedelta:
        return timedelta(seconds=round(self.rng.uniform(low, high) * 60))

    def appointment_after(
        self, at: datetime, *, within_hours: float = 40
    ) -> tuple[datetime, datetime]:
        """A two-hour window agreed with the customer, starting at a full hour of working time."""
        earliest = _local(at) + timedelta(hours=2)
        slots = []
        day = earliest.date()
        while len(slots) < 18:
            if day.weekday() < 5:
                for hour in (9, 10, 11, 14, 15, 16):
                    start = datetime.combine(day, time(hour), tzinfo=earliest.tzinfo)
                    if start >= earliest:
                        slots.append(start)
            day += timedelta(days=1)
        horizon = [s for s in slots if s <= earliest + timedelta(hours=within_hours)] or slots[:1]
        start = self.rng.choice(horizon)
        return start, start + timedelta(hours=2)

    def entry(
        self,
        obj: models.Model,
        *,
        action: str,
        by: User | None,
        at: datetime,
        changes: dict[str, Any],
        note: str = "",
    ) -> None:
        model = type(obj)
        if model not in self.ct:
            self.ct[model] = ContentType.objects.get_for_model(model)
        self.audit.append(
            AuditEntry(
                content_type=self.ct[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                action=action,
                actor=by,
                at=at,
                changes=changes,
                note=note,
            )
        )

    # -- the whole run ---------------------------------------------------------------------

    def domains(self) -> None:
        """The domains that file their demo records through their own services, on top of the
        organisation, customers and history above."""
        from aftersales.billing import demo as billing
        from aftersales.calendars import demo as calendars
        from aftersales.claims import demo as claims
        from aftersales.deadlines import demo as deadlines
        from aftersales.followups import demo as followups
        from aftersales.loaners import demo as loaners
        from aftersales.maintenance import demo as maintenance
        from aftersales.notifications import demo as notifications
        from aftersales.parts import demo as parts
        from aftersales.returns import demo as returns
        from aftersales.settlements import demo as settlements
        from aftersales.tools import demo as tools
        from aftersales.warranty import demo as warranty

        small = self.scale is SMALL
        deadlines.seed(self.rng, self.now)
        warranty.seed(self.rng, self.now, count=max(8, len(self.customers) // 8))
        calendars.seed(self.rng, self.now)
        billing.seed(self.rng, self.now, limit=60 if small else 600)
        parts.seed(self.rng, self.now)
        billing.link_parts()  # the price list's part lines, once the parts exist
        tools.seed(self.rng, self.now, count=30 if small else 120)
        loaners.seed(self.rng, self.now, count=6 if small else 15)
        settlements.seed(self.rng, self.now)
        claims.seed(self.rng, self.now, part_orders=4 if small else 10)
        returns.seed(self.rng, self.now)
        maintenance.seed(self.rng, self.now, limit=15 if small else 40)
        followups.seed(self.rng, self.now)
        notifications.seed(self.rng, self.now)

    def run(self) -> SeedResult:
        if User.objects.exists():
            raise NotEmpty(
                "The database already has users; demo data is only loaded into an empty "
                "database. Use a new database (delete the SQLite file or point DATABASE_URL "
                "at an empty one) and run the command again."
            )
        with transaction.atomic(), historical_timestamps():
            self.organisation()
            self.people()
            self.catalog()
            self.outlets()
            self.technicians()
            self.customers_and_units()
            self.history()
            self.save_counters()
            AuditEntry.objects.bulk_create(self.audit, batch_size=1000)
        with transaction.atomic():
            self.domains()
        from aftersales.billing.models import Invoice
        from aftersales.claims.models import WarrantyClaim
        from aftersales.deadlines.models import Deadline
        from aftersales.followups.models import FollowUp
        from aftersales.loaners.models import LoanerUnit
        from aftersales.maintenance.models import Visit
        from aftersales.notifications.models import Message
        from aftersales.parts.models import Part
        from aftersales.returns.models import ReturnRequest
        from aftersales.settlements.models import OutletSettlement
        from aftersales.tools.models import Tool
        from aftersales.warranty.models import MaintenanceContract

        counts = {
            "branches": Branch.objects.count(),
            "users": User.objects.count(),
            "technicians": Technician.objects.count(),
            "outlets": Outlet.objects.count(),
            "product models": ProductModel.objects.count(),
            "customers": Customer.objects.count(),
            "units": Unit.objects.count(),
            "calls": ServiceCall.objects.count(),
            "work orders": WorkOrder.objects.count(),
            "maintenance contracts": MaintenanceContract.objects.count(),
            "invoices": Invoice.objects.count(),
            "parts": Part.objects.count(),
            "tools": Tool.objects.count(),
            "loaners": LoanerUnit.objects.count(),
            "outlet settlements": OutletSettlement.objects.count(),
            "warranty claims": WarrantyClaim.objects.count(),
            "deadlines": Deadline.objects.count(),
            "follow-ups": FollowUp.objects.count(),
            "maintenance visits": Visit.objects.count(),
            "messages": Message.objects.count(),
            "return and exchange requests": ReturnRequest.objects.count(),
            "audit entries": AuditEntry.objects.count(),
        }
        return SeedResult(logins=self.logins, password=DEMO_PASSWORD, counts=counts)

    # -- organisation and people -----------------------------------------------------------

    def organisation(self) -> None:
        hq = Branch.objects.create(
            code="HQ",
            name=HEAD_OFFICE["name"],
            is_head_office=True,
            address=HEAD_OFFICE["address"],
            phone=HEAD_OFFICE["phone"],
        )
        self.branches: dict[str, Branch] = {"HQ": hq}
        for code in self.scale.branches:
            info = BRANCHES[code]
            self.branches[code] = Branch.objects.create(
                code=code, name=info["name"], address=info["address"], phone=info["phone"]
            )
        K = Department.Kind
        hq_departments = [
            ("服务部", K.SERVICE),
            ("业务部", K.BUSINESS),
            ("质量管理部", K.QUALITY),
            ("生产制造部", K.MANUFACTURING),
            ("研发中心", K.RND),
            ("仓储物流部", K.WAREHOUSE),
            ("财务部", K.FINANCE),
            ("总经理室", K.GM_OFFICE),
        ]
        branch_departments = [
            ("服务部", K.SERVICE),
            ("客服中心", K.BUSINESS),
            ("备件仓库", K.WAREHOUSE),
            ("财务室", K.FINANCE),
        ]
        departments = [Department(name=n, kind=k, branch=hq) for n, k in hq_departments]
        for code in self.scale.branches:
            departments += [
                Department(name=n, kind=k, branch=self.branches[code])
                for n, k in branch_departments
            ]
        Department.objects.bulk_create(departments)
        self.departments = {
            (d.branch.code, d.kind): d for d in Department.objects.select_related("branch")
        }

    def _department(self, branch: Branch, role: str) -> Department | None:
        K = Department.Kind
        kind = {
            Role.AGENT: K.BUSINESS,
            Role.DISPATCHER: K.SERVICE,
            Role.TECHNICIAN: K.SERVICE,
            Role.SUPERVISOR: K.SERVICE,
            Role.MANAGER: K.SERVICE,
            Role.QUALITY: K.QUALITY,
            Role.MANUFACTURING: K.MANUFACTURING,
            Role.RND: K.RND,
            Role.WAREHOUSE: K.WAREHOUSE,
            Role.FINANCE: K.FINANCE,
            Role.GM_OFFICE: K.GM_OFFICE,
            Role.GM: K.GM_OFFICE,
        }[role]
        return self.departments.get((branch.code, kind))

    def people(self) -> None:
        self.password_hash = make_password(DEMO_PASSWORD)
        hq = self.branches["HQ"]
        wanted: list[tuple[str, str, Branch]] = [
            ("agent", Role.AGENT, hq),
            ("dispatcher", Role.DISPATCHER, hq),
            ("supervisor", Role.SUPERVISOR, hq),
            ("manager", Role.MANAGER, hq),
            ("quality", Role.QUALITY, hq),
            ("manufacturing", Role.MANUFACTURING, hq),
            ("rnd", Role.RND, hq),
            ("warehouse", Role.WAREHOUSE, hq),
            ("finance", Role.FINANCE, hq),
            ("gm_office", Role.GM_OFFICE, hq),
            ("gm", Role.GM, hq),
        ]
        for code in self.scale.branches:
            slug = BRANCHES[code]["slug"]
            branch = self.branches[code]
            wanted += [
                (f"{role}_{slug}", role, branch)
                for role in (
                    Role.AGENT,
                    Role.DISPATCHER,
                    Role.SUPERVISOR,
                    Role.MANAGER,
                    Role.WAREHOUSE,
                    Role.FINANCE,
                )
            ]
        users = [self._user(username, role, branch) for username, role, branch in wanted]
        # The one superuser, for the administration pages (/admin/).
        admin = self._user("admin", Role.MANAGER, hq)
        admin.is_staff = admin.is_superuser = True
        users.append(admin)
        User.objects.bulk_create(users)
        self.users = {u.username: u for u in User.objects.all()}
        self.actors: dict[str, dict[str, User]] = {}
        for code in ("HQ", *self.scale.branches):
            suffix = "" if code == "HQ" else f"_{BRANCHES[code]['slug']}"
            self.actors[code] = {
                role: self.users[f"{role}{suffix}"]
                for role in ("agent", "dispatcher", "supervisor")
            }
        for username, role, branch in wanted:
            self.logins.append((username, ROLE_LABELS[role], branch.name))
        self.logins.append(("admin", "系统管理员 superuser (/admin/)", hq.name))

    def _user(self, username: str, role: str, branch: Branch) -> User:
        name = self.faker.name()
        return User(
            username=username,
            password=self.password_hash,
            role=role,
            branch=branch,
            department=self._department(branch, role),
            last_name=name[0],
            first_name=name[1:],
            email=f"{username}@aftersales.example.cn",
            phone=self.mobile(),
        )

    # -- catalogue -------------------------------------------------------------------------

    def catalog(self) -> None:
        self.categories = {
            c.code: c
            for c in ProductCategory.objects.bulk_create(
                [ProductCategory(code=code, name=name) for code, name, _faults in CATEGORIES]
            )
        }
        faults = []
        self.fault_text: dict[str, tuple[str, str, str, str]] = {}
        for code, _name, rows in CATEGORIES:
            for fcode, fname, symptom, repair, parts, guidance in rows:
                faults.append(FaultType(category=self.categories[code], code=fcode, name=fname))
                self.fault_text[fcode] = (symptom, repair, parts, guidance)
        FaultType.objects.bulk_create(faults)
        self.faults: dict[int, list[FaultType]] = defaultdict(list)
        for fault in FaultType.objects.all():
            self.faults[fault.category_id].append(fault)
        self.models = ProductModel.objects.bulk_create(
            [
                ProductModel(
                    brand=brand,
                    code=code,
                    name=name,
                    category=self.categories[cat],
                    warranty_months=months,
                    manufacturer_hotline=hotline,
                )
                for brand, code, name, cat, months, hotline in PRODUCT_MODELS
            ]
        )

    def outlets(self) -> None:
        hq = self.branches["HQ"]
        outlets = Outlet.objects.bulk_create(
            [
                Outlet(name=name, place=place, address=address, contact=contact, branch=hq)
                for name, place, address, contact in OUTLETS
            ]
        )
        codes = list(self.categories)
        links = []
        self.outlets_for: dict[int, list[Outlet]] = defaultdict(list)
        for index, outlet in enumerate(outlets):
            # Every category is served by several outlets; most outlets service home appliances.
            served = {codes[index % len(codes)], codes[(index + 3) % len(codes)]}
            served |= set(self.rng.sample(codes, self.rng.randint(0, 2)))
            for code in sorted(served):
                category = self.categories[code]
                links.append(
                    Outlet.categories.through(outlet_id=outlet.pk, productcategory_id=category.pk)
                )
                self.outlets_for[category.pk].append(outlet)
        Outlet.categories.through.objects.bulk_create(links)

    def technicians(self) -> None:
        codes = list(self.categories)
        users, specs = [], []
        for branch_code, count in self.scale.technicians.items():
            branch = self.branches[branch_code]
            for index in range(count):
                if branch_code == "BJ" and index == 0:
                    username = "technician"
                else:
                    username = f"tech_{branch_code.lower()}{index + 1:02d}"
                # Round-robin pairs so that every branch has someone for every category.
                certified = {codes[(2 * index) % len(codes)], codes[(2 * index + 1) % len(codes)]}
                if self.rng.random() < 0.5:
                    certified.add(self.rng.choice(codes))
                users.append(self._user(username, Role.TECHNICIAN, branch))
                specs.append((branch, sorted(certified)))
        User.objects.bulk_create(users)
        geography = {code: GEOGRAPHY[code]["districts"] for code in self.branches}
        technicians = []
        for user, (branch, _certified) in zip(users, specs, strict=True):
            zone = self.rng.choice(geography[branch.code])[1]
            technicians.append(Technician(user=user, branch=branch, zone=zone, phone=user.phone))
        Technician.objects.bulk_create(technicians)
        links = []
        self.certified: dict[tuple[int, int], list[Technician]] = defaultdict(list)
        self.all_certified: dict[int, list[Technician]] = defaultdict(list)
        for technician, (branch, certified) in zip(technicians, specs, strict=True):
            for code in certified:
                category = self.categories[code]
                links.append(
                    Technician.certifications.through(
                        technician_id=technician.pk, productcategory_id=category.pk
                    )
                )
                self.certified[(branch.pk, category.pk)].append(technician)
                self.all_certified[category.pk].append(technician)
        Technician.certifications.through.objects.bulk_create(links)
        self.technician_list = technicians
        first = users[0].username
        for user, (branch, certified) in zip(users, specs, strict=True):
            if user.username in {"technician", first} or user.username.endswith("01"):
                names = "、".join(self.categories[c].name for c in certified)
                self.logins.append(
                    (user.username, f"{ROLE_LABELS[Role.TECHNICIAN]}：{names}", branch.name)
                )

    # -- customers and their units ---------------------------------------------------------

    def _address(self, branch_code: str, *, building: bool = True) -> tuple[str, str, str]:
        geo = GEOGRAPHY[branch_code]
        district, zone = self.rng.choice(geo["districts"])
        street = f"{self.rng.choice(geo['streets'])}{self.rng.randint(1, 399)}号"
        if not building:
            return f"{geo['city']}{district}{street}", zone, district
        address = (
            f"{geo['city']}{district}{street}{self.rng.choice(ESTATES)}"
            f"{self.rng.randint(1, 24)}栋{self.rng.randint(1, 4)}单元"
            f"{self.rng.randint(1, 32)}{self.rng.randint(1, 4):02d}室"
        )
        return address, zone, district

    def customers_and_units(self) -> None:
        branch_codes = list(self.branches)
        weights = [1 if code == "HQ" else 2 for code in branch_codes]
        customers, contacts = [], []
        for index in range(self.scale.customers):
            code = (
                branch_codes[index % len(branch_codes)]
                if index < len(branch_codes)
                else self.rng.choices(branch_codes, weights)[0]
            )
            is_org = self.rng.random() < 0.12
            address, zone, district = self._address(code, building=not is_org)
            roll = self.rng.random()
            if is_org:
                tier = (
                    Customer.Tier.KEY
                    if roll < 0.4
                    else Customer.Tier.LONG_TERM
                    if roll < 0.8
                    else Customer.Tier.REGULAR
                )
                city = GEOGRAPHY[code]["city"][-3:]
                suffix = self.rng.choice(ORG_SUFFIXES)
                if suffix.endswith("公司"):
                    name = f"{city[:2]}{self.rng.choice(ORG_WORDS)}{suffix}"
                else:
                    name = f"{city}{district}{self.rng.choice(ORG_WORDS)}{suffix}"
                phone = self.landline(GEOGRAPHY[code]["landline"])
            else:
                tier = (
                    Customer.Tier.KEY
                    if roll < 0.05
                    else Customer.Tier.LONG_TERM
                    if roll < 0.25
                    else Customer.Tier.REGULAR
                )
                name = self.faker.name()
                phone = self.mobile()
            created = self.now - timedelta(
                days=self.rng.uniform(100, 1400), minutes=self.rng.randint(0, 600)
            )
            customer = Customer(
                name=name,
                kind=Customer.Kind.ORGANISATION if is_org else Customer.Kind.PERSON,
                tier=tier,
                phone=phone,
                alt_phone=self.mobile() if self.rng.random() < 0.2 else "",
                address=address,
                zone=zone,
                branch=self.branches[code],
                created_at=created,
                notes="每半年上门回访一次" if tier == Customer.Tier.KEY else "",
            )
            customers.append(customer)
        Customer.objects.bulk_create(customers, batch_size=500)
        for customer in customers:
            if customer.kind == Customer.Kind.ORGANISATION:
                for _ in range(self.rng.randint(1, 2)):
                    contacts.append(
                        Contact(
                            customer=customer,
                            name=self.faker.name(),
                            phone=self.mobile(),
                            position=self.rng.choice(POSITIONS),
                        )
                    )
        Contact.objects.bulk_create(contacts)
        self.contact_of = {c.customer_id: c for c in contacts}
        self.customers = customers

        models_by_category: dict[str, list[ProductModel]] = defaultdict(list)
        for model in self.models:
            models_by_category[model.category.code].append(model)
        category_codes = list(CATEGORY_WEIGHTS)
        category_weights = list(CATEGORY_WEIGHTS.values())
        serial_seq: dict[int, int] = {m.pk: self.rng.randint(10_000, 90_000) for m in self.models}
        outlets_hq = list(Outlet.objects.all())
        units = []
        owners = list(customers) + [
            self.rng.choice(customers) for _ in range(self.scale.units - len(customers))
        ]
        for customer in owners:
            code = self.rng.choices(category_codes, category_weights)[0]
            if customer.kind == Customer.Kind.ORGANISATION and self.rng.random() < 0.5:
                code = self.rng.choice(["security", "aircon", "water_heater"])
            model = self.rng.choice(models_by_category[code])
            purchase = (self.now - timedelta(days=self.rng.uniform(20, 8 * 365))).date()
            serial_seq[model.pk] += self.rng.randint(1, 40)
            prefix = SERIAL_PREFIX[model.brand]
            serial = f"{prefix}{purchase:%y%m}{serial_seq[model.pk]:07d}"
            installed = (
                purchase + timedelta(days=self.rng.randint(1, 7))
                if code in {"aircon", "water_heater", "gas_stove", "range_hood", "security"}
                else None
            )
            unit_created = max(
                customer.created_at,
                datetime.combine(purchase, time(10), tzinfo=self.now.tzinfo) + timedelta(days=1),
            )
            unit_created = min(unit_created, self.now - timedelta(days=self.scale.days + 1))
            units.append(
                Unit(
                    model=model,
                    serial=serial,
                    customer=customer,
                    purchase_date=purchase,
                    invoice_no=f"{self.rng.randint(10**7, 10**8 - 1)}"
                    if self.rng.random() < 0.8
                    else "",
                    install_date=installed,
                    sold_by=self.rng.choice(outlets_hq)
                    if customer.branch.code == "HQ" and self.rng.random() < 0.6
                    else None,
                    address=""
                    if self.rng.random() < 0.9
                    else self._address(customer.branch.code)[0],
                    created_at=unit_created,
                )
            )
        self.units = units
        self.units_of: dict[int, list[Unit]] = defaultdict(list)
        for unit in units:
            self.units_of[id(unit.customer)].append(unit)
        # Unit rows are written after the history is planned: installation jobs move the
        # purchase date of the unit they install.

    # -- three months of history -----------------------------------------------------------

    def _state_for_age(self, age: timedelta) -> str:
        S = State
        days = age.total_seconds() / 86400
        if days < 1:
            table = {
                S.REGISTERED: 22,
                S.DISPATCHED: 22,
                S.SCHEDULED: 26,
                S.ON_SITE: 10,
                S.COMPLETED: 14,
                S.CANCELLED: 6,
            }
        elif days < 4:
            table = {
                S.REGISTERED: 3,
                S.DISPATCHED: 6,
                S.SCHEDULED: 20,
                S.ON_SITE: 4,
                S.CARRIED_BACK: 12,
                S.REPAIRED: 4,
                S.COMPLETED: 36,
                S.CLOSED: 8,
                S.CANCELLED: 7,
            }
        elif days < 12:
            table = {
                S.SCHEDULED: 2,
                S.CARRIED_BACK: 6,
                S.REPAIRED: 6,
                S.CHECKED: 6,
                S.COMPLETED: 25,
                S.CLOSED: 48,
                S.CANCELLED: 7,
            }
        else:
            table = {S.CLOSED: 88, S.CANCELLED: 6, S.COMPLETED: 4, S.CARRIED_BACK: 1, S.REPAIRED: 1}
        return self.rng.choices(list(table), list(table.values()))[0]

    def _plan(self, created: datetime, state: str) -> Plan:
        rng = self.rng
        S = State
        carry_states = {S.CARRIED_BACK, S.REPAIRED, S.CHECKED}
        plan = Plan(created=created, state=state)
        if state in carry_states or (state in {S.COMPLETED, S.CLOSED} and rng.random() < 0.15):
            plan.carry, plan.kind = True, Kind.REPAIR
        else:
            plan.kind = rng.choices(
                [Kind.REPAIR, Kind.INSTALLATION, Kind.MAINTENANCE, Kind.EMERGENCY, Kind.TRAINING],
                [74, 10, 10, 4, 2],
            )[0]
        steps = {
            S.REGISTERED: [],
            S.DISPATCHED: ["dispatch"],
            S.SCHEDULED: ["dispatch", "schedule"],
            S.ON_SITE: ["dispatch", "schedule", "arrive"],
            S.CARRIED_BACK: ["dispatch", "schedule", "arrive", "carry_back"],
            S.REPAIRED: ["dispatch", "schedule", "arrive", "carry_back", "record_repair"],
            S.CHECKED: ["dispatch", "schedule", "arrive", "carry_back", "record_repair", "check"],
        }
        if state in steps:
            path = list(steps[state])
        elif state in {S.COMPLETED, S.CLOSED}:
            path = (
                [
                    "dispatch",
                    "schedule",
                    "arrive",
                    "carry_back",
                    "record_repair",
                    "check",
                    "return_unit",
                ]
                if plan.carry
                else ["dispatch", "schedule", "arrive", "complete"]
            )
            if state == S.CLOSED:
                path.append("close")
        else:  # cancelled, from registered, dispatched or scheduled
            path = rng.choice([[], ["dispatch"], ["dispatch", "schedule"]]) + ["cancel"]
        if plan.kind == Kind.EMERGENCY and "schedule" in path and state != S.SCHEDULED:
            path.remove("schedule")  # on site within 2 hours, no appointment (003 方案1–2)
        if state == S.REGISTERED and rng.random() < 0.2:
            plan.handed_back = True
            path = ["dispatch", "hand_back"]
        if (
            "schedule" in path
            and rng.random() < 0.1
            and (state != S.SCHEDULED or rng.random() < 0.5)
        ):
            plan.missed = 1
        if plan.carry and "record_repair" in path and rng.random() < 0.12:
            plan.failed_check = "check" in path

        t = created
        appointment = None
        for step in path:
            if step == "dispatch":
                t = to_working_time(
                    t
                    + (
                        self.minutes(15, 90)
                        if plan.kind == Kind.EMERGENCY
                        else self.minutes(10, 240)
                    )
                )
            elif step == "schedule":
                t = t + self.minutes(5, 90)
                appointment = self.appointment_after(t)
                plan.events.append((step, t))
                if plan.missed:
                    plan.first_appointment = appointment
                    t = appointment[0] + self.minutes(30, 90)
                    plan.events.append(("rebook", t))
                    appointment = self.appointment_after(t)
                continue
            elif step == "hand_back":
                t = t + self.minutes(30, 300)
            elif step == "arrive":
                if appointment:
                    t = appointment[0] + self.minutes(-10, 50)
                else:
                    t = t + self.minutes(40, 110)
            elif step == "complete":
                t = t + self.minutes(40, 180)
            elif step == "carry_back":
                t = t + self.minutes(30, 90)
            elif step == "record_repair":
                t = to_working_time(t + timedelta(hours=rng.uniform(20, 80)))
                if plan.failed_check:
                    plan.events.append(("record_repair", t))
                    t = to_working_time(t + self.minutes(60, 600))
                    plan.events.append(("reject_check", t))
                    t = to_working_time(t + timedelta(hours=rng.uniform(3, 30)))
            elif step == "check":
                t = to_working_time(t + self.minutes(60, 1200))
            elif step == "return_unit":
                t = to_working_time(t + timedelta(hours=rng.uniform(2, 40)))
            elif step == "close":
                t = t + timedelta(days=rng.uniform(3, 8))  # after the first follow-up call
            elif step == "cancel":
                t = t + self.minutes(30, 2000)
            plan.events.append((step, t))

        # The last thing that happened must lie in the past: move the whole job back by days.
        latest = self.now - timedelta(minutes=5)
        if plan.last > latest:
            days = math.ceil((plan.last - latest).total_seconds() / 86400)
            shift = timedelta(days=days)
            plan.created -= shift
            plan.events = [(name, moment - shift) for name, moment in plan.events]
            if appointment:
                appointment = (appointment[0] - shift, appointment[1] - shift)
            if plan.first_appointment:
                first = plan.first_appointment
                plan.first_appointment = (first[0] - shift, first[1] - shift)
        if state == S.SCHEDULED:
            appointment = self.appointment_after(self.now, within_hours=60)
        if state in {S.REGISTERED, S.DISPATCHED} or (
            state == S.CANCELLED and "schedule" not in path
        ):
            appointment = None
        plan.appointment = appointment

        # Requests for more time or for help (004 (十四)).
        if plan.carry and "carry_back" in path and rng.random() < 0.25:
            plan.extension = (
                "pending"
                if state in {S.CARRIED_BACK} and rng.random() < 0.5
                else rng.choice(["approved", "approved", "rejected"])
            )
        if "arrive" in path and not plan.carry and rng.random() < 0.04:
            plan.escalation = "pending" if state == S.ON_SITE else "approved"
        return plan

    def history(self) -> None:
        rng = self.rng
        start = self.now - timedelta(days=self.scale.days)
        tz = timezone.get_current_timezone()

        def random_moment(since: datetime) -> datetime:
            while True:
                moment = since + timedelta(
                    seconds=rng.uniform(0, (self.now - since).total_seconds())
                )
                local = moment.astimezone(tz)
                # Calls come in from morning to late evening, fewer at weekends.
                if not time(7, 30) <= local.time() <= time(21, 30):
                    continue
                if local.weekday() >= 5 and rng.random() < 0.4:
                    continue
                return moment.replace(microsecond=0)

        # Every state is present: the newest jobs are spread over all states first.
        all_states = list(State.values)
        plans = [
            self._plan(random_moment(self.now - timedelta(days=2)), all_states[i % len(all_states)])
            for i in range(2 * len(all_states))
        ]
        while len(plans) < self.scale.orders:
            created = random_moment(start)
            plans.append(self._plan(created, self._state_for_age(self.now - created)))
        plans.sort(key=lambda p: p.created)
        self.assign(plans)
        self.without_purchase_date(plans)
        self.write(plans)

    def without_purchase_date(self, plans: list[Plan]) -> None:
        """A few customers never showed the invoice: the unit's purchase date stays empty, and
        its jobs are paid work (A) until they do (SPEC §5), decided as any job is. Chosen among
        units without an invoice number that come in for repairs, so that the screens show such
        jobs; a separate draw leaves the rest of the demo as it was."""
        rng = random.Random(len(plans))
        installed = {id(p.unit) for p in plans if p.kind == Kind.INSTALLATION}
        repaired = {
            id(p.unit): p.unit
            for p in plans
            if p.kind == Kind.REPAIR and p.unit is not None and not p.unit.invoice_no
        }
        candidates = [unit for key, unit in repaired.items() if key not in installed]
        for unit in rng.sample(candidates, k=min(len(candidates), max(3, len(self.units) // 100))):
            unit.purchase_date = None

    # -- who, what, which unit -------------------------------------------------------------

    def assign(self, plans: list[Plan]) -> None:
        rng = self.rng
        weights = [
            {Customer.Tier.KEY: 4, Customer.Tier.LONG_TERM: 2}.get(c.tier, 1)
            for c in self.customers
        ]
        # (unit, fault) → [(completed_at, plan)]: the same rule as rules.find_repeat.
        fixed: dict[tuple[int, int], list[tuple[datetime, Plan]]] = defaultdict(list)
        done: list[Plan] = []
        used: set[int] = set()  # units that already have a job: never "installed" later
        repeat_window = timedelta(days=settings.AFTERSALES["REPEAT_REPAIR_DAYS"])
        for plan in plans:
            unit = fault = None
            repeated = None
            if plan.kind in {Kind.REPAIR, Kind.EMERGENCY} and done and rng.random() < 0.03:
                earlier = [
                    p
                    for p in done
                    if p.fault is not None
                    and plan.created - timedelta(days=60) <= p.completed <= plan.created
                ]
                if earlier:
                    repeated = rng.choice(earlier)
                    unit, fault, customer = repeated.unit, repeated.fault, repeated.customer
            if repeated is None:
                if plan.kind == Kind.TRAINING:
                    organisations = [
                        c for c in self.customers if c.kind == Customer.Kind.ORGANISATION
                    ]
                    customer = rng.choice(organisations or self.customers)
                else:
                    customer = rng.choices(self.customers, weights)[0]
                    unit = rng.choice(self.units_of[id(customer)])
                    if plan.kind == Kind.INSTALLATION:
                        fresh = [u for u in self.units_of[id(customer)] if id(u) not in used]
                        if fresh:
                            unit = rng.choice(fresh)
                        else:
                            plan.kind = Kind.MAINTENANCE
                    if plan.kind == Kind.EMERGENCY:
                        gas = [
                            u
                            for u in self.units_of[id(customer)]
                            if u.model.category.code in {"gas_stove", "water_heater", "aircon"}
                        ]
                        unit = rng.choice(gas) if gas else unit
                    if plan.kind in {Kind.REPAIR, Kind.EMERGENCY}:
                        fault = rng.choice(self.faults[unit.model.category_id])
            if plan.kind == Kind.INSTALLATION and unit is not None:
                # A unit bought a few days ago, installed by this job.
                unit.purchase_date = (
                    _local(plan.created) - timedelta(days=rng.randint(0, 6))
                ).date()
                unit.install_date = (
                    _local(plan.at("complete")).date() if plan.at("complete") else None
                )
                unit.created_at = plan.created - timedelta(minutes=20)
                customer.created_at = min(customer.created_at, unit.created_at)
            plan.customer, plan.unit, plan.fault = customer, unit, fault
            if unit is not None:
                used.add(id(unit))

            # Whom to send: certified for the unit's category, in the order's branch.
            branch = customer.branch
            plan.branch = branch
            plan.technician = plan.outlet = None
            if plan.at("dispatch"):
                category_id = unit.model.category_id if unit else None
                if category_id is None:
                    pool = [
                        t for t in self.technician_list if t.branch_id == branch.pk
                    ] or self.technician_list
                else:
                    pool = self.certified.get((branch.pk, category_id), [])
                outlets = self.outlets_for.get(category_id, []) if category_id else []
                if (
                    branch.is_head_office
                    and outlets
                    and not plan.carry
                    and (not pool or rng.random() < 0.7)
                ):
                    plan.outlet = rng.choice(outlets)
                else:
                    if not pool and branch.is_head_office:
                        pool = self.all_certified[category_id]  # head office may send anyone
                    plan.technician = rng.choice(pool)
            actors = self.actors[branch.code]
            field_user = plan.technician.user if plan.technician else actors["supervisor"]
            plan.actors = {
                "create": actors["agent"],
                "dispatch": actors["dispatcher"],
                "hand_back": field_user,
                "schedule": field_user,
                "rebook": field_user,
                "arrive": field_user,
                "complete": field_user,
                "carry_back": field_user,
                "record_repair": field_user,
                "check": actors["supervisor"],
                "reject_check": actors["supervisor"],
                "return_unit": field_user,
                "close": actors["agent"],
                "cancel": actors["dispatcher"],
            }

            # The repeat flag, exactly as the service decides it at creation.
            plan.repeat_of = None
            if unit is not None and fault is not None:
                candidates = [
                    p
                    for at, p in fixed[(id(unit), fault.pk)]
                    if plan.created - repeat_window <= at <= plan.created
                ]
                if candidates:
                    plan.repeat_of = max(candidates, key=lambda p: p.completed)
            plan.completed = plan.at("complete") or plan.at("return_unit")
            if plan.completed and unit is not None and fault is not None:
                fixed[(id(unit), fault.pk)].append((plan.completed, plan))
                done.append(plan)

    # -- writing it all --------------------------------------------------------------------

    def write(self, plans: list[Plan]) -> None:
        rng = self.rng
        signatures_png = signature_images(rng)
        Unit.objects.bulk_create(self.units, batch_size=500)
        Customer.objects.bulk_update(self.customers, ["created_at"], batch_size=500)
        for unit in self.units:
            self.entry(
                unit,
                action="unit_register",
                by=None,
                at=unit.created_at,
                changes={
                    "serial": [None, unit.serial],
                    "model": [None, unit.model_id],
                    "customer": [None, unit.customer_id],
                    "purchase_date": [
                        None,
                        unit.purchase_date.isoformat() if unit.purchase_date else None,
                    ],
                },
            )
        for customer in self.customers:
            self.entry(
                customer,
                action="customer_create",
                by=None,
                at=customer.created_at,
                changes={
                    "name": [None, customer.name],
                    "phone": [None, customer.phone],
                    "tier": [None, customer.tier],
                    "zone": [None, customer.zone],
                },
            )

        # Calls: one per job that came in by phone, letter or visit, plus those settled by
        # guidance and the few still waiting.
        channels = [
            Channel.HOTLINE,
            Channel.WECHAT,
            Channel.WEB,
            Channel.VISIT,
            Channel.EMAIL,
            Channel.LETTER,
        ]
        channel_weights = [70, 12, 8, 5, 3, 2]
        calls: list[ServiceCall] = []
        for plan in plans:
            if plan.kind in {Kind.MAINTENANCE, Kind.TRAINING}:
                continue  # planned work, not called in
            received = plan.created - self.minutes(2, 12)
            plan.call = self._call(
                plan.customer,
                plan.unit,
                plan.fault,
                received,
                rng.choices(channels, channel_weights)[0],
                plan,
            )
            plan.call.outcome = ServiceCall.Outcome.WORK_ORDER
            calls.append(plan.call)
        start = self.now - timedelta(days=self.scale.days)
        extra = []
        for index in range(self.scale.phone_solved + self.scale.open_calls):
            is_open = index >= self.scale.phone_solved
            span = timedelta(minutes=55) if is_open else self.now - start - timedelta(hours=1)
            received = (self.now - timedelta(minutes=2) - span) + timedelta(
                seconds=rng.uniform(0, span.total_seconds())
            )
            customer = rng.choice(self.customers)
            unit = rng.choice(self.units_of[id(customer)])
            if unit.created_at > received:  # not yet bought then: ask about another
                unit = next(
                    (u for u in self.units_of[id(customer)] if u.created_at <= received), None
                )
            if unit is None:
                continue
            fault = rng.choice(self.faults[unit.model.category_id])
            call = self._call(
                customer,
                unit,
                fault,
                received.replace(microsecond=0),
                rng.choices(channels, channel_weights)[0],
                None,
            )
            if not is_open:
                call.outcome = ServiceCall.Outcome.SOLVED_BY_PHONE
                call.guidance = self.fault_text[fault.code][3]
                call.resolved_at = call.received_at + self.minutes(3, 15)
            extra.append(call)
        calls += extra
        calls.sort(key=lambda c: c.received_at)
        for call in calls:
            call.number = self.number("CL", call.received_at)
        ServiceCall.objects.bulk_create(calls, batch_size=500)

        # Work orders, numbered in the order they were opened.
        orders = []
        for plan in plans:
            orders.append(self._order(plan))
        WorkOrder.objects.bulk_create(orders, batch_size=500)
        repeats = [p for p in plans if p.repeat_of is not None]
        for plan in repeats:
            plan.order.repeat_of = plan.repeat_of.order
            if plan.call:
                plan.call.repeat_of = plan.repeat_of.order
        WorkOrder.objects.bulk_update([p.order for p in repeats], ["repeat_of"])
        ServiceCall.objects.bulk_update([p.call for p in repeats if p.call], ["repeat_of"])

        for call in extra:
            self.entry(
                call,
                action="call_register",
                by=call.taken_by,
                at=call.received_at,
                changes={
                    "number": [None, call.number],
                    "customer": [None, call.customer_id],
                    "symptom": [None, call.symptom],
                },
            )
            if call.outcome == ServiceCall.Outcome.SOLVED_BY_PHONE:
                self.entry(
                    call,
                    action="call_solve_by_phone",
                    by=call.taken_by,
                    at=call.resolved_at,
                    changes={
                        "outcome": ["open", "solved_by_phone"],
                        "guidance": ["", call.guidance],
                        "resolved_at": [None, call.resolved_at.isoformat()],
                    },
                )

        # Goods receipts are numbered in the order the units were carried back.
        carried = sorted((p for p in plans if p.at("carry_back")), key=lambda p: p.at("carry_back"))
        self.receipt_numbers = {
            id(p): self.number("GR", p.at("carry_back"), width=4) for p in carried
        }
        receipts, movements, cards, signatures, requests = [], [], [], [], []
        for plan in plans:
            self._order_history(
                plan, receipts, movements, cards, signatures, requests, signatures_png
            )
        GoodsReceipt.objects.bulk_create(receipts, batch_size=500)
        GoodsMovement.objects.bulk_create(movements, batch_size=500)
        RepairCard.objects.bulk_create(cards, batch_size=500)
        Signature.objects.bulk_create(signatures, batch_size=500)
        Request.objects.bulk_create(requests, batch_size=500)

    def _call(
        self,
        customer: Customer,
        unit: Unit | None,
        fault: FaultType | None,
        received: datetime,
        channel: str,
        plan: Plan | None,
    ) -> ServiceCall:
        if plan is not None and plan.kind == Kind.INSTALLATION:
            symptom = f"新购{unit.model.name}，预约上门安装调试" if unit else "预约安装"
        elif fault is not None:
            symptom = f"{fault.name}：{self.fault_text[fault.code][0]}"
        else:
            symptom = "咨询产品使用问题"
        contact = self.contact_of.get(customer.pk)
        agent = self.actors[customer.branch.code]["agent"]
        return ServiceCall(
            channel=channel,
            received_at=received,
            branch=customer.branch,
            customer=customer,
            caller_name=contact.name if contact else customer.name,
            phone=customer.phone,
            address=(unit.address if unit and unit.address else customer.address),
            unit=unit,
            model=unit.model if unit else None,
            serial=unit.serial if unit else "",
            purchase_date=unit.purchase_date if unit else None,
            invoice_no=unit.invoice_no if unit else "",
            fault_type=fault,
            symptom=symptom,
            customer_request=self.rng.choice(CUSTOMER_REQUESTS),
            taken_by=agent,
            is_repeat=bool(plan and plan.repeat_of),
        )

    def _order(self, plan: Plan) -> WorkOrder:
        unit, kind = plan.unit, plan.kind
        if kind == Kind.INSTALLATION:
            symptom = f"新机安装调试：{unit.model.name}" if unit else "新机安装调试"
        elif kind == Kind.MAINTENANCE:
            symptom = (
                f"定期保养巡检：{unit.model.category.name}清洁、检测、试运行"
                if unit
                else "定期巡检"
            )
        elif kind == Kind.TRAINING:
            symptom = "客户操作人员培训：设备日常使用、保养与常见故障处理"
        else:
            symptom = plan.call.symptom if plan.call else self.fault_text[plan.fault.code][0]
        decision = decide_category(
            unit=unit, kind=kind, on=_local(plan.created).date(), contract=None
        )
        category, overridden, note = decision.category, False, ""
        if kind == Kind.MAINTENANCE and plan.customer.tier != Customer.Tier.REGULAR:
            # Key customers' visits are agreed in their service agreements, set by the supervisor.
            category, overridden, note = (
                ServiceCategory.CONTRACT,
                True,
                "重点客户定期保养，按服务协议",
            )
        S = State
        completed = plan.completed
        closed = plan.at("close") or plan.at("cancel")
        order = WorkOrder(
            number=self.number("WO", plan.created),
            kind=kind,
            category=category,
            category_basis=decision.basis,
            category_overridden=overridden,
            category_note=note,
            state=plan.state,
            branch=plan.branch,
            customer=plan.customer,
            unit=unit,
            call=plan.call,
            fault_type=plan.fault,
            symptom=symptom,
            customer_request=plan.call.customer_request if plan.call else "",
            address=(unit.address if unit and unit.address else plan.customer.address),
            contact_phone=plan.customer.phone,
            is_repeat=plan.repeat_of is not None,
            technician=plan.technician if plan.state != S.REGISTERED else None,
            outlet=plan.outlet if plan.state != S.REGISTERED else None,
            appointment_start=plan.appointment[0] if plan.appointment else None,
            appointment_end=plan.appointment[1] if plan.appointment else None,
            missed_appointments=plan.missed,
            escalated=plan.escalation == "pending",
            customer_wishes=self.rng.choice(HAND_BACK_WISHES) if plan.handed_back else "",
            service_report=self._report(plan) if completed else "",
            cancel_reason=self.rng.choice(CANCEL_REASONS) if plan.state == S.CANCELLED else "",
            created_by=plan.actors["create"],
            created_at=plan.created,
            updated_at=plan.last,
            dispatched_at=plan.at("dispatch"),
            arrived_at=plan.at("arrive"),
            completed_at=completed,
            closed_at=closed,
        )
        if plan.extension == "approved":
            order.promised_by = (plan.at("record_repair") or plan.last) + timedelta(days=1)
        if plan.technician is None and plan.outlet is None:
            order.technician = order.outlet = None
        plan.order = order
        if plan.call is not None:
            if plan.state in {S.COMPLETED, S.CLOSED}:
                plan.call.resolved_at = completed
            elif plan.state == S.CANCELLED:
                plan.call.resolved_at = closed
        return order

    def _report(self, plan: Plan) -> str:
        kind = plan.kind
        if kind == Kind.INSTALLATION:
            return "按说明书安装到位，试机运行正常，已向客户讲解使用方法，随机附件已交接"
        if kind == Kind.MAINTENANCE:
            return "完成清洁保养和安全检测，各项读数正常，已告知客户下次保养时间"
        if kind == Kind.TRAINING:
            return "完成操作人员培训，参训6人，考核合格"
        if plan.fault is None:
            return "已处理完毕，试机正常"
        return self.fault_text[plan.fault.code][1]

    def _order_history(
        self,
        plan: Plan,
        receipts: list,
        movements: list,
        cards: list,
        signatures: list,
        requests: list,
        pngs: list[bytes],
    ) -> None:
        order, rng = plan.order, self.rng
        S = State
        if plan.call is not None:
            call = plan.call
            self.entry(
                call,
                action="call_register",
                by=call.taken_by,
                at=call.received_at,
                changes={
                    "number": [None, call.number],
                    "customer": [None, call.customer_id],
                    "symptom": [None, call.symptom],
                },
            )
            self.entry(
                call,
                action="call_open_work_order",
                by=plan.actors["create"],
                at=plan.created,
                changes={"outcome": ["open", "work_order"]},
                note=order.number,
            )
        created_changes = {
            name: [None, value]
            for name, value in snapshot(order).items()
            if value not in (None, "")
            and name
            in {
                "number",
                "kind",
                "category",
                "branch",
                "customer",
                "unit",
                "call",
                "fault_type",
                "symptom",
                "customer_request",
                "address",
                "contact_phone",
                "is_repeat",
                "repeat_of",
                "created_by",
            }
        }
        created_changes["state"] = [None, S.REGISTERED]
        self.entry(
            order,
            action="create",
            by=plan.actors["create"],
            at=plan.created,
            changes=created_changes,
        )

        state = S.REGISTERED
        assignee = (
            ("technician", plan.technician.pk)
            if plan.technician
            else ("outlet", plan.outlet.pk if plan.outlet else None)
        )
        appointment = plan.appointment
        contact = self.contact_of.get(plan.customer.pk)
        signer = contact.name if contact else plan.customer.name
        targets = {
            "dispatch": S.DISPATCHED,
            "schedule": S.SCHEDULED,
            "arrive": S.ON_SITE,
            "complete": S.COMPLETED,
            "carry_back": S.CARRIED_BACK,
            "record_repair": S.REPAIRED,
            "reject_check": S.CARRIED_BACK,
            "check": S.CHECKED,
            "return_unit": S.COMPLETED,
            "close": S.CLOSED,
            "cancel": S.CANCELLED,
            "hand_back": S.REGISTERED,
            "rebook": None,
        }
        hours = Decimal(rng.choice(["1.50", "2.00", "2.50", "3.00", "4.00", "5.50"]))
        fault_parts = self.fault_text[plan.fault.code][2] if plan.fault else ""
        for name, at in plan.events:
            by = plan.actors[name]
            target = targets[name]
            changes: dict[str, Any] = {}
            note = ""
            if target is not None and target != state:
                changes["state"] = [state, target]
            if name == "dispatch":
                changes[assignee[0]] = [None, assignee[1]]
                changes["dispatched_at"] = [None, at.isoformat()]
            elif name == "schedule":
                first = plan.first_appointment or appointment
                if first:
                    changes["appointment_start"] = [None, first[0].isoformat()]
                    changes["appointment_end"] = [None, first[1].isoformat()]
            elif name == "rebook":
                first = plan.first_appointment
                note = rng.choice(REBOOK_REASONS)
                changes["missed_appointments"] = [0, 1]
                if appointment and first:
                    changes["appointment_start"] = [
                        first[0].isoformat(),
                        appointment[0].isoformat(),
                    ]
                    changes["appointment_end"] = [first[1].isoformat(), appointment[1].isoformat()]
            elif name == "hand_back":
                changes[assignee[0]] = [assignee[1], None]
                changes["customer_wishes"] = ["", order.customer_wishes]
            elif name == "arrive":
                changes["arrived_at"] = [None, at.isoformat()]
                if plan.escalation:
                    self._escalation(plan, at, requests)
            elif name == "complete":
                changes["service_report"] = ["", order.service_report]
                changes["completed_at"] = [None, at.isoformat()]
                signatures.append(
                    self._signature(
                        order, Signature.Purpose.COMPLETION, signer, by, at, rng.choice(pngs)
                    )
                )
            elif name == "carry_back":
                receipt = GoodsReceipt(
                    order=order,
                    number=self.receipt_numbers[id(plan)],
                    items=CARRY_ITEMS[plan.unit.model.category.code],
                    condition=rng.choice(CONDITIONS),
                    issued_at=at,
                    issued_by=by,
                    voided_at=plan.at("return_unit"),
                )
                receipts.append(receipt)
                movements.append(
                    GoodsMovement(
                        order=order,
                        branch=order.branch,
                        direction=GoodsMovement.Direction.IN,
                        at=at,
                        by=by,
                        note=receipt.number,
                    )
                )
                note = receipt.number
                if plan.extension:
                    self._extension(plan, at, requests)
            elif name == "record_repair":
                note = f"{hours} h"
                if not any(c.order is order for c in cards[-1:]):
                    cards.append(
                        RepairCard(
                            order=order,
                            work_done=self._report(plan),
                            parts_replaced=fault_parts,
                            hours=hours,
                            repaired_by=by,
                            repaired_at=at,
                        )
                    )
                else:
                    cards[-1].repaired_at = at
            elif name in {"check", "reject_check"}:
                card = cards[-1]
                if name == "check":
                    card.checked_by, card.checked_at = by, at
                    card.check_note = "验讫合格，试机正常"
                else:
                    card.failed_checks += 1
                    card.check_note = note = "试机仍有异响，返工"
            elif name == "return_unit":
                movements.append(
                    GoodsMovement(
                        order=order,
                        branch=order.branch,
                        direction=GoodsMovement.Direction.OUT,
                        at=at,
                        by=by,
                    )
                )
                signatures.append(
                    self._signature(
                        order, Signature.Purpose.RETURN, signer, by, at, rng.choice(pngs)
                    )
                )
                changes["service_report"] = ["", order.service_report]
                changes["completed_at"] = [None, at.isoformat()]
            elif name == "close":
                changes["closed_at"] = [None, at.isoformat()]
                note = rng.choice(["", "", "回访满意，结案", "客户表示满意"])
            elif name == "cancel":
                note = order.cancel_reason
                changes["cancel_reason"] = ["", order.cancel_reason]
                changes["closed_at"] = [None, at.isoformat()]
            self.entry(order, action=name, by=by, at=at, changes=changes, note=note)
            if target is not None:
                state = target

    def _signature(
        self, order: WorkOrder, purpose: str, signer: str, by: User, at: datetime, png: bytes
    ) -> Signature:
        signature = Signature(
            order=order, purpose=purpose, signer_name=signer, signed_at=at, collected_by=by
        )
        signature.image.save(f"{purpose}.png", ContentFile(png), save=False)
        return signature

    def _extension(self, plan: Plan, carried: datetime, requests: list) -> None:
        order, by = plan.order, plan.actors["carry_back"]
        at = carried + self.minutes(30, 120)
        if at > self.now:
            at = carried
        until = (plan.at("record_repair") or self.now) + timedelta(days=1)
        request = Request(
            order=order,
            kind=Request.Kind.EXTENSION,
            reason=self.rng.choice(EXTENSION_REASONS),
            until=until,
            requested_by=by,
            requested_at=at,
        )
        self.entry(
            order,
            action="request_extension",
            by=by,
            at=at,
            changes={"until": [None, until.isoformat()]},
            note=request.reason,
        )
        if plan.extension != "pending":
            decided = at + self.minutes(20, 240)
            decided = min(decided, self.now - timedelta(minutes=1))
            supervisor = plan.actors["check"]
            request.status = (
                Request.Status.APPROVED if plan.extension == "approved" else Request.Status.REJECTED
            )
            request.decided_by, request.decided_at = supervisor, decided
            request.decision_note = (
                "" if plan.extension == "approved" else "配件库存有货，请今日完成"
            )
            changes = (
                {"promised_by": [None, order.promised_by.isoformat()]}
                if plan.extension == "approved" and order.promised_by
                else {}
            )
            self.entry(
                order,
                action=f"extension_{request.status}",
                by=supervisor,
                at=decided,
                changes=changes,
                note=request.decision_note,
            )
        requests.append(request)

    def _escalation(self, plan: Plan, arrived: datetime, requests: list) -> None:
        order, by = plan.order, plan.actors["arrive"]
        at = min(arrived + self.minutes(15, 60), self.now - timedelta(minutes=2))
        request = Request(
            order=order,
            kind=Request.Kind.ESCALATION,
            reason=self.rng.choice(ESCALATION_REASONS),
            requested_by=by,
            requested_at=at,
        )
        self.entry(
            order,
            action="request",
            by=by,
            at=at,
            changes={"escalated": [False, True]},
            note=request.reason,
        )
        if plan.escalation == "approved":
            decided = min(at + self.minutes(10, 60), self.now - timedelta(minutes=1))
            supervisor = plan.actors["check"]
            request.status = Request.Status.APPROVED
            request.decided_by, request.decided_at = supervisor, decided
            request.decision_note = "已安排技术主管电话支援"
            self.entry(
                order,
                action="escalation_approved",
                by=supervisor,
                at=decided,
                changes={"escalated": [True, False]},
                note=request.decision_note,
            )
        requests.append(request)

    def save_counters(self) -> None:
        """Numbers continue after the highest one issued, whatever the month."""
        Counter.objects.bulk_create(
            [Counter(key=k, value=v) for k, v in sorted(self.counters.items())]
        )


def seed_demo(
    *, seed: int = 1, small: bool = False, now: datetime | None = None, stdout: Any = None
) -> SeedResult:
    """Fill an empty database with the demo organisation and three months of history."""
    return DemoSeeder(seed=seed, scale=SMALL if small else FULL, now=now, stdout=stdout).run()


def state_tally() -> dict[str, int]:
    return dict(Tally(WorkOrder.objects.values_list("state", flat=True)))
