"""Evaluate the few ARM template functions export-arm writes, as Resource Manager would.

resourceId([resourceGroup,] type, names...), extensionResourceId(scopeId, type, names...) and
subscriptionResourceId(type, names...), with string literals ('...', '' for a quote) as arguments,
evaluated for one subscription and resource group. Written from the ARM template function
reference (template-functions-resource.md), independently of aoai/offline/arm.py.
"""

from __future__ import annotations

from typing import Any


class _Parser:
    def __init__(self, text: str, subscription: str, group: str) -> None:
        self.text, self.at = text, 0
        self.subscription, self.group = subscription, group

    def expression(self) -> str:
        if self.text[self.at] == "'":
            return self.literal()
        start = self.at
        while self.text[self.at] != "(":
            self.at += 1
        function = self.text[start : self.at].strip()
        self.at += 1
        args: list[str] = []
        while True:
            self.skip_spaces()
            if self.text[self.at] == ")":
                self.at += 1
                break
            args.append(self.expression())
            self.skip_spaces()
            if self.text[self.at] == ",":
                self.at += 1
        return self.call(function, args)

    def literal(self) -> str:
        self.at += 1
        out = ""
        while True:
            char = self.text[self.at]
            if char == "'" and self.text[self.at + 1 : self.at + 2] == "'":
                out, self.at = out + "'", self.at + 2
            elif char == "'":
                self.at += 1
                return out
            else:
                out, self.at = out + char, self.at + 1

    def skip_spaces(self) -> None:
        while self.text[self.at] == " ":
            self.at += 1

    def call(self, function: str, args: list[str]) -> str:
        if function == "subscriptionResourceId":
            return f"/subscriptions/{self.subscription}/providers/{_path(args[0], args[1:])}"
        if function == "resourceId":
            group = self.group
            if len(args) > 1 and "/" not in args[0]:  # resourceId('rg', 'Ns/type', 'name')
                group, args = args[0], args[1:]
            where = f"/subscriptions/{self.subscription}/resourceGroups/{group}"
            return f"{where}/providers/{_path(args[0], args[1:])}"
        if function == "extensionResourceId":
            return f"{args[0]}/providers/{_path(args[1], args[2:])}"
        raise ValueError(f"export-arm writes no {function}()")


def _path(full_type: str, names: list[str]) -> str:
    namespace, *types = full_type.split("/")
    assert len(types) == len(names), (full_type, names)
    return "/".join([namespace, *(f"{t}/{n}" for t, n in zip(types, names, strict=True))])


def evaluate(value: Any, subscription: str, group: str) -> Any:
    """`value` with every "[...]" string replaced by what ARM evaluates it to."""
    if isinstance(value, dict):
        return {k: evaluate(v, subscription, group) for k, v in value.items()}
    if isinstance(value, list):
        return [evaluate(v, subscription, group) for v in value]
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        return _Parser(value[1:-1], subscription, group).expression()
    return value
