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
offline placeholders (placeholders.py), shown as "[secret]" and not type-checked.

Every file is read by the one bounded reader (source.py): the stack file through stack_file.py,
Pulumi.yaml through project_config.py, `esc env open` output through environments.py. The merged
`azure-openai:` namespace becomes one RawConfig (loading.py) validated in one pass; each problem
then points to the file and line its value came from (`locate`). Secrets meet here too: a secret
of any layer (a stack file's `secure:`, a value ESC marks secret) may only stand where the
contract allows one (secrets.py), and the program gets the top-level keys holding one as secret
keys, as the engine marks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .environments import EnvironmentBlock, OpenedEnvironment, environment_block, foreign_outputs
from .errors import NAMESPACE, ConfigError, Problem
from .keys import BadKey, KeyForms, KeyPath, misspelt_namespace, parse_path, project_key
from .loading import RawConfig, validate_raw, with_lines_from
from .models import StackConfig
from .project_config import (
    MISSING,
    Declaration,
    ProjectConfig,
    full_type_name,
    value_matches,
)
from .reporting import Loc, render_path
from .secrets import PROVIDER_CREDENTIALS, not_allowed_message, secret_allowed
from .stack_file import StackFile, open_stack_file, stack_file_of_text, stack_name_of
from .validation import Validation
from .values import (
    PROJECT_DEFAULT,
    PROJECT_VALUE,
    STACK,
    Node,
    Origin,
    as_secret,
    at_path,
    engine_text,
    from_plain,
    is_secure,
    leaves,
    merge,
    plain,
    secret_plaintexts,
)

Key = tuple[str, str]  # (namespace, name)
_PROVIDER_NAMESPACES = ("azure-native", "azure", "pulumi")
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass
class ConfigLayers:
    """The merged config of one stack, every key with where its parts came from."""

    stack_name: str
    stack: StackFile
    project: ProjectConfig | None
    block: EnvironmentBlock | None
    opened: list[OpenedEnvironment]
    values: dict[Key, Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def stack_file(self) -> Path:
        return self.stack.path

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
        """Keys of `namespace` whose value is secret, in whole or in part: what the engine marks
        secret for the program (a top-level key, whatever part of it is secret)."""
        if namespace != NAMESPACE:
            return [
                name
                for (ns, name), node in sorted(self.values.items())
                if ns == namespace and is_secure(node)
            ]
        return sorted({str(loc[0]) for loc, _ in self.secrets()})

    def secrets(self) -> list[tuple[Loc, Node]]:
        """Every secret of our namespace at its exact key path (offline, more than the engine's
        top-level marks). A string of `esc env open` output without secret marks counts only where
        a secret is allowed: the most ESC could have marked there (it is masked everywhere)."""
        found = []
        for (ns, name), node in sorted(self.values.items()):
            if ns != NAMESPACE:
                continue
            for path, leaf in leaves(node):
                loc = (name, *path)
                if leaf.secret and (not leaf.origin.unmarked or secret_allowed(StackConfig, loc)):
                    found.append((loc, leaf))
        return found

    def secret_problems(self) -> list[Problem]:
        """A secret of another layer (ESC) where the contract allows none, at the file it came
        from (the stack file's own are judged where they stand: stack_file.py)."""
        problems = [
            Problem(render_path(loc), not_allowed_message(StackConfig, loc), loc)
            for loc, leaf in self.secrets()
            if leaf.origin.layer != STACK and not secret_allowed(StackConfig, loc)
        ]
        return self.locate(problems)

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
        """Problems of the stack contract with the file and line their value came from (the
        stack file's own are named by the report, so they get only their line)."""
        located: list[Problem] = []
        for problem in problems:
            if problem.file or problem.line or not problem.ours:
                located.append(problem)
                continue
            origin = self.origin_at(NAMESPACE, problem.loc)
            if origin is None or origin.layer == STACK:
                located += with_lines_from(self.stack.lines, [problem])
            elif origin.layer in (PROJECT_VALUE, PROJECT_DEFAULT) and self.project is not None:
                located.append(replace(problem, file=origin.source, line=self.project.lines.get(origin.key)))
            else:
                located.append(replace(problem, file=origin.label()))
        return located

    def raw_config(self) -> RawConfig:
        """The merged `azure-openai:` config as the program would get it, with every problem the
        layers found (the engine's, and secrets where none may be)."""
        return RawConfig(
            values=self.raw(),
            source=str(self.stack_file),
            secret_keys=self.secret_keys(),
            # Stack values win at every key path they set, so the stack file's texts still hold.
            scalar_text=self.stack.scalar_text,
            problems=[*self.problems, *self.secret_problems()],
            secrets_judged=True,
        )

    def validate(self, *, allow_auto_on_protected: bool = False) -> Validation:
        """Every problem of the merged config in one pass, each at the file and line it came from."""
        result = validate_raw(self.raw_config(), allow_auto_on_protected=allow_auto_on_protected)
        result.problems = [
            self._with_namespace_hint(self._with_environment_hint(p)) for p in self.locate(result.problems)
        ]
        return result

    def stack_config(self, *, allow_auto_on_protected: bool = False) -> StackConfig:
        """The validated contract. ConfigError with every problem, engine and contract, located."""
        result = self.validate(allow_auto_on_protected=allow_auto_on_protected)
        if result.config is None:
            raise ConfigError(str(self.stack_file), result.problems)
        return result.config

    def _with_namespace_hint(self, problem: Problem) -> Problem:
        """A required key that is set, but in another namespace (`myproj:namePrefix`, or
        `namePrefix:` in the Pulumi.yaml of a project not named azure-openai): Pulumi hands it to
        no one, so say where it is and what to write."""
        if not problem.ours or len(problem.loc) != 1 or not problem.message.startswith("required"):
            return problem
        name = str(problem.loc[0])
        for (namespace, other), node in sorted(self.values.items()):
            # A provider's own key of that name (azure-native:location) is meant for the provider.
            if other != name or namespace in (NAMESPACE, *_PROVIDER_NAMESPACES):
                continue
            origin = node.origin
            bare = origin.layer in (PROJECT_VALUE, PROJECT_DEFAULT) and ":" not in origin.key
            where = origin.label()
            if bare:
                where += f", where a key without a namespace belongs to the project, {namespace}"
            return replace(
                problem,
                message=f"{problem.message.rstrip('.')}; {namespace}:{name} is set ({where}), but the "
                f"toolkit reads {NAMESPACE}:{name}: write the key as {NAMESPACE}:{name}",
            )
        return problem

    def _with_environment_hint(self, problem: Problem) -> Problem:
        """A value the stack file does not set, or a required part of a map it sets, may come from
        the environment aoai could not open."""
        if not (self.unopened or self.unevaluated) or not problem.ours:
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
        if namespace == NAMESPACE:
            loc = parse_path_or_name(name)
            problem = Problem(render_path(loc), message, loc, line, file=file)
        else:
            problem = Problem("", message, line=line, key=f"{namespace}:{name}", file=file)
        self.layers.problems.append(problem)

    def stack_values(self) -> None:
        stack = self.layers.stack
        origin = Origin(STACK, stack.path.name)
        for key, value in stack.config.items():
            # A top-level scalar reaches the program as written (`True`, `1.10`).
            self.layers.values[key] = from_plain(stack.written.get(key, value), origin)

    def environment_values(self) -> None:
        """The anonymous environment's pulumiConfig (imports merged in order, a later one winning
        and maps merging key by key, then the inline definition's literal values), under the
        stack's values."""
        layers = self.layers
        sources = [env.pulumi_config for env in layers.opened] + (
            [layers.block.inline] if layers.block else []
        )
        merged: dict[Key, Node] = {}
        for config in sources:
            forms = KeyForms()
            for raw_key, node in config.items():
                where = node.origin.label()
                try:
                    key = project_key(layers.project_name, raw_key)
                except BadKey as error:
                    layers.problems.append(Problem("", str(error), key=raw_key, file=where))
                    continue
                refused = misspelt_namespace(*key, own=layers.project_name) or forms.twice(key, raw_key)
                if refused:
                    layers.problems.append(Problem("", refused, key=raw_key, file=where))
                    continue
                merged[key] = merge(node, merged[key]) if key in merged else node
        for key, node in merged.items():
            stack_value = layers.values.get(key)
            layers.values[key] = merge(stack_value, node) if stack_value is not None else node

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


def parse_path_or_name(name: str) -> KeyPath:
    try:
        return parse_path(name)
    except BadKey:
        return (name,)


def resolve_layers(
    stack_file: Path,
    stack_name: str,
    *,
    project: ProjectConfig | None = None,
    opened: Sequence[OpenedEnvironment] = (),
    text: str | None = None,
) -> ConfigLayers:
    """Merge the stack file (or `text`, a candidate for it not written yet), its environment (when
    `opened`) and the project config, as Pulumi does.

    ConfigError when the stack file is missing or not a stack file; every other problem Pulumi
    would stop at (and every problem of the stack file's keys) is in `problems`.
    """
    stack = open_stack_file(stack_file) if text is None else stack_file_of_text(text, stack_file)
    block, block_problems = environment_block(stack.environment, stack_file.name, stack.environment_line)
    layers = ConfigLayers(stack_name, stack, project, block, list(opened))
    layers.problems.extend(stack.problems)
    layers.problems.extend(block_problems)
    layers.problems.extend(foreign_outputs(block, layers.opened, stack_file.name))
    if project is not None:
        layers.problems.extend(project.problems)
    merger = _Merger(layers)
    merger.stack_values()
    merger.environment_values()
    if project is not None:
        merger.project_values(project)
        merger.check_types(project)
    for key in PROVIDER_CREDENTIALS & layers.values.keys():  # masked wherever aoai prints them
        layers.values[key] = as_secret(layers.values[key])
    return layers


def read_stack_file(
    path: Path | str, *, project: ProjectConfig | None = None, opened: Sequence[OpenedEnvironment] = ()
) -> tuple[dict[str, str], list[str]]:
    """What the engine hands the program for the `azure-openai:` namespace of a stack (the stack
    file, with `project` config and `opened` environments when given), and its secret keys.

    Raises ConfigError (with the file name) when the file cannot be read as a stack file.
    """
    layers = resolve_layers(Path(path), stack_name_of(Path(path)), project=project, opened=opened)
    return layers.raw(), layers.secret_keys()


def load_stack_file(
    path: Path | str,
    *,
    project: ProjectConfig | None = None,
    opened: Sequence[OpenedEnvironment] = (),
    allow_auto_on_protected: bool = False,
) -> StackConfig:
    """The validated config a stack gets under `pulumi up` (its layers merged, as resolve_layers).
    Raises ConfigError listing every problem with its file and line."""
    layers = resolve_layers(Path(path), stack_name_of(Path(path)), project=project, opened=opened)
    return layers.stack_config(allow_auto_on_protected=allow_auto_on_protected)
