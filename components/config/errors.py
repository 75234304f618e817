"""Config problems: one exception type carrying every problem of a file, each with its key path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic.alias_generators import to_camel

from .rules import Key, Violation

NAMESPACE = "azure-openai"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config: where (dotted key path) and what to do about it."""

    path: str
    message: str
    # The key path as parts (map keys may contain dots), and the stack file line when known.
    loc: tuple[str | int, ...] = ()
    line: int | None = None

    def render(self) -> str:
        where = f"{NAMESPACE}:{self.path}" if self.path else NAMESPACE
        at = f" (line {self.line})" if self.line else ""
        return f"{where}: {self.message}{at}"


class ConfigError(Exception):
    """The stack config is invalid. Raised before any resource is registered."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: p.path)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in the stack config"
        return "\n".join([head, *(f"  {p.render()}" for p in self.problems)])


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
