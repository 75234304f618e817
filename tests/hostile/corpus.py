"""Hostile stack files: each is what a pull request could push, and what the tools must say.

Every case is the bytes of a file (or a thing standing where the file should be: a directory, a
symlink loop, a FIFO) and a fragment of the message every command must print for it. The
messages are written from the rules (the loader's limits, Azure's naming rules), not copied from
the output.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HEAD = (
    "config:\n"
    "  azure-openai:namePrefix: contoso\n"
    "  azure-openai:environment: dev\n"
    "  azure-openai:location: swedencentral\n"
)
CHAT = '        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}\n'
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers"


def account(body: str, key: str = "primary") -> str:
    """HEAD plus one account with `body` (already indented six spaces) and the chat deployment."""
    return f"{HEAD}  azure-openai:accounts:\n    {key}:\n{body}      deployments:\n{CHAT}"


def laughs(levels: int, width: int = 10, head: str = HEAD, key: str = "  azure-openai:tags") -> str:
    """Nested aliases under `key` (the stack's tags): `width ** levels` values once expanded
    ("billion laughs")."""
    indent = " " * (len(key) - len(key.lstrip()) + 2)
    lines = [f"{head}{key}:", f"{indent}l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    message: str  # a fragment every command prints
    content: bytes = b""
    # Makes the thing at the path instead of writing `content` (a directory, a loop, a FIFO).
    make: Callable[[Path], None] | None = None

    def create(self, path: Path) -> None:
        if self.make is not None:
            self.make(path)
        else:
            path.write_bytes(self.content)


def _text(name: str, message: str, text: str) -> Case:
    return Case(name, message, text.encode("utf-8"))


def _symlink_loop(path: Path) -> None:
    other = path.with_name("Pulumi.loop-other.yaml")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


CASES: list[Case] = [
    # -- limits: size, nesting, alias expansion ---------------------------------------------------
    _text("billion-laughs-6", "the document expands to more than 100,000 values", laughs(6)),
    _text("billion-laughs-9", "the document expands to more than 100,000 values", laughs(9)),
    _text(
        "long-text-through-aliases",
        "the document expands to more than 4,194,304 characters of text",
        f'{HEAD}  azure-openai:tags:\n    a: &a "{"x" * 100_000}"\n    b: [{", ".join(["*a"] * 50)}]\n',
    ),
    _text(
        "300-nested-brackets",
        "nested more than 64 levels deep",
        f"{HEAD}  azure-openai:tags: {'[' * 300}{']' * 300}\n",
    ),
    _text(
        "over-one-mebibyte",
        "files of more than 1,048,576 bytes are refused",
        HEAD + "# " + "x" * (1024 * 1024) + "\n",
    ),
    # -- encoding ----------------------------------------------------------------------------------
    Case(
        "latin-1-byte",
        "not UTF-8: byte 0xe9 cannot be decoded",
        HEAD.encode() + b"  azure-openai:tags: {a: caf\xe9}\n",
    ),
    Case("utf-16", "not UTF-8: byte 0xff cannot be decoded", HEAD.encode("utf-16")),
    Case(
        "nul-byte",
        "not valid YAML: the character U+0000 is not allowed in YAML",  # line 5, column 28
        HEAD.encode() + b'  azure-openai:tags: {a: "x\x00y"}\n',
    ),
    # -- tags and YAML features a stack file cannot mean -------------------------------------------
    _text("set-tag", "the tag !!set is not allowed", f"{HEAD}  azure-openai:tags: !!set {{a, b}}\n"),
    _text(
        "binary-tag", "the tag !!binary is not allowed", f"{HEAD}  azure-openai:tags: {{a: !!binary aGk=}}\n"
    ),
    _text(
        "python-tag",
        "the tag !!python/object/apply:os.system is not allowed",
        f'{HEAD}  azure-openai:tags: !!python/object/apply:os.system ["echo owned"]\n',
    ),
    _text("custom-tag", "the tag !Ref is not allowed", f"{HEAD}  azure-openai:tags: {{a: !Ref b}}\n"),
    _text(
        "timestamp-tag",
        "the tag !!timestamp is not allowed",
        f"{HEAD}  azure-openai:tags: {{a: !!timestamp 2024-01-01}}\n",
    ),
    _text("yaml-1.1", "only YAML 1.2 is read", f"%YAML 1.1\n---\n{HEAD}"),
    _text("two-documents", "the file holds one YAML document", f"{HEAD}---\n{HEAD}"),
    _text(
        "undefined-alias",
        "the alias *nothing has no anchor &nothing before it",
        f"{HEAD}  azure-openai:tags: *nothing\n",
    ),
    _text(
        "duplicate-key", "this key appears twice in the mapping", f"{HEAD}  azure-openai:namePrefix: other\n"
    ),
    _text(
        "not-a-mapping",
        "a stack file is a YAML mapping with a 'config:' mapping inside",
        "- just\n- a list\n",
    ),
    _text("syntax-error", "not valid YAML", f"{HEAD}  azure-openai:tags: {{a: [b\n"),
    _text(
        "leading-zero-number",
        'quote it ("0125")',
        account("      location: swedencentral\n").replace("capacity: 10", "capacity: 10, format: 0125"),
    ),
    _text(
        "huge-integer",
        "must be at most 2,147,483,647",
        account("").replace("capacity: 10", "capacity: 99999999999999999999999999"),
    ),
    _text(
        "5000-digit-integer",
        "a number of 5,000 digits is no value a stack takes",
        account("").replace("capacity: 10", f"capacity: {'9' * 5000}"),
    ),
    _text(
        "long-value",
        "characters)",
        f"{HEAD}  azure-openai:tags: {{a: {'v' * 300_000}}}\n".replace(
            "azure-openai:namePrefix: contoso", f"azure-openai:namePrefix: {'n' * 300_000}"
        ),
    ),
    # -- namespaces --------------------------------------------------------------------------------
    _text(
        "underscore-namespace",
        "unknown namespace 'azure_openai'; did you mean 'azure-openai:accounts'?",
        f"{HEAD}  azure_openai:accounts: {{}}\n",
    ),
    _text(
        "swapped-letters",
        "unknown namespace 'azure-opneai'; did you mean",
        f"{HEAD}  azure-opneai:accounts: {{}}\n",
    ),
    _text(
        "trailing-hyphen",
        "unknown namespace 'azure-openai-'; did you mean 'azure-openai:protect'?",
        f"{HEAD}  azure-openai-:protect: true\n",
    ),
    _text(
        "cyrillic-a",
        "unknown namespace 'аzure-openai'; did you mean",
        f"{HEAD}  аzure-openai:protect: true\n",
    ),
    _text("no-namespace", "did you mean 'azure-openai:tags'?", f"{HEAD}  tags: {{a: b}}\n"),
    _text(
        "two-forms-of-one-key",
        "given twice, as 'azure-openai:namePrefix' and 'azure-openai:config:namePrefix'",
        f"{HEAD}  azure-openai:config:namePrefix: other\n",
    ),
    _text("unknown-top-level-key", "unknown top-level key 'confg'", f"confg: {{}}\n{HEAD}"),
    # -- secrets -----------------------------------------------------------------------------------
    _text(
        "secret-name-prefix",
        "a secret is not allowed at namePrefix",
        HEAD.replace("namePrefix: contoso", "namePrefix: {secure: v1:abc}"),
    ),
    _text(
        "secret-region",
        "a secret is not allowed at accounts.primary.location",
        account("      location: {secure: v1:abc}\n"),
    ),
    # -- names, ids and numbers Azure refuses ------------------------------------------------------
    _text(
        "underscore-key-default-name",
        "the default name <namePrefix>-<environment>-<key> is invalid",
        account("", key="my_key"),
    ),
    _text("dotted-key", "keys are stable logical names", account("", key="my.key")),
    # Named after the environment, so that new-env's copy renames it (and keeps it too long).
    _text(
        "subdomain-over-63",
        "a DNS label of 2 to 63",
        account(f"      customSubdomain: contoso-dev-{'a' * 52}\n"),
    ),
    _text(
        "account-name-ends-with-hyphen",
        "starting and ending with a letter or digit",
        account("      name: contoso-dev-\n"),
    ),
    _text(
        "non-ascii-key-name",
        "1 to 127 ASCII letters",
        account(
            "      customerManagedKey:\n"
            "        keyVaultUri: https://kv-contoso.vault.azure.net/\n"
            "        keyName: clé\n"
            f"        userAssignedIdentityResourceId: {SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/id\n"
            "        identityClientId: 11111111-2222-3333-4444-555555555555\n"
            "      managedIdentities:\n"
            f"        userAssignedResourceIds: [{SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/id]\n"
        ),
    ),
    _text(
        "question-mark-in-an-id",
        "contains '?'",
        account(
            "      networkAcls:\n        virtualNetworkRules:\n"
            f"          - subnetId: {SUB}/Microsoft.Network/virtualNetworks/v?x=1/subnets/s\n"
        ),
    ),
    _text(
        "wrong-private-dns-zone",
        "is not one an Azure OpenAI or Foundry endpoint registers in",
        account(
            "      privateEndpoints:\n        apps:\n"
            f"          subnetId: {SUB}/Microsoft.Network/virtualNetworks/v/subnets/s\n"
            f"          privateDnsZoneIds: [{SUB}/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net]\n"
        ),
    ),
    _text(
        "all-zero-principal",
        "is no principal's id",
        account(
            "      roleAssignments:\n        app:\n"
            "          principalId: 00000000-0000-0000-0000-000000000000\n"
            "          role: Cognitive Services OpenAI User\n"
        ),
    ),
    *(
        _text(
            f"ip-rule-{rule.replace('/', '-')}",
            "is a private or reserved range",
            account(f"      networkAcls: {{ipRules: [{rule}]}}\n"),
        )
        for rule in ("100.64.0.0/10", "240.0.0.0/4", "255.255.255.255", "198.18.0.0/15")
    ),
    _text(
        "everyone-allowed-on-a-protected-stack",
        "let every public IPv4 address in",
        account("      networkAcls: {ipRules: [0.0.0.0/1, 128.0.0.0/1]}\n").replace(
            "environment: dev", "environment: prod"
        ),
    ),
    # -- not a file --------------------------------------------------------------------------------
    Case("a-directory", "is a directory, not a file", make=lambda path: path.mkdir()),
    Case("a-symlink-loop", "cannot read the file: Too many levels of symbolic links", make=_symlink_loop),
    Case("a-fifo", "is not a regular file", make=lambda path: os.mkfifo(path)),
    Case("a-missing-file", "file not found", make=lambda path: None),
]
