"""The catalogs are complete, compiled, and speak the after-sales department's language.

When this fails after new strings were added: add them to
scripts/i18n/translations_zh_hans.py and run scripts/i18n/build.sh (see scripts/i18n/README.md).
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from aftersales.accounts.models import Role
from aftersales.workorders.models import ServiceCategory, State

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CHINESE = ("zh_Hans", "zh_Hant")
ALL = (*CHINESE, "en")


def catalog(locale: str, ext: str = "po"):
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"django.{ext}"
    assert path.exists(), f"{path} is missing: run scripts/i18n/build.sh"
    return polib.pofile(str(path)) if ext == "po" else polib.mofile(str(path))


def translated(entries) -> dict:
    """(msgctxt, msgid) → msgstr, or a tuple of plural forms, for what msgfmt would compile."""
    result = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if all(forms):
                result[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


@pytest.mark.parametrize("locale", CHINESE)
def test_chinese_catalogs_are_complete(locale):
    po = catalog(locale)
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{locale}: fuzzy entries {fuzzy[:5]}"


@pytest.mark.parametrize("locale", CHINESE)
def test_chinese_headers(locale):
    meta = catalog(locale).metadata
    assert meta["Language"] == locale
    assert meta["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in meta["Content-Type"]


@pytest.mark.parametrize("locale", ALL)
def test_compiled_catalogs_match_the_po_files(locale):
    po, mo = catalog(locale), catalog(locale, "mo")
    assert translated(mo) == translated(po), (
        f"{locale}: django.mo is out of date with django.po — run scripts/i18n/build.sh"
    )


def test_english_falls_back_to_the_msgids():
    assert translated(catalog("en")) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (State.REGISTERED.label, "待派工"),
        (State.DISPATCHED.label, "已派工"),
        (State.SCHEDULED.label, "已预约"),
        (State.ON_SITE.label, "已到场"),
        (State.CARRIED_BACK.label, "带回维修中"),
        (State.REPAIRED.label, "已修复待验收"),
        (State.CHECKED.label, "主任已验讫待送回"),
        (State.COMPLETED.label, "已完工"),
        (State.CLOSED.label, "已结案"),
        (State.CANCELLED.label, "已取消"),
        (Role.AGENT.label, "客服专员"),
        (Role.DISPATCHER.label, "调度员"),
        (Role.SUPERVISOR.label, "服务主任"),
        (Role.MANAGER.label, "售后经理"),
        (ServiceCategory.PAID.label, "A·有费"),
        (ServiceCategory.CONTRACT.label, "B·契约"),
        (ServiceCategory.FREE.label, "C·免费(保修)"),
        (ServiceCategory.INTERNAL.label, "D·一般行政"),
    ],
)
def test_simplified_chinese_uses_the_department_terms(text, expected):
    with translation.override("zh-hans"):
        assert str(text) == expected


def test_simplified_chinese_domain_words():
    with translation.override("zh-hans"):
        assert translation.gettext("Work order") == "工单"
        assert translation.gettext("Dispatch") == "派工"
        assert translation.gettext("Call register") == "叫修登记簿"
        assert translation.gettext("Service voucher") == "服务凭证"
        assert translation.gettext("Supervisor check") == "主任验讫"
        assert translation.ngettext("%(n)s job", "%(n)s jobs", 3) % {"n": 3} == "共 3 单"


def test_traditional_chinese_uses_traditional_characters():
    with translation.override("zh-hant"):
        assert translation.gettext("Work order") == "工單"
        assert translation.gettext("Dispatch") == "派工"
        assert translation.gettext("Call register") == "叫修登記簿"
        assert str(State.REGISTERED.label) == "待派工"
        assert str(State.CHECKED.label) == "主任已驗訖待送回"
        assert str(Role.DISPATCHER.label) == "調度員"  # not s2twp's 排程員
        assert translation.gettext("Installation & commissioning") == "安裝調試"
        assert translation.gettext("Service voucher") == "服務憑證"


def test_english_shows_the_source_text():
    with translation.override("en"):
        assert str(State.CHECKED.label) == "Checked, to be returned"
        assert translation.gettext("Work order") == "Work order"
