"""What stands for a secure value offline, where its plaintext cannot be read.

Each secure value of a file gets its own placeholder (so two secrets never look like duplicates).
A placeholder carries a random token made when this module is imported, so no value written in a
stack file can pass for one; validators let placeholders through unchecked (types.unless_secret).
"""

from __future__ import annotations

import secrets

_PREFIX = f"\x00aoai-secret-{secrets.token_hex(8)}:"
SHOWN = "[secret]"


def placeholder(index: int) -> str:
    """The stand-in for the index-th secure value of a file."""
    return f"{_PREFIX}{index}"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_PREFIX)

