"""How the Traditional Chinese catalog is derived from the Simplified one.

zh_Hant is not translated by hand: every Simplified msgstr goes through OpenCC. ``s2twp``
(Taiwan standard with Taiwan phrases: 使用者, 登入, 儲存, 搜尋, 預設, 列印 …) reads naturally to
Taiwan and Hong Kong users, but a few of its phrase swaps do not fit an after-sales department;
those phrases are steered here.
"""

# OpenCC configuration for the bulk of the text.
CONVERSION = "s2twp"

# Simplified phrase → Traditional text used instead of s2twp's choice. ``None`` means "convert
# character by character only" (OpenCC s2tw), i.e. keep the wording and change the script.
HANT_PHRASES: dict[str, str | None] = {
    "调度": None,  # s2twp: 排程 — a dispatcher is 調度員 in a service department
    "文件": None,  # s2twp: 檔案 — here 文件 means a (image) file only where we say so
    "质量": "品質",  # 質量 is "mass" in Taiwan; quality is 品質
    "退出登录": "登出",  # s2twp: 退出登入
    "视频": None,
    "信息": None,  # s2twp: 資訊 — wrong for 信息 as "message/details"
    "类型": None,  # s2twp: 型別 — a programming term
    "调试": None,  # s2twp: 除錯 (debugging) — 安裝調試 is installation & commissioning
    "运行": None,  # s2twp: 執行 — a machine 運行 (runs), it does not 執行
    "用户名": "使用者名稱",  # the login field
    "用户": None,  # s2twp: 使用者 — in after-sales 用戶 is the end customer
    "查看": None,  # s2twp: 檢視
    "账号": "帳號",
    "代码": "代碼",  # s2twp: 程式碼 — a fault code is no program code
    "对象": "對象",  # s2twp: 物件 — a programming "object"; 派工對象 is whom a job goes to
}

# Punctuation: Taiwan and Hong Kong quote with 「」 and 『』.
HANT_PUNCTUATION: dict[str, str] = {"“": "「", "”": "」", "‘": "『", "’": "』"}

# msgid → complete Traditional msgstr, for the rare string the rules above cannot fix.
HANT_OVERRIDES: dict[str, str] = {
    "The job": "工單資訊",  # a heading: Taiwan reads 資訊 here, though 信息 stays elsewhere
}
