"""config/secrets.py: where a secret may stand and what a refused one is told, written from the
contract (a secret only at a leaf of a field whose schema says secretAllowed; never a tag, never a
name) rather than read back from the module."""

from __future__ import annotations

import pytest

from azure_openai_toolkit.config.models import StackConfig
from azure_openai_toolkit.config.secrets import (
    allowed_fields,
    not_allowed_message,
    secret_allowed,
    secret_fields_markdown,
)


@pytest.mark.parametrize(
    ("loc", "allowed"),
    [
        (("accounts", "primary", "networkAcls", "ipRules", 0), True),  # an item of a secretAllowed list
        (("accounts", "primary", "customerManagedKey", "keyName"), True),
        (("accounts", "primary", "roleAssignments", "readers", "principalId"), True),
        (("accounts", "primary", "networkAcls"), False),  # not a leaf: the shape stays plain
        (("accounts", "primary", "location"), False),  # decides where resources are
        (("namePrefix",), False),  # decides what they are called
        (("tags", "owner"), False),
        (("accounts", "primary", "noSuchKey"), False),  # no field: nothing says it may
        (("noSuchKey",), False),
    ],
)
def test_a_secret_may_stand_only_at_a_leaf_of_a_field_that_allows_it(
    loc: tuple[str | int, ...], allowed: bool
) -> None:
    assert secret_allowed(StackConfig, loc) is allowed


def test_a_secret_tag_is_told_why_tags_cannot_keep_one() -> None:
    assert not_allowed_message(StackConfig, ("tags", "owner")) == (
        "a secret is not allowed at tags.owner: tags are shown to everyone who can read the resource "
        "and in cost exports, so they cannot keep anything secret; keep secrets out of tags"
    )


def test_a_secret_name_is_told_to_be_plain_and_where_secrets_may_be() -> None:
    message = not_allowed_message(StackConfig, ("namePrefix",))
    head = (
        "a secret is not allowed at namePrefix: it decides which resources exist or what they are "
        "called, which Pulumi must know in plain text. Store it as a plain value (`pulumi config set` "
        "without --secret). Secrets may be: "
    )
    assert message.startswith(head)
    listed = message.removeprefix(head).split(", ")
    assert listed[:3] == [
        "accounts.<key>.allowedFqdns",
        "accounts.<key>.networkAcls.ipRules",
        "accounts.<key>.networkAcls.virtualNetworkRules[].subnetId",
    ]
    assert "accounts.<key>.privateEndpoints.<key>.subnetId" in listed
    assert "accounts.<key>.customerManagedKey.keyVaultUri" in listed
    assert not [path for path in listed if "tags" in path or path.endswith((".location", ".name"))]


def test_the_docs_list_names_each_key_with_its_namespace() -> None:
    lines = secret_fields_markdown(StackConfig).splitlines()
    assert lines[:2] == [
        "- `azure-openai:accounts.<key>.allowedFqdns`",
        "- `azure-openai:accounts.<key>.networkAcls.ipRules`",
    ]
    assert len(lines) == len(allowed_fields(StackConfig)) and all(line.startswith("- `") for line in lines)
