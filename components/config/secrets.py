"""Secure config values: where they may be, and what stands for them when they cannot be read.

Pulumi keeps `secure:` values encrypted in the stack file; the engine decrypts them for `pulumi
up` and marks the top-level config key that holds one as secret. The rule of this project:

- a secret may only be a leaf value that reaches resources as an input and nothing else (an IP
  rule, a subnet or identity id, a principal id, a key name, ...; never a tag, which everyone who
  can read the resource sees). The fields that allow it say so in their schema (`secretAllowed`).
  Names, regions, model choices, switches and the shape of the stack decide which resources
  exist and what they are called: Pulumi must know those in plain text, so a secret there is
  refused with a clear message;
- offline (validate, plan, place) the ciphertext cannot be decrypted: each secure value is
  replaced by a placeholder (placeholders.py) that the validators accept in place of a value
  they cannot see, so the shape is checked without the plaintext;
- in the program, values of secret top-level keys reach resources as secret Outputs
  (secret_inputs.py);
- the other way round, the provider's credentials (PROVIDER_CREDENTIALS) must be secret: written
  in plain text in a stack file or Pulumi.yaml, they are an error, and they are masked wherever
  aoai prints config, whatever layer they came from.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .reporting import Loc, _alias, field_at, nested_model, render_path

SECRET_ALLOWED = "secretAllowed"
# Field(json_schema_extra=SECRET_OK): a secure value is allowed for this field (or its items).
SECRET_OK: dict[str, Any] = {SECRET_ALLOWED: True}

# Provider config that signs in: whoever reads it can act as the deployment's identity. Of
# pulumi-azure-native's provider config (provider/pkg/gen/schema.go), clientSecret and
# clientCertificatePassword are marked Secret; oidcToken and oidcRequestToken are bearer tokens it
# does not mark, as usable as a password while they last. clientId, also marked there, names an
# application and signs in nobody; the *Path keys name files, not their content.
PROVIDER_CREDENTIALS = frozenset(
    ("azure-native", name)
    for name in ("clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken")
)
_CREDENTIAL_VARIABLES = {
    "clientSecret": "ARM_CLIENT_SECRET",
    "clientCertificatePassword": "ARM_CLIENT_CERTIFICATE_PASSWORD",
    "oidcToken": "ARM_OIDC_TOKEN",
    "oidcRequestToken": "ARM_OIDC_REQUEST_TOKEN",
}


def secret_allowed(root: type[BaseModel], loc: Loc) -> bool:
    """Whether a secure value may stand at `loc` (a leaf of a field marked secretAllowed)."""
    found = field_at(root, loc)
    if found is None:
        return False
    field, leaf = found
    extra = field.json_schema_extra
    return leaf and isinstance(extra, dict) and bool(extra.get(SECRET_ALLOWED))


def allowed_fields(root: type[BaseModel]) -> list[str]:
    """Key paths of the fields that may hold secrets, for messages and docs. None of them is a map
    (a map's keys become resource names, which must be plain), so each path is one value's."""
    found: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            path = f"{prefix}{_alias(model, name)}"
            extra = field.json_schema_extra
            if isinstance(extra, dict) and extra.get(SECRET_ALLOWED):
                found.append(path)
            nested, suffix = nested_model(field.annotation)
            if nested is not None:
                walk(nested, f"{path}{suffix}.")

    walk(root, "")
    return found


def secret_fields_markdown(root: type[BaseModel]) -> str:
    """The list of keys that may be secret, for docs/security.md."""
    from .errors import NAMESPACE

    return "".join(f"- `{NAMESPACE}:{path}`\n" for path in allowed_fields(root))


def not_allowed_message(root: type[BaseModel], loc: Loc) -> str:
    if loc and loc[0] == "tags":
        return (
            f"a secret is not allowed at {render_path(loc)}: tags are shown to everyone who can read "
            "the resource and in cost exports, so they cannot keep anything secret; keep secrets "
            "out of tags"
        )
    return (
        f"a secret is not allowed at {render_path(loc)}: it decides which resources exist or what "
        "they are called, which Pulumi must know in plain text. Store it as a plain value "
        "(`pulumi config set` without --secret). Secrets may be: " + ", ".join(allowed_fields(root))
    )


def plaintext_credential_message(key: tuple[str, str], file: str, stack: str | None) -> str:
    """The problem of provider credential `key` written in plain text in `file` (a stack file of
    `stack`, or Pulumi.yaml when `stack` is None)."""
    full = f"{key[0]}:{key[1]}"
    variable = _CREDENTIAL_VARIABLES[key[1]]  # every key of PROVIDER_CREDENTIALS has one
    if stack is None:
        fix = (
            f"remove it from {file} (a project file cannot hold secrets) and set it per stack with "
            f"`pulumi config set --secret {full} --stack STACK`"
        )
    else:
        fix = f"encrypt it with `pulumi config set --secret {full} --stack {stack}` (written as secure:)"
    return (
        f"a credential in plain text: everyone who can read {file} (and its history) can use it; "
        f"{fix}, or leave it to the {variable} environment variable or an ESC environment; then rotate "
        "it, as it was readable"
    )
