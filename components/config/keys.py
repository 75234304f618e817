"""Config keys and key paths, parsed the way the Pulumi engine parses them.

Sources (pulumi/pulumi, sdk/go/common):
- resource/config/key.go ParseKey: `<namespace>:<name>`, or the old `<namespace>:config:<name>`;
  anything else is "could not parse ... as a configuration key";
- workspace/config.go parseConfigKey: a key without a colon (in Pulumi.yaml's `config:` or an ESC
  environment's `pulumiConfig`) belongs to the project, `<project>:<key>`;
- resource/config/map.go Get/Set with path=true: the name part is a property path
  (`tags.owner`, `accounts.primary.deployments`, `list[0]`, `["key.with.dots"]`).
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_SEGMENT = re.compile(r'\.?([^.\[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')


class BadKey(ValueError):
    """A key or key path Pulumi would refuse; the message is Pulumi's."""


def parse_key(text: str) -> tuple[str, str]:
    """`ns:name` or `ns:config:name` -> (ns, name), as config.ParseKey."""
    parts = text.split(":")
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) == 3 and parts[1] == "config" and parts[0] and parts[2]:
        return parts[0], parts[2]
    raise BadKey(
        f"could not parse {text} as a configuration key "
        "(configuration keys should be of the form `<namespace>:<name>`)"
    )


def project_key(project: str, text: str) -> tuple[str, str]:
    """A key of Pulumi.yaml's config or an environment's pulumiConfig: no colon means the project's."""
    return parse_key(text) if ":" in text else (project, text)


def parse_path(name: str) -> KeyPath:
    """`tags.owner` -> ('tags', 'owner'); `a[0]` -> ('a', 0); `["a.b"].c` -> ('a.b', 'c')."""
    parts: list[str | int] = []
    position = 0
    while position < len(name):
        match = _SEGMENT.match(name, position)
        if match is None or (position > 0 and match.group(1) is not None and name[position] != "."):
            raise BadKey(f"invalid config key path {name!r}")
        plain, index, quoted = match.groups()
        if index is not None:
            parts.append(int(index))
        elif quoted is not None:
            parts.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            parts.append(plain)
        position = match.end()
    if not parts or not isinstance(parts[0], str) or not parts[0]:
        raise BadKey(f"invalid config key path {name!r}: it must start with a key name")
    return tuple(parts)
