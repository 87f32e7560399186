"""Uploaded photos and signatures: only real images of an allowed type and size are stored."""

import base64
import binascii
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .exceptions import DomainError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def checked_image(data: bytes, *, field: str, name: str) -> ContentFile:
    """Returns the bytes as a file named by their real type, or refuses them."""
    if not data:
        raise DomainError(_("The image is empty."), field=field)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The image is larger than %(mb)s MB.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            field=field,
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise DomainError(_("The file is not a JPEG, PNG or WebP image."), field=field) from exc
    if image_format not in ALLOWED_FORMATS:
        raise DomainError(_("The file is not a JPEG, PNG or WebP image."), field=field)
    return ContentFile(data, name=f"{name}.{ALLOWED_FORMATS[image_format]}")


def decode_data_url(data_url: str, *, field: str) -> bytes:
    """A drawing from the signature pad arrives as 'data:image/png;base64,…'."""
    _header, _sep, payload = (data_url or "").partition(",")
    if not payload:
        raise DomainError(_("The customer has not signed."), field=field)
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DomainError(_("The signature could not be read."), field=field) from exc
