"""The shared checks of required text."""

import pytest
from django.utils import translation

from aftersales.core.exceptions import DomainError
from aftersales.core.validation import required, required_text


def test_it_trims_the_text_it_keeps():
    assert required_text("  客户要求换机 ", "reason", "x") == "客户要求换机"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_text_is_refused_on_its_field_in_the_users_language(value):
    with translation.override("zh-hans"), pytest.raises(DomainError) as error:
        required(value, "serial", "序列号")
    assert error.value.field == "serial"
    assert error.value.message == "请填写序列号。"
