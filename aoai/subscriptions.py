"""The subscription id a command was given, checked once (no Azure SDK needed to read it)."""

from __future__ import annotations

import uuid

from .exit_codes import AoaiError


def subscription_guid(value: str | None) -> str:
    """The id as a lower-case GUID; AoaiError (exit 2) when it is missing or not a GUID."""
    if not value:
        raise AoaiError(
            "no subscription: pass --subscription <id> or set AZURE_SUBSCRIPTION_ID "
            "(`az account show --query id -o tsv` prints the current one)"
        )
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise AoaiError(f"--subscription must be a subscription id (a GUID), got {value!r}") from None
