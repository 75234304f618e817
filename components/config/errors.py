"""Config problems: one exception type carrying every problem of a file, each with its key path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic.alias_generators import to_camel

from .rules import Key, Violation

NAMESPACE = "azure-openai"

# Bounds on what a report of one file may print, whatever the file holds: a message quotes at most
# MAX_MESSAGE characters, and at most MAX_PROBLEMS problems are listed (then a count of the rest).
MAX_MESSAGE = 2000
MAX_PROBLEMS = 200


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text`, cut to `limit` characters with the count of what was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config: where (dotted key path) and what to do about it."""

    path: str
    message: str
    # The key path as parts (map keys may contain dots), and the stack file line when known.
    loc: tuple[str | int, ...] = ()
    line: int | None = None
    # Where, when it is not a key path of the project namespace: the whole config key as written
    # (`azure_openai:x`, `azure-native:location`) or a part of a file (`environment`, `config.tags`).
    key: str | None = None
    column: int | None = None
    # The file the value came from when it is not the stack file (Pulumi.yaml, an ESC environment).
    file: str | None = None

    def __post_init__(self) -> None:
        # Messages quote values from the file; however long those are, a message is bounded.
        object.__setattr__(self, "message", shorten(self.message))

    @property
    def location(self) -> str:
        """Where, as the stack file spells it: `azure-openai:accounts.primary.name`; "" for the
        file as a whole."""
        if self.key is not None:
            return self.key
        return f"{NAMESPACE}:{self.path}" if self.path else ""

    @property
    def ours(self) -> bool:
        """Whether the problem is at a key path of the project namespace (the stack contract)."""
        return self.key is None and bool(self.loc)

    def render(self) -> str:
        column = f", column {self.column}" if self.line and self.column else ""
        if not self.location:  # the file as a whole: where in it comes first
            at = f"line {self.line}{column}" if self.line else ""
            where = ", ".join(part for part in (self.file or "", at) if part)
            return f"{where}: {self.message}" if where else self.message
        if self.file:
            at = f" ({self.file}, line {self.line}{column})" if self.line else f" (from {self.file})"
        else:
            at = f" (line {self.line})" if self.line else ""
        return f"{self.location}: {self.message}{at}"

    def sort_key(self) -> tuple[str, str, str, int, str]:
        # Stable whatever order the checks ran in: by key path, then file, line and message.
        return (self.key or "", self.path, self.file or "", self.line or 0, self.message)


def ordered(problems: list[Problem]) -> list[Problem]:
    """Sorted and without repeats: the same file always reports the same list."""
    return sorted(set(problems), key=Problem.sort_key)


class ConfigError(Exception):
    """The stack config is invalid. Raised before any resource is registered."""

    subject = "the stack config"  # what the problems are in, for the message

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = ordered(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in {self.subject}"
        lines = [f"  {p.render()}" for p in self.problems[:MAX_PROBLEMS]]
        if count > MAX_PROBLEMS:
            lines.append(f"  ... and {count - MAX_PROBLEMS:,} more (aoai validate --json lists them all)")
        return "\n".join([head, *lines])


class RuleViolations(ValueError):
    """Raised by cross-field validators to report several problems, each at its own sub-path.

    pydantic keeps the exception in the error's context, so the formatter can expand it into
    one Problem per violation instead of one message at the model's location.
    """

    def __init__(self, violations: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.violations = violations
        super().__init__("; ".join(msg for _, msg in violations))


class ViolationCollector:
    """Collects (relative path, message) pairs in a validator and raises them all at once."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[str | int, ...], str]] = []

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.items.append((path, message))

    def extend(self, violations: Iterable[Violation], prefix: tuple[str | int, ...] = ()) -> None:
        """Add violations of the shared rules (rules.py), their field names as stack-file keys."""
        for path, message in violations:
            spelled = tuple(p if isinstance(p, (int, Key)) else to_camel(p) for p in path)
            self.add((*prefix, *spelled), message)

    def raise_if_any(self) -> None:
        if self.items:
            raise RuleViolations(self.items)
