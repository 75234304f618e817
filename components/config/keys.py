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

KeyPath = tuple[str | int, ...]


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
    """`tags.owner` -> ('tags', 'owner'); `a[0]` -> ('a', 0); `["a.b"].c` -> ('a.b', 'c').

    A port of resource.ParsePropertyPath (non-strict, as config paths use it), errors included.
    """
    parts: list[str | int] = []
    if name.startswith("."):
        raise BadKey(
            f"invalid config key path {name!r}: expected property path to start with a name or index"
        )
    rest = name
    while rest:
        if rest[0] == ".":
            rest = rest[1:]
            if not rest:
                raise BadKey(
                    f"invalid config key path {name!r}: expected property path to end with a name or index"
                )
        elif rest[0] == "[":
            rest = _bracket(name, rest, parts)
        else:
            end = min((i for i in (rest.find("."), rest.find("[")) if i >= 0), default=len(rest))
            parts.append(rest[:end])
            rest = rest[end:]
    if not parts or not isinstance(parts[0], str) or not parts[0]:
        raise BadKey(f"invalid config key path {name!r}: it must start with a key name")
    return tuple(parts)


def _bracket(name: str, rest: str, parts: list[str | int]) -> str:
    """One `[N]` or `["key"]` segment of `rest` appended to `parts`; what follows it."""
    if rest.startswith('["'):
        key, index = "", 2
        while True:
            if index >= len(rest):
                raise BadKey(f"invalid config key path {name!r}: missing closing quote in property name")
            if rest[index] == '"':
                index += 1
                break
            if rest[index] == "\\" and rest[index + 1 : index + 2] == '"':
                key, index = key + '"', index + 2
            else:
                key, index = key + rest[index], index + 1
        if rest[index : index + 1] != "]":
            raise BadKey(f"invalid config key path {name!r}: missing closing bracket in property access")
        parts.append(key)
        return rest[index + 1 :]
    close = rest.find("]")
    if close < 0:
        raise BadKey(f"invalid config key path {name!r}: missing closing bracket in array index")
    try:
        parts.append(int(rest[1:close]))
    except ValueError:
        raise BadKey(f"invalid config key path {name!r}: invalid array index {rest[1:close]!r}") from None
    return rest[close + 1 :]
