"""Simplified Chinese of the working-calendar app (aftersales/calendars): 工作时间、法定节假日与
调休 (SPEC §6, 002 第五条)."""

TRANSLATIONS = {
    # Models and fields.
    "Working calendar": "工作日历",
    "working hours": "工作时间",
    "company holiday": "公司假日",
    "company holidays": "公司假日",
    "Company holiday": "公司休息日",
    "Company working day": "公司调休上班日",
    "date": "日期",
    "starts": "开始时间",
    "ends": "结束时间",
    "Leave empty for all branches.": "留空表示适用于全部服务中心。",
    # Rules.
    "A working day needs at least one period of working hours.": "工作日至少要有一个工作时段。",
    "A period of working hours must start before it ends (%(start)s–%(end)s).": (
        "工作时段的开始时间必须早于结束时间（%(start)s–%(end)s）。"
    ),
    "Periods of working hours overlap or are out of order at %(start)s.": (
        "工作时段在 %(start)s 处重叠或顺序不对。"
    ),
    "The official holiday schedule for %(year)s is not known yet: update the chinesecalendar "
    "package, or enter that year's days as company holidays and working days.": (
        "尚无 %(year)s 年的法定节假日安排：请更新 chinesecalendar 软件包，"
        "或把该年的休息日和调休上班日录入为公司假日。"
    ),
    "No working day in the year after %(day)s: check the calendar.": (
        "%(day)s 之后一年内没有工作日：请检查工作日历。"
    ),
}
