"""Small typed readers for the environment. They fail loudly on malformed values."""

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def check_encryption_keys(name: str, raw: str) -> list[str]:
    """Split comma-separated keys (newest first) and check each is 32 url-safe base64 bytes."""
    keys = [key.strip() for key in raw.split(",") if key.strip()]
    for key in keys:
        try:
            ok = len(base64.urlsafe_b64decode(key.encode())) == 32
        except (binascii.Error, ValueError):
            ok = False
        if not ok:
            raise ImproperlyConfigured(
                f"{name} must hold keys of 32 url-safe base64-encoded bytes, comma-separated "
                "(make one with: python -c 'import base64,os;"
                "print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
            )
    return keys
