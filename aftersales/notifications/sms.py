"""Text messages to customers through a gateway: one small interface, the vendor behind it.

The gateway is named by `settings.AFTERSALES["SMS_GATEWAY"]` (a dotted path; default
`LoggingSmsGateway`, which only writes each message to the log "aftersales.sms") and built with
`settings.AFTERSALES["SMS_GATEWAY_OPTIONS"]` as keyword arguments.

A real gateway plugs in as a class with one method, `send(phone, text) -> str`: it sends `text`
to `phone` (E.164, e.g. "+8613800138000") and returns the vendor's message id, or raises any
exception when the vendor refuses or cannot be reached; the message is then marked failed with
the exception's text and tried again by the sweep. For Aliyun SMS (阿里云短信服务), for example:

    # mycompany/sms.py
    from alibabacloud_dysmsapi20170525.client import Client
    from alibabacloud_dysmsapi20170525 import models
    from alibabacloud_tea_openapi.models import Config

    class AliyunSmsGateway(SmsGateway):
        def __init__(self, *, access_key_id, access_key_secret, sign_name, template_code):
            self.client = Client(Config(access_key_id=access_key_id,
                                        access_key_secret=access_key_secret,
                                        endpoint="dysmsapi.aliyuncs.com"))
            self.sign_name, self.template_code = sign_name, template_code

        def send(self, phone: str, text: str) -> str:
            answer = self.client.send_sms(models.SendSmsRequest(
                phone_numbers=phone.removeprefix("+86"), sign_name=self.sign_name,
                template_code=self.template_code, template_param=json.dumps({"content": text})))
            if answer.body.code != "OK":
                raise SmsError(f"{answer.body.code}: {answer.body.message}")
            return answer.body.biz_id

    # settings
    AFTERSALES["SMS_GATEWAY"] = "mycompany.sms.AliyunSmsGateway"
    AFTERSALES["SMS_GATEWAY_OPTIONS"] = {"access_key_id": env_str("ALIYUN_SMS_KEY"), ...}

Chinese carriers want a registered signature (签名) and template (模板): register one template
whose single variable is the whole text, or map the message's key to templates in the class.
"""

import itertools
import logging
from typing import Any, Protocol, runtime_checkable

from django.utils.module_loading import import_string

from . import conf

logger = logging.getLogger("aftersales.sms")
# The log is where the logging gateway's messages are read: shown unless LOGGING says otherwise
# (the project's root logger shows warnings only).
if logger.level == logging.NOTSET:
    logger.setLevel(logging.INFO)


class SmsError(Exception):
    """The gateway refused the message or could not be reached; the text says why."""


@runtime_checkable
class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> str:
        """Send `text` to `phone` (E.164); the gateway's id of the message."""
        ...


class LoggingSmsGateway:
    """Sends nothing: writes each message to the log "aftersales.sms" (INFO), for development
    and for companies without a gateway yet. The messages are still recorded and shown in the
    message log."""

    _ids = itertools.count(1)

    def __init__(self, **options: Any) -> None:
        self.options = options

    def send(self, phone: str, text: str) -> str:
        gateway_id = f"log-{next(self._ids)}"
        logger.info("SMS to %s [%s]: %s", phone, gateway_id, text)
        return gateway_id


def gateway() -> SmsGateway:
    """The configured gateway, built anew for each message: settings may change between sends."""
    cls = import_string(conf.get("SMS_GATEWAY"))
    return cls(**(conf.get("SMS_GATEWAY_OPTIONS") or {}))
