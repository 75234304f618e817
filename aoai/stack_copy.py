"""A new stack file from an existing one (`aoai new-env`): the edits, in the source's own format.

What a copy needs besides the caller's `--set` changes, so that it can be deployed next to its
source:

- `environment` becomes the new stack's name (unless `--set environment=...` says otherwise);
- explicit `name` and `customSubdomain` of accounts and the `name` of a created resource group
  would collide with the source's resources (subdomains are globally unique in Azure): the source
  environment in them is replaced by the new one (`contoso-prod-swc` -> `contoso-staging-swc`),
  and a name that does not contain it is removed, so the default `<namePrefix>-<environment>-<key>`
  applies; `restore: true` is dropped (there is no soft-deleted account of the new name);
- `--location R` moves the stack's home region (see `move_home_region`);
- secure values (at any depth, list items too) and the source's secrets-provider keys are not
  copied: they are encrypted for the source stack, and `pulumi stack init` writes the new stack's
  own. Each dropped value gets a note with the command that sets it again.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from azure_openai_toolkit.config import AUTO, NAMESPACE
from azure_openai_toolkit.config.models import PROTECTED_ENVIRONMENTS
from azure_openai_toolkit.config.reporting import render_path

from .config_path import Assignment, apply_assignment
from .exit_codes import AoaiError
from .stack_edit import StackDocument
from .stacks import STACK_NAME, StackRef


def _key(name: str) -> str:
    return f"{NAMESPACE}:{name}"


@dataclass(frozen=True)
class DroppedSecret:
    """A secure value of the source left out of the copy: where it was, as the copy's key path
    (a list item: the index it takes when appended again)."""

    path: tuple[str | int, ...]  # the config key, then the path below it

    @property
    def where(self) -> str:
        """As `pulumi config set --path` and validation messages write it."""
        return render_path(self.path)

    @property
    def loc(self) -> tuple[str | int, ...] | None:
        """The key path below the project namespace, as validation problems carry it; None for a
        key of another namespace."""
        namespace, _, key = str(self.path[0]).partition(":")
        return (key, *self.path[1:]) if namespace == NAMESPACE else None

    def set_command(self, stack: str) -> str:
        return f"`pulumi config set --secret --path -s {stack} {shlex.quote(self.where)} <value>`"


@dataclass
class DerivedStack:
    """The new stack file's text, and what was changed or left out on the way, for the report."""

    name: str
    source: StackRef
    environment: str
    text: str = ""
    newline: str = "\n"  # the source's line ends, kept in the copy
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped_secrets: list[DroppedSecret] = field(default_factory=list)


def swap_environment(value: str, old: str, new: str) -> str | None:
    """`contoso-prod-swc` with prod -> staging: `contoso-staging-swc`; None if `old` is not a part."""
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(old)}(?![a-z0-9])", re.IGNORECASE)
    if not old or not pattern.search(value):
        return None
    return pattern.sub(new, value)


def derive_stack(
    source: StackRef,
    name: str,
    *,
    location: str | None = None,
    assignments: Sequence[Assignment] = (),
    command: str = "",
    inherited_location: str | None = None,
) -> DerivedStack:
    """The new stack's text with every change applied; not validated yet (the caller does that).

    `inherited_location` is the source's azure-openai:location when another layer (Pulumi.yaml,
    an ESC environment) sets it rather than the stack file: the home region --location moves."""
    if not STACK_NAME.fullmatch(name):
        raise AoaiError(
            f"{name!r} is not a valid stack name: use letters, digits, '-', '_' or '.' (at most 100)"
        )
    document = StackDocument.open(source.path, source.display)
    root = document.document
    config = root["config"]
    source_env = str(config.get(_key("environment")) or "")
    wanted = {a.dotted: a.value for a in assignments}
    environment = str(wanted.get(_key("environment"), name))
    derived = DerivedStack(name, source, environment)

    for key in [k for k in root if k not in ("config", "environment")]:
        del root[key]
        derived.notes.append(
            f"{key} not copied: it belongs to the secrets provider of stack {source.name}; "
            f"`pulumi stack init {name}` writes the new stack's own"
        )
    if root.get("environment"):
        derived.notes.append(
            "environment: kept: the new stack imports the same ESC environments as "
            f"{source.name} (edit the list if it needs others)"
        )
    _drop_secure_values(config, (), derived)

    config[_key("environment")] = environment
    derived.changes.append(f"{_key('environment')}: {environment}")
    _keep_protection(config, source_env, environment, set(wanted), derived)
    _rename_explicit_names(config, source_env, environment, set(wanted), derived)
    if location:
        move_home_region(config, location, derived, inherited_location)
    for assignment in assignments:
        apply_assignment(config, assignment)
        derived.changes.append(f"{assignment.dotted}: {assignment.value!r} (--set)")

    header = [
        f"# Made by `{command or f'aoai new-env {name} --from {source.name}'}` from {source.path.name}.",
        f"# The comments below were written for stack {source.name}: check them for {name}.",
    ]
    derived.text = "\n".join(header) + "\n" + document.text()
    derived.newline = document.newline
    return derived


def _keep_protection(
    config: Any, source_env: str, environment: str, set_by_user: set[str], derived: DerivedStack
) -> None:
    """A copy of a protected stack stays protected unless the user says otherwise.

    prod/production protect a stack by their name; a copy named staging would silently lose that
    (accounts and groups deletable by a `pulumi destroy`). So the copy states `protect: true`.
    """
    protect = config.get(_key("protect"))
    source_protected = protect is True or (protect is None and source_env in PROTECTED_ENVIRONMENTS)
    if not source_protected or _key("protect") in set_by_user or environment in PROTECTED_ENVIRONMENTS:
        return
    if protect is None:
        config[_key("protect")] = True
    derived.changes.append(
        f"{_key('protect')}: true (kept from the protected stack {derived.source.name}; "
        f"--set protect=false makes {derived.name} unprotected)"
    )


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _drop_secure_values(node: Any, path: tuple[str | int, ...], derived: DerivedStack) -> None:
    """Remove every `{secure: ...}` value, at any depth (map values and list items alike), each
    with a note naming its key path and the command that sets it again."""
    if isinstance(node, dict):
        for key in list(node):
            if _is_secure(node[key]):
                del node[key]
                _dropped(derived, (*path, str(key)))
            else:
                _drop_secure_values(node[key], (*path, str(key)), derived)
    elif isinstance(node, list):
        secure = [index for index, item in enumerate(node) if _is_secure(item)]
        for index in reversed(secure):
            del node[index]
        # The items after a dropped one move up, so each is set again by appending it.
        for appended in range(len(secure)):
            _dropped(derived, (*path, len(node) + appended))
        for index, item in enumerate(node):
            _drop_secure_values(item, (*path, index), derived)


def _dropped(derived: DerivedStack, path: tuple[str | int, ...]) -> None:
    secret = DroppedSecret(path)
    derived.dropped_secrets.append(secret)
    derived.notes.append(
        f"{secret.where} not copied: secure values are encrypted for stack {derived.source.name}; "
        f"set it again with {secret.set_command(derived.name)}"
    )


def _rename(
    mapping: Any, field_name: str, where: str, old_env: str, new_env: str, derived: DerivedStack
) -> None:
    value = mapping.get(field_name)
    if value is None:
        return  # absent, or customSubdomain: null (no subdomain at all)
    renamed = swap_environment(str(value), old_env, new_env) if old_env != new_env else None
    if renamed is not None:
        mapping[field_name] = renamed
        derived.changes.append(f"{where}: {renamed} (was {value})")
    else:
        del mapping[field_name]
        derived.changes.append(
            f"{where}: removed {value!r} (it does not name the environment {old_env!r}), so the "
            "default derived from namePrefix and environment applies"
        )


def _rename_explicit_names(
    config: Any, old_env: str, new_env: str, set_by_user: set[str], derived: DerivedStack
) -> None:
    accounts = config.get(_key("accounts"))
    for key, account in (accounts or {}).items():
        if not isinstance(account, dict):
            continue
        for field_name in ("name", "customSubdomain"):
            where = f"{_key('accounts')}.{key}.{field_name}"
            if where not in set_by_user:
                _rename(account, field_name, where, old_env, new_env, derived)
        if account.get("restore"):
            del account["restore"]
            derived.changes.append(
                f"{_key('accounts')}.{key}.restore: removed (no soft-deleted account has the new name)"
            )
    group = config.get(_key("resourceGroup"))
    where = f"{_key('resourceGroup')}.name"
    if isinstance(group, dict) and not group.get("existing") and where not in set_by_user:
        _rename(group, "name", where, old_env, new_env, derived)


def home_region(config: Any, inherited_location: str | None = None) -> str | None:
    """The home region: azure-openai:location (the stack file's, else the one it inherits from
    another layer), else the resource group's, else the first pinned account's."""
    if config.get(_key("location")) or inherited_location:
        return str(config.get(_key("location")) or inherited_location)
    group = config.get(_key("resourceGroup"))
    if isinstance(group, dict) and group.get("location"):
        return str(group["location"])
    for account in (config.get(_key("accounts")) or {}).values():
        if isinstance(account, dict) and account.get("location") not in (None, AUTO):
            return str(account["location"])
    return None


def move_home_region(
    config: Any, region: str, derived: DerivedStack, inherited_location: str | None = None
) -> None:
    """`--location R`: everything in the source's home region moves to R; other regions stay.

    - azure-openai:location becomes R (the default of accounts that name no location);
    - the resource group's location and every account pinned to the home region become R;
    - private endpoints of moved accounts keep the home region (pinned if they relied on the
      account's): an endpoint lives in its subnet's region, and the subnet does not move;
    - accounts pinned to another region stay there (the second region of a failover pair), and
      `location: auto` accounts stay with their placement.
    """
    home = home_region(config, inherited_location)
    inherited = config.get(_key("location")) or inherited_location
    config[_key("location")] = region
    derived.changes.append(f"{_key('location')}: {region}" + (f" (home region was {home})" if home else ""))
    if home is None or home == region:
        return
    group = config.get(_key("resourceGroup"))
    if isinstance(group, dict) and group.get("location") == home:
        group["location"] = region
        derived.changes.append(f"{_key('resourceGroup')}.location: {region}")
    for key, account in (config.get(_key("accounts")) or {}).items():
        if not isinstance(account, dict):
            continue
        where = f"{_key('accounts')}.{key}"
        pinned = account.get("location")
        if pinned == AUTO:
            derived.notes.append(f"{where} keeps location: auto (its placement chooses the region)")
            continue
        effective = pinned or inherited
        if effective is not None and effective != home:
            derived.notes.append(f"{where} stays in {effective} (not the home region {home})")
            continue
        if pinned is not None:
            account["location"] = region
            derived.changes.append(f"{where}.location: {region}")
        for endpoint_key, endpoint in (account.get("privateEndpoints") or {}).items():
            if isinstance(endpoint, dict) and not endpoint.get("location"):
                endpoint["location"] = home
                derived.changes.append(
                    f"{where}.privateEndpoints.{endpoint_key}.location: {home} (its subnet's region)"
                )
