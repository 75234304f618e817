"""The config layers of a stack in the CLI: the project file, `--env-values`, and masking secrets.

Every command that reads a stack's config reads it as `pulumi up` would receive it (see
azure_openai_toolkit.config.layering): the stack file, the ESC environments it imports (when
`--env-values` gives what `esc env open` printed for them) and Pulumi.yaml's project config.
Every one of those files (and stdin) is read by the one bounded reader (config/source.py).

Every command module imports this one when the CLI starts, so it imports only typer and the light
parts of aoai; the toolkit's config modules load inside the functions that use them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .exit_codes import AoaiError, ExitCode
from .project import load_project, project_dir, project_file_in, project_file_of
from .stacks import StackRef, stack_name_of

if TYPE_CHECKING:
    from azure_openai_toolkit.config import ConfigLayers, StackConfig
    from azure_openai_toolkit.config.environments import EnvironmentBlock, OpenedEnvironment
    from azure_openai_toolkit.config.project_config import ProjectConfig

SHOWN = "[secret]"  # what stands for a secret in everything aoai prints (placeholders.SHOWN)
SUBSCRIPTION_KEY = ("azure-native", "subscriptionId")  # the key pulumi-azure-native reads

# Secrets shorter than this are masked in printed text only where they appear quoted, so that a
# short secret ("dev") does not blank out every word that contains it.
_MIN_BARE_SECRET = 6

ENV_VALUES_FLAG = "--env-values"
ENV_VALUES_VARIABLE = "AOAI_ENV_VALUES"
STACK_FIELD = "{stack}"
ENV_VALUES_HELP = (
    "What `esc env open ENV --format detailed` (or `pulumi env open`) printed for the ESC "
    "environment(s) the stack imports: a file, or - for stdin. Repeat in import order for several. "
    "Secrets stay secret: masked in everything aoai prints. Default: $AOAI_ENV_VALUES, for every "
    "stack that imports an environment: a file, a folder holding <stack>.json, or a path with "
    "{stack} in it (envs/{stack}.json)."
)
EnvValuesOption = Annotated[
    list[str] | None,
    # Not typer's envvar=: the variable is read per stack (env_values_of_variable), and ignored for
    # stacks that import nothing, and its errors name the variable, not the flag.
    typer.Option(ENV_VALUES_FLAG, metavar="FILE", help=ENV_VALUES_HELP),
]


def _read_source(name: str, given_by: str) -> tuple[str, str]:
    """(text, label) of one env-values file (or stdin) within the reader's limits, strictly UTF-8.
    AoaiError (exit 2) naming it and what gave it (`given_by`: the flag or the variable) otherwise."""
    from azure_openai_toolkit.config.environments import ENV_VALUES_LIMITS
    from azure_openai_toolkit.config.source import SourceError, read_stream, read_text

    limits = ENV_VALUES_LIMITS
    label = "stdin" if name == "-" else name
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)  # bytes: UTF-8 is checked, not assumed
            text = read_stream(stream, limits) if stream is not None else sys.stdin.read(limits.max_bytes + 1)
        else:
            text = read_text(Path(name), limits)
    except SourceError as error:
        raise AoaiError(f"{given_by} {label}: {error}", ExitCode.INVALID) from None
    return text, label


def read_env_values(
    names: Sequence[str] | None, given_by: str = ENV_VALUES_FLAG
) -> tuple[OpenedEnvironment, ...]:
    """The opened environments of the env-values files, in the order given. AoaiError (exit 2),
    naming `given_by`, if one is bad."""
    from azure_openai_toolkit.config import ConfigError
    from azure_openai_toolkit.config.environments import read_opened_environment

    names = list(names or [])
    if names.count("-") > 1:
        raise AoaiError(f"{given_by}: stdin (-) can be given once")
    opened = []
    for name in names:
        text, label = _read_source(name, given_by)
        try:
            opened.append(read_opened_environment(text, label))
        except ConfigError as error:
            raise AoaiError(f"{given_by} {error}", ExitCode.INVALID) from None
    return tuple(opened)


def with_env_values(stack: StackRef, names: Sequence[str] | None) -> StackRef:
    """`stack` with the environments of --env-values attached; without the flag, those
    $AOAI_ENV_VALUES gives this stack (env_values_of_variable)."""
    if names:
        return replace(stack, environments=read_env_values(names), env_values_from=ENV_VALUES_FLAG)
    return env_values_of_variable(stack)


def env_values_of_variable(stack: StackRef) -> StackRef:
    """`stack` with what $AOAI_ENV_VALUES gives it: nothing when the variable is unset or the stack
    imports no environment; else each of its (whitespace-separated) paths, `{stack}` replaced by the
    stack's name, a folder meaning <folder>/<stack>.json. CI opens each stack's environments once
    and every command of the job finds them. AoaiError (exit 2) naming the variable if a file is
    missing or bad."""
    value = os.environ.get(ENV_VALUES_VARIABLE, "").strip()
    if not value:
        return stack
    block = imports_of(stack.path)
    if block is None or not block.imports:
        return stack  # nothing to open: the variable is meant for the stacks that import some
    from azure_openai_toolkit.config.paths import what_is_at

    given_by = f"{ENV_VALUES_VARIABLE}={value}"
    paths = [_path_for(item, stack, given_by) for item in value.split()]
    for path in paths:
        if what_is_at(path).missing:
            raise AoaiError(
                f"{given_by}: no {path} for stack {stack.name}, which imports ESC environment "
                f"{block.imports_text}; write it with `esc env open {block.imports[-1]} --format detailed "
                f"> {path}`, or unset {ENV_VALUES_VARIABLE}"
            )
    opened = read_env_values([str(p) for p in paths], ENV_VALUES_VARIABLE)
    return replace(stack, environments=opened, env_values_from=ENV_VALUES_VARIABLE)


def _path_for(item: str, stack: StackRef, given_by: str) -> Path:
    """The file one path of $AOAI_ENV_VALUES names for `stack`."""
    from azure_openai_toolkit.config.paths import what_is_at

    if item == "-":
        raise AoaiError(f"{given_by}: stdin (-) cannot come from the variable; pass --env-values - instead")
    path = Path(item.replace(STACK_FIELD, stack.name))
    return path / f"{stack.name}.json" if what_is_at(path).is_dir else path


def imports_of(stack_file: Path) -> EnvironmentBlock | None:
    """The stack file's environment block (None when it imports nothing or cannot be read)."""
    from azure_openai_toolkit.config import ConfigError, open_stack_file
    from azure_openai_toolkit.config.environments import environment_block

    try:
        block, _ = environment_block(open_stack_file(stack_file).environment, stack_file.name)
    except ConfigError:
        return None
    return block


def borrowed_environments(stack: StackRef, other_file: Path) -> tuple[tuple[OpenedEnvironment, ...], str]:
    """`stack`'s --env-values for another stack file (another stack, or this one at a revision):
    used when it imports the same environments, else not, with a note saying so."""
    other = imports_of(other_file)
    if other is None or not other.imports:
        return (), ""
    if stack.env_values_from != ENV_VALUES_FLAG:  # no flag: the variable gives every stack its own
        opened = env_values_of_variable(StackRef(stack_name_of(other_file), other_file)).environments
        if opened:
            return opened, ""
    mine = imports_of(stack.path)
    if stack.environments and mine is not None and mine.imports == other.imports:
        return stack.environments, ""
    unlike = ", not the one(s) --env-values was given for," if stack.environments else ""
    return (), (
        f"{other_file.name} imports ESC environment {other.imports_text}{unlike} and aoai cannot open "
        "it offline: compared without its values"
    )


def project_file(stack_file: Path | None = None) -> Path | None:
    """The Pulumi.yaml a stack file belongs to (project.project_file_of), else the project aoai
    runs in."""
    if stack_file is not None:
        return project_file_of(stack_file)
    return project_file_in(project_dir())


def project_config(stack_file: Path | None = None) -> ProjectConfig | None:
    """The project's config declarations, from the one reading of its Pulumi.yaml (project.py).
    AoaiError (exit 2, naming the file) when Pulumi.yaml is not a usable project file, as for
    every command that reads the project."""
    file = project_file(stack_file)
    return load_project(file.parent).config if file is not None else None


def stack_layers(stack: StackRef, text: str | None = None) -> ConfigLayers:
    """The stack's merged config (`text`: a candidate stack file, not written yet). ConfigError
    when the stack file cannot be read, AoaiError when the project file cannot."""
    from azure_openai_toolkit.config import Problem, resolve_layers

    layers = resolve_layers(
        stack.path, stack.name, project=project_config(stack.path), opened=stack.environments, text=text
    )
    if stack.environments and layers.block is None:
        given_by = stack.env_values_from or ENV_VALUES_FLAG
        layers.problems.append(
            Problem(
                "",
                f"{given_by} was given, but {stack.display} imports no ESC environment (it "
                f"has no environment: list): leave {given_by} out for this stack",
            )
        )
    return layers


def load_config(stack: StackRef, *, allow_auto_on_protected: bool = False) -> StackConfig:
    """The stack's validated config with every layer applied. ConfigError listing every problem."""
    return stack_layers(stack).stack_config(allow_auto_on_protected=allow_auto_on_protected)


def stack_subscription(stack: StackRef) -> str | None:
    """The subscription the stack deploys to, when its merged config says: `azure-native:
    subscriptionId` from the stack file, its ESC environment (an Azure login sets it) or
    Pulumi.yaml, the key pulumi-azure-native reads; None means the one CI or --subscription gives.
    Read from a stack that already validated (an unreadable one names none)."""
    from azure_openai_toolkit.config import ConfigError
    from azure_openai_toolkit.config.environments import UNKNOWN
    from azure_openai_toolkit.config.values import engine_text

    try:
        node = stack_layers(stack).values.get(SUBSCRIPTION_KEY)
    except (ConfigError, AoaiError):
        return None
    if node is None or node.encrypted or node.is_container:
        return None
    value = engine_text(node)
    return value if value and value != UNKNOWN else None


def contract_keys() -> list[str]:
    from azure_openai_toolkit.config import StackConfig

    return [field.alias or name for name, field in StackConfig.model_fields.items()]


def environment_notes(layers: ConfigLayers, given_by: str = ENV_VALUES_FLAG) -> list[str]:
    """What the user should know about the environments of this stack, offline (`given_by`: what
    gave the opened ones, --env-values or AOAI_ENV_VALUES)."""
    from azure_openai_toolkit.config import NAMESPACE

    notes = list(layers.notes)
    if layers.unopened:
        names = ", ".join(layers.unopened)
        keys = layers.may_come_from_environment(contract_keys())
        notes.append(
            f"{layers.stack_file.name} imports ESC environment {names}, which aoai cannot open offline: "
            f"checked without it. It may set or change {NAMESPACE}: {', '.join(keys)}. To check with "
            f"its values: esc env open {layers.unopened[-1]} --format detailed > env.json, then "
            "--env-values env.json"
            + (" (one file per environment, in import order)" if len(layers.unopened) > 1 else "")
        )
    if layers.unevaluated:
        notes.append(
            f"the inline environment of {layers.stack_file.name} computes {', '.join(layers.unevaluated)} "
            "with ESC expressions, which only Pulumi Cloud evaluates: not known offline"
        )
    if layers.opened and layers.block is not None:
        plain_outputs = [env.label for env in layers.opened if not env.detailed]
        if plain_outputs:
            notes.append(
                f"{', '.join(plain_outputs)}: plain `esc env open` output does not mark secrets, so every "
                "value from it is treated as secret and masked; use --format detailed to keep only "
                "ESC's secrets secret"
            )
        if len(layers.opened) != len(layers.block.imports) and layers.block.imports:
            notes.append(
                f"the stack imports {len(layers.block.imports)} environment(s) ({layers.block.imports_text}) "
                f"and {given_by} gave {len(layers.opened)}: they are merged in the order given, as "
                "ESC merges imports"
            )
        for env in layers.opened:
            if env.unknown:
                notes.append(f"{env.label}: ESC reported unknown values for {', '.join(env.unknown)}")
    return notes


def print_notes(stack: StackRef) -> None:
    """The stack's environment notes on stderr (what could not be known offline)."""
    from azure_openai_toolkit.config import ConfigError

    from .console import err

    try:
        notes = environment_notes(stack_layers(stack), stack.env_values_from or ENV_VALUES_FLAG)
    except ConfigError:
        return  # the command reports the unreadable file itself
    for note in notes:
        err.print("[cyan]note:[/] ", end="")
        err.print(note, markup=False, highlight=False)


def plain_values(stack: StackRef) -> frozenset[str]:
    """Every string the stack's merged config holds in plain text (no secure or secret value):
    what export-arm may write even where Pulumi hides it, because the file shows it anyway."""
    from azure_openai_toolkit.config.values import leaves

    return frozenset(
        leaf.value
        for node in stack_layers(stack).values.values()
        for _, leaf in leaves(node)
        if not leaf.secret and isinstance(leaf.value, str)
    )


class Masker:
    """Masks known secret strings (from opened environments) in text and data aoai prints."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    @classmethod
    def of(cls, stacks: Iterable[StackRef]) -> Masker:
        from azure_openai_toolkit.config.values import leaves

        found: set[str] = set()
        for stack in stacks:
            for env in stack.environments:
                for node in env.pulumi_config.values():
                    found |= {str(leaf.value) for _, leaf in leaves(node) if leaf.secret and leaf.value}
        return cls(found)

    def text(self, value: str) -> str:
        for secret in self.secrets:
            if len(secret) >= _MIN_BARE_SECRET:
                value = value.replace(secret, SHOWN)
            else:
                for quote in ("'", '"'):
                    value = value.replace(f"{quote}{secret}{quote}", f"{quote}{SHOWN}{quote}")
        return value

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return SHOWN if value in self.secrets else self.text(value)
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        return value
