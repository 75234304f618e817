"""Adopting read accounts: the stack file, its plan, the import file, and what would still change.

1. translate.py turns the accounts into the stack contract, with a note for what it cannot say;
2. the stack is checked as `aoai validate` checks it; deployments the offline model catalog does
   not know (newer or retired models the accounts still run) get skipCatalogCheck, with a note;
3. the program is planned with that stack file under mocks that make ids in the real
   subscription, so every registration has the id `pulumi import` will find;
4. each registration is matched to the live resource with its id, and compare.py lists what the
   first `pulumi up` after the import would still change; a content filter whose filters the
   contract does not reproduce exactly is listed under existingContentFilters instead, and the
   stack planned again;
5. importfile.py writes the import file from that plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from azure_openai_toolkit.config import ConfigError, ConfigLayers, Problem, resolve_layers
from azure_openai_toolkit.resolve import resolve_stack

from ..offline.document import Document, plan_document
from ..offline.mocks import AzureMocks
from ..offline.resource_types import azure_type
from ..offline.runner import ProgramFailed, run_program
from ..project import load_project
from .compare import Difference, differences
from .importfile import import_file, provider_version
from .read import Body, LiveAccount
from .stackfile import stack_file_text
from .translate import Note, Translation, translate


@dataclass
class ResourceChange:
    """A planned resource whose first `pulumi up` would not be a no-op."""

    resource: str  # the Pulumi logical name
    azure_id: str
    differences: list[Difference]
    missing: bool = False  # no such resource in Azure: it would be created

    def describe(self) -> list[str]:
        if self.missing:
            return [f"{self.resource}: not in Azure ({self.azure_id}); the first pulumi up would create it"]
        return [f"{self.resource}: {d.describe()}" for d in self.differences]


@dataclass
class Adoption:
    stack_text: str
    import_document: dict[str, Any]
    notes: list[Note]
    changes: list[ResourceChange] = field(default_factory=list)
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)  # the stack could not be made valid
    keys: dict[str, str] = field(default_factory=dict)  # account id (lower case) -> account key

    @property
    def clean(self) -> bool:
        return not self.changes and not self.problems


def live_bodies(accounts: Sequence[LiveAccount]) -> dict[str, tuple[str, Body]]:
    """Every live resource by lower-cased id: (ARM type, body)."""
    found: dict[str, tuple[str, Body]] = {}

    def add(arm_type: str, bodies: Sequence[Body]) -> None:
        for body in bodies:
            found[str(body.get("id", "")).lower()] = (arm_type, body)

    for live in accounts:
        add("Microsoft.CognitiveServices/accounts", [live.account])
        add("Microsoft.CognitiveServices/accounts/deployments", live.deployments)
        add("Microsoft.CognitiveServices/accounts/raiPolicies", live.rai_policies)
        add("Microsoft.Network/privateEndpoints", [e.body for e in live.private_endpoints])
        for endpoint in live.private_endpoints:
            add("Microsoft.Network/privateEndpoints/privateDnsZoneGroups", endpoint.zone_groups)
        add("Microsoft.Authorization/roleAssignments", live.role_assignments)
        add("Microsoft.Insights/diagnosticSettings", live.diagnostic_settings)
        add("Microsoft.Authorization/locks", live.locks)
    return found


def adopt(
    accounts: Sequence[LiveAccount],
    *,
    project_dir: Path,
    stack: str,
    name_prefix: str,
    environment: str,
    subscription_id: str,
    header: Sequence[str],
) -> Adoption:
    translation = translate(accounts, name_prefix=name_prefix, environment=environment)
    bodies = live_bodies(accounts)
    for _ in range(2):  # a second round once content filters that differ are listed as existing
        problems = _skip_unknown_models(translation, project_dir, stack, subscription_id)
        text = stack_file_text(translation.config, header, translation.notes, subscription_id)
        if problems:
            return Adoption(
                text, {"resources": []}, translation.notes, problems=problems, keys=translation.keys
            )
        document = _plan(project_dir, stack, text, subscription_id)
        changes, ids = _match(document, bodies)
        if not _demote_filters(translation, changes):
            break
    version = provider_version()
    imported = import_file(document, ids, version)
    return Adoption(text, imported, translation.notes, changes, imported=len(ids), keys=translation.keys)


def _skip_unknown_models(
    translation: Translation, project_dir: Path, stack: str, subscription_id: str
) -> list[Problem]:
    """skipCatalogCheck where the offline catalog rejects a deployment; other problems returned."""
    config = translation.config
    try:
        text = stack_file_text(config, [], [], subscription_id)
        parsed = _layers(project_dir, stack, text).stack_config()
    except ConfigError as error:
        return error.problems
    try:
        resolve_stack(parsed, stack, today=datetime.date.today())
        return []
    except ConfigError as error:
        left: list[Problem] = []
        for problem in error.problems:
            loc = problem.loc
            if len(loc) >= 4 and loc[0] == "accounts" and loc[2] == "deployments":
                deployment = config["accounts"][loc[1]]["deployments"][loc[3]]
                if not deployment.get("skipCatalogCheck"):
                    deployment["skipCatalogCheck"] = True
                    translation.note(
                        ("accounts", str(loc[1]), "deployments", str(loc[3]), "skipCatalogCheck"),
                        f"true: the offline model catalog says: {problem.message}. The account runs "
                        "it anyway; aoai preflight checks it live",
                    )
                continue
            left.append(problem)
        if left:
            return left
        return _skip_unknown_models(translation, project_dir, stack, subscription_id)


def _layers(project_dir: Path, stack: str, text: str) -> ConfigLayers:
    """The text read as the project's stack file would be, as Pulumi and `aoai validate` read it:
    merged with Pulumi.yaml's project config (nothing is written to read it)."""
    project = load_project(project_dir)
    path = project.stack_dir / f"Pulumi.{stack}.yaml"
    return resolve_layers(path, stack, project=project.config, text=text)


def _plan(project_dir: Path, stack: str, text: str, subscription_id: str) -> Document:
    layers = _layers(project_dir, stack, text)
    raw, secret_keys = layers.raw(), layers.secret_keys()
    try:
        run = run_program(project_dir, stack, raw, secret_keys, mocks=lambda: AzureMocks(subscription_id))
    except ProgramFailed as error:
        raise ConfigError(f"the adopted stack {stack}", [Problem("", str(error))]) from None
    return plan_document(run)


def _match(
    document: Document, bodies: dict[str, tuple[str, Body]]
) -> tuple[list[ResourceChange], dict[str, str]]:
    """What each planned Azure resource would change, and the live id of each that exists."""
    changes: list[ResourceChange] = []
    ids: dict[str, str] = {}
    for resource in document["resources"]:
        known = azure_type(resource["type"])
        if not resource["custom"] or known is None:
            continue
        planned_id = str(resource["id"])
        live = bodies.get(planned_id.lower())
        if live is None:
            changes.append(ResourceChange(resource["name"], planned_id, [], missing=True))
            continue
        _, body = live
        ids[resource["urn"]] = str(body["id"])
        found = differences(resource["type"], body, resource["inputs"], tuple(resource["ignoreChanges"]))
        if found:
            changes.append(ResourceChange(resource["name"], str(body["id"]), found))
    return changes, ids


def _demote_filters(translation: Translation, changes: list[ResourceChange]) -> bool:
    """Content filters the plan does not reproduce exactly become existingContentFilters."""
    demoted = False
    for change in changes:
        if "/raipolicies/" not in change.azure_id.lower() or change.missing:
            continue
        account_id, _, name = change.azure_id.rpartition("/raiPolicies/")
        key = translation.keys[account_id.lower()]
        account = translation.config["accounts"][key]
        account.get("contentFilters", {}).pop(name, None)
        if not account.get("contentFilters"):
            account.pop("contentFilters", None)
        account.setdefault("existingContentFilters", []).append(name)
        translation.note(
            ("accounts", key, "existingContentFilters"),
            f"{name}: its filters are not in the order or form the contract writes them "
            f"({change.differences[0].path}); it stays managed outside this stack",
        )
        demoted = True
    return demoted
