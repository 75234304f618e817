"""A stack's effective config, merged from its layers the way `pulumi up` merges them.

Order and precedence (pulumi/pulumi sdk/go/common/workspace/config.go, mergeConfig; ESC docs
"pulumiConfig > Precedence"; Pulumi docs "Project file reference > config options"):

1. The stack file's `config:` (Pulumi.<stack>.yaml).
2. The stack's ESC environment (`environment:` imports, merged in order, later wins): a key the
   stack file does not set is taken from the environment; a key both set is merged with the
   stack's value winning ("Prefers stack values over env values", JSON merge patch: maps merge
   key by key, anything else the stack's value replaces the environment's whole).
3. Pulumi.yaml's project-level `config:`, key by key in sorted order: a key still unset after 1
   and 2 gets the declaration's default (or value); a project key with neither is missing ("Stack
   'dev' is missing configuration value 'x'"). Project values never merge into a stack's map: a
   stack that sets `tags` replaces the project's `tags` whole. Keys are property paths here
   (Get/Set with path=true), so `tags.owner` sets one entry of `tags`.
4. Typed project declarations then check the merged value: "must be of type 'integer'", and a
   `secret: true` key must be secret ("must be encrypted as it's secret").

Offline limits, said where they apply: an environment aoai cannot open (no `--env-values`) is
reported with the keys it may set; stack-file secrets cannot be decrypted, so their values are
"[secret]" placeholders and are not type-checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .environments import EnvironmentBlock, OpenedEnvironment, environment_block, merged_pulumi_config
from .errors import NAMESPACE, ConfigError, Problem
from .keys import BadKey, KeyPath, parse_key, parse_path, project_key
from .loading import parse_raw, read_stack_document, read_yaml_file, with_lines
from .models import StackConfig
from .project_config import (
    MISSING,
    Declaration,
    ProjectConfig,
    full_type_name,
    project_config_from,
    value_matches,
)
from .values import (
    PROJECT_DEFAULT,
    PROJECT_VALUE,
    STACK,
    Node,
    Origin,
    at_path,
    engine_text,
    from_plain,
    is_secure,
    merge,
    plain,
    secret_plaintexts,
)

Key = tuple[str, str]  # (namespace, name)
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass
class ConfigLayers:
    """The merged config of one stack, every key with where its parts came from."""

    stack_name: str
    stack_file: Path
    project: ProjectConfig | None
    block: EnvironmentBlock | None
    opened: list[OpenedEnvironment]
    values: dict[Key, Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def project_name(self) -> str:
        return self.project.name if self.project else NAMESPACE

    @property
    def unopened(self) -> tuple[str, ...]:
        """Imported environments whose values aoai does not have."""
        return self.block.imports if self.block and not self.opened else ()

    @property
    def unevaluated(self) -> tuple[str, ...]:
        """pulumiConfig keys of an inline definition that only ESC can compute."""
        return self.block.unevaluated if self.block else ()

    def raw(self, namespace: str = NAMESPACE) -> dict[str, str]:
        """What the engine hands the program for `namespace`: {key: string}."""
        return {
            name: engine_text(node) for (ns, name), node in sorted(self.values.items()) if ns == namespace
        }

    def secret_keys(self, namespace: str = NAMESPACE) -> list[str]:
        """Keys of `namespace` whose value is secret, in whole or in part (the program's secret keys)."""
        return [
            name for (ns, name), node in sorted(self.values.items()) if ns == namespace and is_secure(node)
        ]

    def secret_values(self) -> set[str]:
        """Known secret strings (from opened environments), to be masked wherever aoai prints."""
        found: set[str] = set()
        for node in self.values.values():
            found |= secret_plaintexts(node)
        return found

    def origin_at(self, namespace: str, loc: KeyPath) -> Origin | None:
        """Where the value at `namespace:loc` (or its deepest existing part) came from."""
        if not loc or not isinstance(loc[0], str) or (namespace, loc[0]) not in self.values:
            return None
        node = self.values[(namespace, loc[0])]
        for depth in range(len(loc), 0, -1):
            found = at_path(node, loc[1:depth])
            if found is not None:
                return found.origin
        return node.origin

    def may_come_from_environment(self, keys: Iterable[str], namespace: str = NAMESPACE) -> list[str]:
        """Of `keys`, those an unopened environment could still set: the ones the stack file does
        not set (a project default loses to an environment), plus maps it does set (they merge)."""
        if not self.unopened and not self.unevaluated:
            return []
        result = []
        for key in keys:
            node = self.values.get((namespace, key))
            if node is None or node.origin.layer != STACK or isinstance(node.value, dict):
                result.append(key)
        return result

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Problems of the stack contract with the file and line their value came from."""
        located: list[Problem] = []
        stack_problems: list[Problem] = []
        for problem in problems:
            origin = self.origin_at(problem.namespace, problem.loc)
            if origin is None or origin.layer == STACK:
                stack_problems.append(problem)
            elif origin.layer in (PROJECT_VALUE, PROJECT_DEFAULT) and self.project is not None:
                located.append(replace(problem, file=origin.source, line=self.project.lines.get(origin.key)))
            else:
                located.append(replace(problem, file=origin.label()))
        return located + with_lines(self.stack_file, stack_problems)

    def stack_config(self, *, allow_auto_on_protected: bool = False) -> StackConfig:
        """The validated contract. ConfigError with every problem, engine and contract, located."""
        contract: list[Problem] = []
        config = None
        try:
            config = parse_raw(
                self.raw(), str(self.stack_file), allow_auto_on_protected=allow_auto_on_protected
            )
        except ConfigError as error:
            contract = self.locate(error.problems)
        problems = self.problems + [self._with_environment_hint(p) for p in contract]
        if problems or config is None:
            raise ConfigError(str(self.stack_file), problems)
        return config

    def _with_environment_hint(self, problem: Problem) -> Problem:
        """A value the stack file does not set, or a required part of a map it sets, may come from
        the environment aoai could not open."""
        if not (self.unopened or self.unevaluated) or problem.namespace != NAMESPACE or not problem.loc:
            return problem
        node = self.values.get((NAMESPACE, str(problem.loc[0])))
        # A stack map merges with the environment's: a part missing from it may come from there.
        merges = node is not None and isinstance(node.value, dict) and problem.message.startswith("required")
        if node is not None and node.origin.layer == STACK and not merges:
            return problem
        where = ", ".join(self.unopened) or "the inline environment definition"
        return replace(
            problem,
            message=f"{problem.message} (it may come from ESC environment {where}, which aoai cannot "
            "open offline: pass --env-values with what `esc env open ENV --format detailed` prints)",
        )


def _adjusted(value: Any) -> Any:
    """A primitive set below the top level by path: "true"/"false" become booleans and integer text
    numbers (map.go adjustObjectValue), because the engine formats the project value as text first."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text in ("true", "false"):
        return text == "true"
    if _INTEGER.fullmatch(text) and not (len(text.lstrip("+-")) > 1 and text.lstrip("+-").startswith("0")):
        return int(text)
    return text


def _set_path(root: Node | None, path: KeyPath, leaf: Node) -> Node:
    """`root` with `leaf` set at `path` (containers created on the way). ValueError when a part
    of the path is not a container of the right kind."""
    if not path:
        return leaf
    head, rest = path[0], path[1:]
    if root is None or not root.is_container:
        container: Any = {} if isinstance(head, str) else []
        root = Node(container, leaf.origin)
    if isinstance(head, str):
        if not isinstance(root.value, dict):
            raise ValueError(f"a map was expected for key {head!r}")
        children = dict(root.value)
        children[head] = _set_path(children.get(head), rest, leaf)
        return Node(children, root.origin)
    if not isinstance(root.value, list) or head > len(root.value):
        raise ValueError(f"an array was expected for index {head}")
    items = list(root.value)
    if head == len(items):
        items.append(_set_path(None, rest, leaf))
    else:
        items[head] = _set_path(items[head], rest, leaf)
    return Node(items, root.origin)


class _Merger:
    def __init__(self, layers: ConfigLayers) -> None:
        self.layers = layers

    def engine_problem(
        self, key: Key, message: str, *, file: str | None = None, line: int | None = None
    ) -> None:
        namespace, name = key
        path = parse_path_or_name(name)
        self.layers.problems.append(Problem(name, message, path, line, namespace=namespace, file=file))

    def stack_values(self, config: dict[Any, Any]) -> None:
        origin = Origin(STACK, self.layers.stack_file.name)
        texts = _scalar_texts(self.layers.stack_file)
        for raw_key, value in config.items():
            try:
                key = parse_key(str(raw_key))
            except BadKey as error:
                self.layers.problems.append(
                    Problem(str(raw_key), str(error), namespace="", file=origin.source)
                )
                continue
            if value is not None and not isinstance(value, (dict, list)) and str(raw_key) in texts:
                value = texts[str(raw_key)]  # a top-level scalar reaches the program as written
            self.layers.values[key] = from_plain(value, origin)

    def environment_values(self) -> None:
        project = self.layers.project_name
        for raw_key, node in merged_pulumi_config(self.layers.opened, self.layers.block).items():
            try:
                key = project_key(project, raw_key)
            except BadKey as error:
                self.layers.problems.append(
                    Problem(raw_key, str(error), namespace="", file=node.origin.label())
                )
                continue
            stack_value = self.layers.values.get(key)
            self.layers.values[key] = merge(stack_value, node) if stack_value is not None else node

    def project_values(self, project: ProjectConfig) -> None:
        for declaration in sorted(project.declarations, key=lambda d: d.key):
            try:
                path = parse_path(declaration.name)
            except BadKey as error:
                self.layers.problems.append(project.problem(declaration.key, str(error)))
                continue
            key = (declaration.namespace, str(path[0]))
            found = self.layers.values.get(key)
            if found is not None and at_path(found, path[1:]) is not None:
                continue
            if declaration.given is MISSING:
                if declaration.namespace == project.name:
                    stack = self.layers.stack_name
                    self.engine_problem(
                        (declaration.namespace, declaration.name),
                        f"Stack '{stack}' is missing configuration value '{declaration.key}'",
                        file=project.file.name,
                        line=project.lines.get(declaration.key),
                    )
                continue
            layer = PROJECT_DEFAULT if declaration.default is not MISSING else PROJECT_VALUE
            origin = Origin(layer, project.file.name, declaration.key)
            given = declaration.given
            leaf = from_plain(
                _adjusted(given) if len(path) > 1 and not isinstance(given, (dict, list)) else given, origin
            )
            try:
                self.layers.values[key] = _set_path(found if len(path) > 1 else None, path[1:], leaf)
            except ValueError as error:
                self.layers.problems.append(project.problem(declaration.key, str(error)))

    def check_types(self, project: ProjectConfig) -> None:
        """validateStackConfigValues: typed project keys against the merged value."""
        for declaration in sorted(project.declarations, key=lambda d: d.key):
            if declaration.type is None:
                continue
            node = self._value_of(declaration)
            if node is None:
                continue
            full = (declaration.namespace, declaration.name)
            line = project.lines.get(declaration.key)
            if declaration.secret and not is_secure(node):
                self.engine_problem(
                    full,
                    f"Stack '{self.layers.stack_name}' with configuration key '{declaration.key}' must be "
                    "encrypted as it's secret",
                    file=project.file.name,
                    line=line,
                )
            if node.encrypted:
                self.layers.notes.append(
                    f"{declaration.full_key} is encrypted in the stack file: its type "
                    f"({declaration.type}) is checked by `pulumi up`, not offline"
                )
                continue
            content = plain(node, reveal=True) if node.is_container else engine_text(node)
            if not value_matches(declaration.type, declaration.items, content):
                self.engine_problem(
                    full,
                    f"Stack '{self.layers.stack_name}' with configuration key '{declaration.key}' must be "
                    f"of type '{full_type_name(declaration.type, declaration.items)}'",
                    file=project.file.name,
                    line=line,
                )

    def _value_of(self, declaration: Declaration) -> Node | None:
        try:
            path = parse_path(declaration.name)
        except BadKey:
            return None
        found = self.layers.values.get((declaration.namespace, str(path[0])))
        return at_path(found, path[1:]) if found is not None else None


def _scalar_texts(stack_file: Path) -> dict[str, str]:
    """The source text of each top-level config scalar: the engine reads a stack file's top-level
    value into a string (config.Value), so `True` stays "True" and `1.10` stays "1.10"."""
    try:
        document = YAML(typ="base", pure=True).load(stack_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        return {}
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict):
        return {}
    return {str(key): value for key, value in config.items() if isinstance(value, str)}


def parse_path_or_name(name: str) -> KeyPath:
    try:
        return parse_path(name)
    except BadKey:
        return (name,)


def read_project_config(file: Path) -> ProjectConfig:
    """Pulumi.yaml's name and config section. ConfigError when the file cannot be read at all."""
    return project_config_from(read_yaml_file(file), file)


def resolve_layers(
    stack_file: Path,
    stack_name: str,
    *,
    project: ProjectConfig | None = None,
    opened: Sequence[OpenedEnvironment] = (),
) -> ConfigLayers:
    """Merge the stack file, its environment (when `opened`) and the project config, as Pulumi does.

    ConfigError when the stack file is missing or not a stack file; every other problem Pulumi
    would stop at is in `problems`.
    """
    document = read_stack_document(stack_file)
    block, block_problems = environment_block(document.get("environment"), stack_file.name)
    layers = ConfigLayers(stack_name, stack_file, project, block, list(opened))
    layers.problems.extend(block_problems)
    if project is not None:
        layers.problems.extend(project.problems)
    merger = _Merger(layers)
    merger.stack_values(document.get("config") or {})
    merger.environment_values()
    if project is not None:
        merger.project_values(project)
        merger.check_types(project)
    return layers


def load_layered_config(
    stack_file: Path,
    stack_name: str,
    *,
    project: ProjectConfig | None = None,
    opened: Sequence[OpenedEnvironment] = (),
    allow_auto_on_protected: bool = False,
) -> StackConfig:
    """The validated config a stack gets under `pulumi up`. ConfigError listing every problem."""
    layers = resolve_layers(stack_file, stack_name, project=project, opened=opened)
    return layers.stack_config(allow_auto_on_protected=allow_auto_on_protected)
