"""Config keys and key paths, parsed the way the Pulumi engine parses them.

Sources (pulumi/pulumi, sdk/go/common):
- resource/config/key.go ParseKey: `<namespace>:<name>`, or the old `<namespace>:config:<name>`;
  anything else is "could not parse ... as a configuration key";
- workspace/config.go parseConfigKey: a key without a colon (in Pulumi.yaml's `config:` or an ESC
  environment's `pulumiConfig`) belongs to the project, `<project>:<key>`;
- resource/config/map.go Get/Set with path=true: the name part is a property path
  (`tags.owner`, `accounts.primary.deployments`, `list[0]`, `["key.with.dots"]`).

What Pulumi accepts silently but no one would mean is refused too, in every layer (stack file,
Pulumi.yaml, ESC environment): a namespace that is nearly ours (`azure_openai`, `azure-opneai`,
`Azure-OpenAI`, a Cyrillic `а`), because Pulumi would hand those values to no one, and one key
given in two forms (`azure-openai:x` and `azure-openai:config:x`), because which one the engine
takes depends on map order.
"""

from __future__ import annotations

import unicodedata

from .errors import NAMESPACE

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


def namespace_suggestion(namespace: str) -> bool:
    """Whether a namespace looks like a misspelling of ours (not just another provider's)."""
    folded = unicodedata.normalize("NFKC", namespace).casefold().replace("_", "-").replace(" ", "-")
    folded = folded.strip("-.")
    # Any other character (a Cyrillic `а`) is one edit away from the ASCII letter it looks like.
    return _distance(folded, NAMESPACE) <= 2


def misspelt_namespace(namespace: str, name: str, *, own: str = "") -> str | None:
    """The message for a key whose namespace is nearly ours; None when it is ours or another's
    (`own`: the project's name, whose namespace is never a misspelling of ours)."""
    if namespace in (NAMESPACE, own) or not namespace_suggestion(namespace):
        return None
    return (
        f"unknown namespace {namespace!r}; did you mean '{NAMESPACE}:{name}'? Pulumi would pass this "
        "value to no one, so it would be ignored"
    )


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one; the optimal-string-alignment form),
    or 3 (more than the two edits asked about) as soon as the lengths differ by more than two: so
    a namespace of any length costs at most its length times the dozen letters of ours."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous_previous[j - 2] + 1)
            current.append(value)
        previous_previous, previous = previous, current
    return previous[-1]


class KeyForms:
    """Remembers the form each key was first written in, to refuse a second form of it."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], str] = {}

    def twice(self, key: tuple[str, str], written: str) -> str | None:
        """The message when `key` was already given in another form in this layer, else None."""
        if key not in self.first:
            self.first[key] = written
            return None
        return (
            f"given twice, as {self.first[key]!r} and {written!r} (Pulumi's legacy 'config:' form, "
            "and a key without a namespace in a project's own config, name the same key); keep one"
        )
