"""`aoai new-env`: a new stack file made from an existing one, validated before it is written."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..console import err, out
from ..exit_codes import AoaiError, ExitCode
from ..layers import EnvValuesOption, with_env_values
from ..stacks import StackRef, all_stacks, resolve_stack, stack_path

if TYPE_CHECKING:
    from azure_openai_toolkit.config import Problem, StackConfig

    from ..stack_copy import DerivedStack


def _created_names(config: StackConfig) -> dict[tuple[str, ...], tuple[str, str]]:
    """Names that must be unique across stacks: {key path: (kind, value)}."""
    names: dict[tuple[str, ...], tuple[str, str]] = {}
    for key in config.accounts:
        subdomain = config.subdomain(key)
        if subdomain is not None:
            names[("accounts", key, "customSubdomain")] = ("subdomain", subdomain.lower())
    if not config.resource_group.existing:
        names[("resourceGroup", "name")] = ("resource group", config.resource_group_name.lower())
    return names


def collisions_with_other_stacks(config: StackConfig, target: StackRef) -> list[Problem]:
    """Subdomains (globally unique in Azure) and created resource groups another stack already has."""
    from azure_openai_toolkit.config import ConfigError, Problem
    from azure_openai_toolkit.config.paths import real_path

    from ..layers import borrowed_environments, load_config

    taken: dict[tuple[str, str], str] = {}
    for other in all_stacks():
        if real_path(other.path) == real_path(target.path):
            continue
        try:
            opened, _ = borrowed_environments(target, other.path)
            other_config = load_config(StackRef(other.name, other.path, opened), allow_auto_on_protected=True)
        except ConfigError:
            continue  # `aoai validate --all` reports broken stacks; they cannot own names here
        for name in _created_names(other_config).values():
            taken.setdefault(name, f"stack {other.name} ({other.display})")
    problems = []
    for path, (kind, value) in _created_names(config).items():
        owner = taken.get((kind, value))
        if owner is None:
            continue
        field = ".".join(path)
        if kind == "subdomain":
            fix = (
                f"subdomains are globally unique in Azure: --set {field}=<unique-name> (or choose "
                "another environment)"
            )
        else:
            fix = (
                "a stack deletes the group it created on destroy, with the other stack's resources "
                f"in it: --set {field}=<new-name>, or --set resourceGroup.existing=true to share it"
            )
        problems.append(Problem(field, f"{kind} {value!r} is already used by {owner}; {fix}", loc=path))
    return problems


def refuse_if_invalid(
    target: StackRef,
    text: str | None = None,
    candidate: Path | None = None,
    derived: DerivedStack | None = None,
) -> None:
    """AoaiError (exit 2) with every problem when the new stack (its `text`, or the `candidate`
    file the writer made) would be invalid or take another stack's names. A problem where the
    copy (`derived`) left out a secure value of its source says how to give it."""
    from azure_openai_toolkit.config import ConfigError

    from ..stack_report import check_stack

    stack = replace(target, path=candidate or target.path)
    report = check_stack(stack, text=text)
    problems = list(report.problems)
    if report.config is not None and report.layers is not None:
        problems += report.layers.locate(collisions_with_other_stacks(report.config, target))
    if derived is not None:
        problems = [_secret_hint(problem, derived) for problem in problems]
    if problems:
        raise AoaiError(
            f"{target.display} not written: the new stack would be invalid\n"
            f"{ConfigError(target.display, problems)}",
            ExitCode.INVALID,
        )


def _secret_hint(problem: Problem, derived: DerivedStack) -> Problem:
    """The problem, told how to give a secure value that was not copied and is missing there:
    the value itself (a missing key) or an item of the list it is about."""
    for secret in derived.dropped_secrets:
        loc = secret.loc
        if loc is None or not problem.loc or problem.loc not in (loc, loc[:-1]):
            continue
        hint = (
            f"; stack {derived.source.name} has a secure value at {secret.where}, which is not "
            f"copied: give it with --set {shlex.quote(f'{secret.where}=<value>')} (written in "
            f"plain text), then, after `pulumi stack init {derived.name}`, encrypt it with "
            f"{secret.set_command(derived.name)}"
        )
        return replace(problem, message=problem.message.rstrip(".") + hint)
    return problem


def _validated_writer(target: StackRef, derived: DerivedStack) -> Callable[[Path], None]:
    def accept(candidate: Path) -> None:
        refuse_if_invalid(target, candidate=candidate, derived=derived)

    return accept


def _report(derived: DerivedStack, target: StackRef, written: bool, as_json: bool) -> None:
    if as_json:
        report = {
            "stack": derived.name,
            "path": target.display,
            "from": derived.source.name,
            "environment": derived.environment,
            "written": written,
            "changes": derived.changes,
            "notes": derived.notes,
        }
        if not written:
            report["text"] = derived.text
        out.print_json(json.dumps(report))
        return
    stream = err if not written else out
    verb = "created" if written else "would create"
    stream.print(f"[green]✓[/] {verb} {target.display} from {derived.source.display}", soft_wrap=True)
    for change in derived.changes:
        stream.print(f"    {change}", markup=False, soft_wrap=True)
    for note in derived.notes:
        stream.print(f"    [yellow]note:[/] {note}", soft_wrap=True, highlight=False)
    if written:
        stream.print(
            f"next: aoai plan --stack {derived.name}, then `pulumi stack init {derived.name}` "
            "(with the secrets provider of your backend) and `pulumi preview`",
            soft_wrap=True,
            markup=False,
        )


def new_env(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name of the new stack (and its environment).")],
    source: Annotated[
        str,
        typer.Option("--from", "-f", metavar="STACK", help="Existing stack to copy (name or stack file)."),
    ],
    location: Annotated[
        str | None,
        typer.Option(
            "--location",
            "-l",
            metavar="REGION",
            help="Move the source's home region (and everything in it) to REGION.",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY.PATH=VALUE",
            help="Change a value, like `pulumi config set --path` (repeatable): true/false become "
            "booleans, integers numbers, the rest strings.",
        ),
    ] = None,
    set_string: Annotated[
        list[str] | None,
        typer.Option(
            "--set-string",
            metavar="KEY.PATH=VALUE",
            help='Like --set, but the value always stays a string (e.g. version="1").',
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and print the new stack file; write nothing.")
    ] = False,
    keep_inherited: Annotated[
        bool,
        typer.Option(
            "--keep-inherited",
            help="Keep values Pulumi.yaml's project config or the ESC environment already give "
            "(by default the new file leaves them out and holds only what differs).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report instead of text.")] = False,
    env_values: EnvValuesOption = None,
) -> None:
    """Create the stack file Pulumi.NAME.yaml from an existing stack, validated before writing.

    It goes in the project's stackConfigDir, next to the other stack files.

    The copy keeps the source's comments and formatting. Its environment becomes NAME (override
    with --set environment=...), and names that must be unique are made unique: explicit account
    `name`/`customSubdomain` values and a created resource group's `name` get the source's
    environment replaced by the new one (contoso-prod-swc -> contoso-staging-swc); one that does
    not contain it is removed, so the default <namePrefix>-<environment>-<key> applies.
    `restore: true`, secure values and the source's secrets-provider keys are not copied: each
    secure value left out (at any depth, list items too) is noted with the `pulumi config set
    --secret` command that sets it again, and a refusal where one is needed says how to give it.

    --location REGION moves the home region (azure-openai:location, else the resource group's,
    else the first pinned account's): that setting, the resource group and every account in the
    home region move to REGION; their private endpoints stay in the home region (their subnet's);
    accounts in other regions (a failover partner) and `location: auto` ones stay as they are.

    --set and --set-string apply last, in order, with Pulumi's path syntax (keys without a
    namespace are azure-openai: keys).

    The new file keeps the source's `environment:` imports and holds only what differs: a value
    Pulumi.yaml's project config or the ESC environment (with --env-values) already gives the
    stack is left out (--keep-inherited keeps it). Validation uses the merged config.

    The result must pass `aoai validate`, and its subdomains and created resource group must
    not belong to another stack of the project; otherwise nothing is written. An existing file is
    never overwritten.

    Exit code 0 when written (or valid with --dry-run), 2 when the name is taken, the usage is
    wrong or the new stack would be invalid.

    Examples:

      aoai new-env staging --from prod

      aoai new-env dev-us --from dev --location eastus2

      aoai new-env test --from dev --set accounts.primary.deployments.chat.capacity=5 \\
        --set-string accounts.primary.deployments.embeddings.version=1
    """
    from ..config_path import parse_assignment
    from ..safe_write import write_file
    from ..stack_copy import derive_stack
    from ..stack_trim import drop_inherited

    assignments = [parse_assignment(text) for text in set_ or []]
    assignments += [parse_assignment(text, as_string=True) for text in set_string or []]
    source_ref = with_env_values(resolve_stack(source), env_values)
    target = replace(source_ref, name=name, path=stack_path(name))
    derived = derive_stack(
        source_ref,
        name,
        location=location,
        assignments=assignments,
        command=shlex.join(
            ["aoai", "new-env", name, "--from", source_ref.name, *_options(location, set_, set_string)]
        ),
        inherited_location=_inherited_location(source_ref),
    )
    if not keep_inherited:
        drop_inherited(derived, target, source_ref.environments)
    if target.path.exists():
        raise AoaiError(f"{target.display} already exists; choose another name or delete it first")
    if dry_run:
        refuse_if_invalid(target, text=derived.text, derived=derived)  # checked as written, nothing written
        if not as_json:
            sys.stdout.write(derived.text)
        _report(derived, target, written=False, as_json=as_json)
        return
    with err.status(f"validating {target.display} ..."):
        write_file(
            target.path,
            derived.text,
            accept=_validated_writer(target, derived),
            overwrite=False,
            like=source_ref.path,
            newline=derived.newline,
        )
    _report(derived, target, written=True, as_json=as_json)


def _inherited_location(source: StackRef) -> str | None:
    """The source's azure-openai:location when a layer other than its stack file sets it."""
    from azure_openai_toolkit.config import NAMESPACE, ConfigError
    from azure_openai_toolkit.config.values import STACK, engine_text

    from ..layers import stack_layers

    try:
        node = stack_layers(source).values.get((NAMESPACE, "location"))
    except ConfigError:
        return None
    return engine_text(node) if node is not None and node.origin.layer != STACK else None


def _options(location: str | None, set_: list[str] | None, set_string: list[str] | None) -> list[str]:
    options = ["--location", location] if location else []
    for text in set_ or []:
        options += ["--set", text]
    for text in set_string or []:
        options += ["--set-string", text]
    return options
