"""Production: secrets from the environment, PostgreSQL through DATABASE_URL, secure cookies."""

from config.env import env_bool, env_str

from .base import *  # noqa: F403

if not env_str("SECRET_KEY"):
    raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
