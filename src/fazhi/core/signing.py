"""The district's signing key (Ed25519): anchors of the record and published documents.

The private key lives outside the database, in `FAZHI_VAR_DIR/keys/ed25519.pem` (mode 0600),
created on first use; the backup copies the whole `keys/` folder. Anyone can check a
signature with the public key, which the portal shows with its fingerprint. Ed25519 is
deterministic: the same content always gives the same signature, so signatures of published
documents are computed on demand rather than stored.

Signatures are over the canonical JSON of a payload (sorted keys, no spaces, UTF-8), so a
signed file can be re-serialised by any JSON tool and still be checked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

KEY_FILE = "ed25519.pem"
_lock = threading.Lock()
_cache: dict[Path, Ed25519PrivateKey] = {}


def canonical_json(payload) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def key_path() -> Path:
    return Path(settings.FAZHI_VAR_DIR) / "keys" / KEY_FILE


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 private key")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: two processes starting at once must not each write their own key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load_or_create(path)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key


def private_key() -> Ed25519PrivateKey:
    path = key_path()
    with _lock:
        if path not in _cache:
            _cache[path] = _load_or_create(path)
        return _cache[path]


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_bytes(key: Ed25519PublicKey | None = None) -> bytes:
    return (key or public_key()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def public_key_b64() -> str:
    return base64.b64encode(public_key_bytes()).decode()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


def fingerprint_of(raw_public_key: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, in hex (what the portal shows)."""
    return hashlib.sha256(raw_public_key).hexdigest()


def fingerprint() -> str:
    return fingerprint_of(public_key_bytes())


def sign(payload) -> str:
    """Base64 Ed25519 signature of the canonical JSON of `payload`."""
    return base64.b64encode(private_key().sign(canonical_json(payload))).decode()


def signature_valid(payload, signature_b64: str, raw_public_key: bytes) -> bool:
    """Whether `signature_b64` is a valid signature of `payload` by that public key."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw_public_key)
        key.verify(signature, canonical_json(payload))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def forget_cached_key() -> None:
    """Drop the cached key (tests that point FAZHI_VAR_DIR elsewhere)."""
    with _lock:
        _cache.clear()
