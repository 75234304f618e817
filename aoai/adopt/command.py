"""`aoai adopt` end to end: check the options, read Azure, adopt, write both files, report."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from azure_openai_toolkit.config import load_stack_file
from azure_openai_toolkit.config.paths import what_is_at
from azure_openai_toolkit.config.project_config import ProjectConfig
from azure_openai_toolkit.config.types import (
    CognitiveServicesAccountId,
    EnvironmentName,
    NamePrefix,
    parse_resource_id,
)

from ..exit_codes import AoaiError, ExitCode
from ..live.client import open_session
from ..live.settings import ConnectionSettings
from ..project import load_project
from ..safe_write import write_file
from .core import Adoption, adopt
from .read import read_accounts
from .translate import KINDS

Progress = Callable[[str], AbstractContextManager[Callable[[object], None]]]


def _checked(annotation: Any, value: str, option: str) -> str:
    try:
        return str(TypeAdapter(annotation).validate_python(value))
    except ValidationError as error:
        detail = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        raise AoaiError(f"{option}: {detail}") from None


def account_ids_of(values: Sequence[str], subscription_id: str) -> list[str]:
    """The ids, checked: accounts of one resource group in the session's subscription."""
    if not values:
        raise AoaiError("give at least one --account-id")
    ids: list[str] = []
    for value in values:
        account_id = _checked(CognitiveServicesAccountId, value, "--account-id").rstrip("/")
        parsed = parse_resource_id(account_id)
        if parsed.subscription_id != subscription_id.lower():
            raise AoaiError(
                f"--account-id {account_id} is in subscription {parsed.subscription_id}, not "
                f"{subscription_id}: adopt accounts of one subscription (--subscription) at a time"
            )
        if account_id.lower() in (i.lower() for i in ids):
            raise AoaiError(f"--account-id {account_id} is given twice")
        ids.append(account_id)
    groups = {parse_resource_id(i).resource_group.lower() for i in ids}
    if len(groups) > 1:
        raise AoaiError(
            f"the accounts are in {len(groups)} resource groups ({', '.join(sorted(groups))}); a stack "
            "has one resource group: adopt each group's accounts into its own stack"
        )
    return ids


def default_name_prefix(account_id: str) -> str:
    """The account name's first word, if it is a valid prefix; else 'adopted'."""
    word = re.split(r"[^a-z0-9]+", parse_resource_id(account_id).name.lower())[0]
    try:
        TypeAdapter(NamePrefix).validate_python(word)
        return word
    except ValidationError:
        return "adopted"


def run_adopt(
    settings: ConnectionSettings,
    account_values: Sequence[str],
    *,
    stack: str,
    environment: str,
    name_prefix: str | None,
    import_path: Path | None,
    progress: Progress,
) -> dict[str, Any]:
    account_ids = account_ids_of(account_values, settings.subscription_id)
    environment = _checked(EnvironmentName, environment, "--environment (default: the stack name)")
    prefix = _checked(NamePrefix, name_prefix or default_name_prefix(account_ids[0]), "--name-prefix")
    project = load_project()
    stack_path = project.stack_dir / f"Pulumi.{stack}.yaml"
    import_path = import_path or project.root / f"import-{stack}.json"
    for path in (stack_path, import_path):
        if not what_is_at(path).missing:
            raise AoaiError(
                f"{path} exists; adopt writes new files only (choose another --stack or --import-file)"
            )
        if not what_is_at(path.parent).is_dir:
            raise AoaiError(f"{path.parent} is not a folder to write {path.name} into")
    with open_session(settings) as session:
        with progress(f"reading {len(account_ids)} account(s)") as tick:
            found, not_read = read_accounts(session, account_ids, on_done=tick)
        requests = session.counter.count
    missing = [i for i, live in found.items() if live is None]
    if missing:
        raise AoaiError(
            f"no such account: {', '.join(missing)} (subscription {settings.subscription_id}); "
            "check --account-id"
        )
    accounts = [found[i] for i in account_ids if found.get(i) is not None]
    other_kinds = [
        f"{a.name} ({a.account.get('kind')})" for a in accounts if a and a.account.get("kind") not in KINDS
    ]
    if other_kinds:
        raise AoaiError(
            f"not an Azure OpenAI or Foundry account: {', '.join(other_kinds)}; adopt takes accounts of "
            f"kind {' or '.join(KINDS)}"
        )
    if not accounts:
        reasons = "; ".join(f"{n.scope}: {n.reason}" for n in not_read)
        raise AoaiError(f"no account could be read ({reasons})", ExitCode.AZURE)
    today = datetime.date.today().isoformat()
    header = [
        f"Adopted by `aoai adopt` on {today} from subscription {settings.subscription_id}.",
        "Comments say what the stack contract cannot express yet or leaves unmanaged. Next:",
        f"  pulumi import --stack {stack} --file {import_path.name} --generate-code=false --protect=false",
        f"  pulumi preview --stack {stack}    # expect no changes",
    ]
    adoption = adopt(
        [a for a in accounts if a is not None],
        project_dir=project.root,
        stack=stack,
        name_prefix=prefix,
        environment=environment,
        subscription_id=settings.subscription_id,
        header=header,
    )
    if not adoption.problems:
        _write(stack_path, adoption, import_path, project.config)
    return _report(stack, stack_path, import_path, adoption, found, not_read, requests)


def _write(stack_path: Path, adoption: Adoption, import_path: Path, project: ProjectConfig) -> None:
    def valid_stack(temp: Path) -> None:
        # The file as written reads back as a valid stack of the project (its config merged).
        load_stack_file(temp, project=project)

    def valid_json(temp: Path) -> None:
        json.loads(temp.read_text(encoding="utf-8"))

    write_file(stack_path, adoption.stack_text, accept=valid_stack, overwrite=False)
    text = json.dumps(adoption.import_document, indent=2) + "\n"
    write_file(import_path, text, accept=valid_json, overwrite=False)


def _report(
    stack: str,
    stack_path: Path,
    import_path: Path,
    adoption: Adoption,
    found: dict[str, Any],
    not_read: Sequence[Any],
    requests: int,
) -> dict[str, Any]:
    keys = {live.id: key for live in found.values() if live is not None for key in [_key(adoption, live.id)]}
    code = ExitCode.OK if adoption.clean and not not_read else ExitCode.PROBLEMS
    return {
        "stack": stack,
        "stackFile": str(stack_path),
        "importFile": str(import_path),
        "written": not adoption.problems,
        "accounts": {key: account_id for account_id, key in keys.items()},
        "imported": adoption.imported,
        "notes": [{"path": ".".join(n.path), "text": n.text} for n in adoption.notes],
        "changes": [
            {
                "resource": c.resource,
                "azureId": c.azure_id,
                "missing": c.missing,
                "differences": [{"path": d.path, "azure": d.live, "stack": d.planned} for d in c.differences],
                "lines": c.describe(),
            }
            for c in adoption.changes
        ],
        "problems": [{"path": p.path, "message": p.message} for p in adoption.problems],
        "notChecked": [n.as_json() for n in not_read],
        "armRequests": requests,
        "next": [
            f"review {stack_path.name} (its comments)",
            f"pulumi import --stack {stack} --file {import_path} --generate-code=false --protect=false",
            f"pulumi preview --stack {stack}   # expect no changes",
        ]
        if not adoption.problems
        else [],
        "exitCode": int(code),
    }


def _key(adoption: Adoption, account_id: str) -> str:
    return adoption.keys.get(account_id.lower(), "?")
