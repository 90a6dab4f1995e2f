"""Encryption at rest for resumes and assessment JSON (Fernet: AES-128-CBC + HMAC-SHA256).

Keys come from ``CAREERPATH_SECRET_KEYS`` (comma-separated Fernet keys, newest first) or, when that is
unset, from ``$CAREERPATH_HOME/secret.key``, created with mode 0600 on first start. Rotation: put a
new key first in the list, keep the old ones after it, run ``careerpath users rotate-key``, then drop
the old keys (docs/service.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from careerpath.errors import DataError


class Vault:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise DataError("No encryption key: set CAREERPATH_SECRET_KEYS or let the server create secret.key.")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise DataError(
                "Stored data cannot be decrypted with the configured keys; was the old key removed too early?"
            ) from None

    def rotate(self, token: bytes) -> bytes:
        """Return ``token`` re-encrypted with the newest key."""
        return self._fernet.rotate(token)


def key_file(home: Path) -> Path:
    return home / "secret.key"


def load_vault(home: Path, configured: str | None) -> Vault:
    """Return the vault for the configured keys, or for the key file (created 0600 when missing)."""
    if configured:
        try:
            return Vault([part.strip().encode() for part in configured.split(",") if part.strip()])
        except ValueError:
            raise DataError(
                "CAREERPATH_SECRET_KEYS must be Fernet keys (32 url-safe base64 bytes each), comma-separated."
            ) from None
    path = key_file(home)
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        # Write a private temporary file, then link it into place: atomic, and a second worker
        # starting at the same moment keeps the first key instead of reading a half-written one.
        temporary = path.with_name(f".secret.key.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return Vault([path.read_bytes().strip()])
