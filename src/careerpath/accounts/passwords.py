"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from careerpath.errors import AccountError

MIN_LENGTH = 12  # ASVS 2.1.1
MAX_LENGTH = 1024  # long passphrases are welcome; a megabyte "password" is not

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so a failed log-in takes as long either way.
DUMMY_HASH = _hasher.hash("careerpath-not-a-real-password")


def check_strength(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise AccountError(
            f"Use a password of {MIN_LENGTH} to {MAX_LENGTH} characters (a passphrase of a few words works well).",
            code="weak_password",
        )


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password[:MAX_LENGTH])
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
