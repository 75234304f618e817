"""Secret inputs as a plan shows them: each secret value as [secret], the rest as it is.

Pulumi hides an input object as a whole when one value in it is secret: an account whose stack
file has one secure IP rule registers its whole `properties` as secret, and so does a role
assignment's derived name. Shown as one [secret], the plan would hide every setting of the
account, and export-arm would have nothing to put in their place.

Offline, which value in such an object is the secret one is known when it stands out: a secure
value of the stack file is a placeholder (placeholders.py), a secret of an opened ESC environment
was already masked to [secret] (layers.Masker), and a value derived from either still contains
it. An object holding one of these is shown with its structure, only those values as [secret];
one holding none (a secret the program made itself) stays [secret] as a whole, since any of its
values may be the secret.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pulumi.runtime.rpc import is_rpc_secret, unwrap_rpc_secret

from azure_openai_toolkit.config.placeholders import SHOWN, placeholder_prefix


def _is_known_secret(value: str) -> bool:
    return placeholder_prefix() in value or SHOWN in value


def _opened(secret: dict[str, Any]) -> Any:
    """What a secret wrapper holds; None for one that holds only ciphertext (a state export's)."""
    return unwrap_rpc_secret(secret) if "value" in secret else None


def _holds_known_secret(value: Any) -> bool:
    if is_rpc_secret(value):
        return _holds_known_secret(_opened(value))
    if isinstance(value, str):
        return _is_known_secret(value)
    if isinstance(value, dict):
        return any(_holds_known_secret(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_known_secret(v) for v in value)
    return False


def shown(value: Any, *, plain: Collection[str] | None = None) -> Any:
    """`value` with secret wrappers resolved as the module says: [secret] where the secret is.

    plain: the values the stack's config holds in plain text (export-arm, which must not hide a
    whole account for one secure value elsewhere in its config key). Then every secret object is
    shown with its structure (a stack-door program's secret objects hold the stack's own values,
    plain in the file unless they are a known secret), and a secret value that is one of `plain`
    is shown as it is: it stands in the stack file for anyone to read."""
    if is_rpc_secret(value):
        inner = _opened(value)
        if isinstance(inner, (dict, list, tuple)) and (plain is not None or _holds_known_secret(inner)):
            return shown(inner, plain=plain)
        if plain is not None and isinstance(inner, str) and inner in plain:
            return inner
        return SHOWN
    if isinstance(value, str):
        return SHOWN if _is_known_secret(value) else value
    if isinstance(value, dict):
        return {k: shown(v, plain=plain) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown(v, plain=plain) for v in value]
    return value


def secret_paths(value: Any, path: str = "") -> list[str]:
    """Where a shown value holds [secret]: `networkAcls.ipRules[1].value`."""
    if value == SHOWN:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in secret_paths(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in secret_paths(v, f"{path}[{i}]")]
    return []
