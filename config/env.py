"""The one place settings read the environment.

A secret may be given directly (`SECRET_KEY=...`) or as a file (`SECRET_KEY_FILE=/run/secrets/key`),
the way container orchestrators hand them over.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name, "")
    if not raw:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = env_str(name, "")
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default
