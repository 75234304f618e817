"""Hostile project files (Pulumi.yaml) and `--env-values` inputs: what a pull request or a broken
CI step could hand the tools, and what every command must say.

The same one reader reads them as stack files (config/source.py), so the same attacks apply: alias
expansion, deep nesting, bytes that are not UTF-8, tags, duplicate keys, files too large, things
that are not files. The expected messages are written from the reader's limits: 1 MiB and 100,000
values for Pulumi.yaml (the stack-file limits), 5 MiB and 500,000 values for `esc env open`
output (environments.ENV_VALUES_LIMITS: the detailed format of a large environment is verbose).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .corpus import Case, _symlink_loop, laughs

PROJECT_HEAD = "name: azure-openai\nruntime: python\nstackConfigDir: stacks\n"
# `esc env open --format yaml` output (YAML, so that hostile YAML can follow the head).
ENV_HEAD = "pulumiConfig:\n  azure-openai:namePrefix: contoso\n"


@dataclass(frozen=True)
class Limits:
    head: str
    key: str  # a top-level key the hostile value goes under
    values: str  # the expanded-values limit, as the message prints it
    size: int  # the size limit in bytes


PROJECT = Limits(PROJECT_HEAD, "template", "100,000", 1024 * 1024)
ENV = Limits(ENV_HEAD, "environmentVariables", "500,000", 5 * 1024 * 1024)


def cases(limits: Limits) -> list[Case]:
    head, key = limits.head, limits.key

    def text(name: str, message: str, content: str) -> Case:
        return Case(name, message, content.encode("utf-8"))

    return [
        text(
            "billion-laughs-6", f"expands to more than {limits.values} values", laughs(6, head=head, key=key)
        ),
        text(
            "billion-laughs-9", f"expands to more than {limits.values} values", laughs(9, head=head, key=key)
        ),
        text(
            "300-nested-brackets", "nested more than 64 levels deep", f"{head}{key}: {'[' * 300}{']' * 300}\n"
        ),
        text(
            "json-nested-brackets",
            "nested more than 64 levels deep",
            '{"pulumiConfig": ' + "[" * 5000 + "]" * 5000 + "}",
        ),
        text(
            "over-the-size-limit",
            f"files of more than {limits.size:,} bytes are refused",
            head + "#" * limits.size,
        ),
        Case(
            "latin-1-byte",
            "not UTF-8: byte 0xe9 cannot be decoded",
            head.encode() + f"{key}: caf\xe9\n".encode("latin-1"),
        ),
        Case("utf-16", "not UTF-8: byte 0xff cannot be decoded", head.encode("utf-16")),
        text(
            "python-tag",
            "the tag !!python/object/apply:os.system is not allowed",
            f'{head}{key}: !!python/object/apply:os.system ["echo owned"]\n',
        ),
        text("binary-tag", "the tag !!binary is not allowed", f"{head}{key}: {{a: !!binary aGk=}}\n"),
        text("two-documents", "holds one YAML document", f"{head}---\n{head}"),
        text("duplicate-key", "this key appears twice in the mapping", head + head.splitlines()[0] + "\n"),
        Case("a-directory", "is a directory, not a file", make=lambda path: path.mkdir()),
        Case("a-fifo", "is not a regular file", make=lambda path: os.mkfifo(path)),
        Case("a-symlink-loop", "Too many levels of symbolic links", make=_symlink_loop),
    ]


# A directory, FIFO or loop standing for Pulumi.yaml is no project file at all: aoai looks for the
# project upwards and says there is none (the cases below are what a Pulumi.yaml file can hold).
PROJECT_CASES = [c for c in cases(PROJECT) if c.make is None]
ENV_CASES = [*cases(ENV), Case("a-missing-file", "file not found", make=lambda path: None)]
