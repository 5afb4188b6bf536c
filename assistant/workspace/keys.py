"""API keys: random tokens shown once, stored only as a SHA-256 hash.

A key is 32 random bytes, so a plain SHA-256 is enough to make a stolen database useless
(there is nothing to brute-force, unlike a password); the first characters are kept to tell
keys apart in listings.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "kp_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def display_prefix(token: str) -> str:
    return token[: len(PREFIX) + 6]
