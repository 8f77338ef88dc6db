"""Encryption of identifiers at rest, and the keyed blind index used to find a person
without decrypting anything.

- Identifiers are one JSON document per case, encrypted with Fernet (AES-128-CBC + HMAC).
  ``settings.ENCRYPTION_KEYS`` lists keys newest first: the first encrypts, all decrypt,
  so a new key can be put in front and ``manage.py rotate_identity_keys`` re-encrypts.
- The blind index is HMAC-SHA256 of a normalised value under ``settings.BLIND_INDEX_KEY``;
  it is stable across encryption-key rotation, and without the key it says nothing about
  the value.
"""

import hashlib
import hmac
import json
import re
import unicodedata
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class IdentityUnreadable(Exception):
    """No configured key opens this record (the key was removed before rotation)."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt_identity(values: dict[str, Any]) -> bytes:
    return _keys().encrypt(json.dumps(values, ensure_ascii=False, sort_keys=True).encode())


def decrypt_identity(token: bytes) -> dict[str, Any]:
    try:
        result: dict[str, Any] = json.loads(_keys().decrypt(bytes(token)))
    except InvalidToken:
        raise IdentityUnreadable from None
    return result


def reencrypt_identity(token: bytes) -> bytes:
    """Re-encrypt under the newest key (rotation)."""
    try:
        return _keys().rotate(bytes(token))
    except InvalidToken:
        raise IdentityUnreadable from None


def normalise(text: str) -> str:
    """Lower case, no diacritics, single spaces: "  SHPRESË  Hoxha" -> "shprese hoxha"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def name_tokens(text: str) -> list[str]:
    """The comparable parts of a name. Albanian names change their ending with definiteness
    (Shpresë / Shpresa), so a final vowel is dropped from words longer than three letters."""
    tokens = []
    for word in re.findall(r"[^\W_]+", normalise(text)):
        if len(word) > 3 and word[-1] in "aeë":
            word = word[:-1]
        if len(word) >= 2:
            tokens.append(word)
    return tokens


def blind_index(kind: str, value: str) -> str:
    """Keyed digest of an already normalised value; the kind keeps namespaces apart."""
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
