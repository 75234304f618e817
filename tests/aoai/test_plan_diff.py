"""`aoai plan --against`: created, deleted, updated and replaced resources, and the CI exit code."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from tests.conftest import FIXTURE_STACKS, PROJECT_ROOT

runner = CliRunner()
PROD = FIXTURE_STACKS / "Pulumi.prod.yaml"
DIFF_SCHEMA = json.loads((PROJECT_ROOT / "schema" / "plan-diff.schema.json").read_text())


def stack_document(path: Path = PROD) -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe", pure=True).load(path.read_text())
    return document


def write_stack(folder: Path, document: dict[str, Any], name: str = "prod") -> Path:
    path = folder / f"Pulumi.{name}.yaml"
    with path.open("w") as stream:
        YAML(typ="safe", pure=True).dump(document, stream)
    return path


def changed_prod(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = copy.deepcopy(stack_document())
    change(document["config"]["azure-openai:accounts"])
    return write_stack(folder, document)


def diff_json(target: Path | str, against: str | Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["plan", "--stack", str(target), "--against", str(against), "--json", *extra])
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator(DIFF_SCHEMA).validate(report)
    return result.exit_code, report


def by_name(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in report["changes"]}


def properties(change: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["path"]: p for p in change["properties"]}


def test_the_same_stack_has_no_changes() -> None:
    code, report = diff_json("prod", PROD, "--fail-on-replace")
    assert code == 0
    assert report["changes"] == [] and report["counts"]["dangerous"] == 0


def test_added_deployment_is_created_and_is_not_dangerous(tmp_path: Path) -> None:
    def add(accounts: dict[str, Any]) -> None:
        deployments = accounts["secondary"]["deployments"]
        deployments["mini"] = {**deployments["chat"], "capacity": 20}

    code, report = diff_json(changed_prod(tmp_path, add), "prod", "--fail-on-replace")
    assert code == 0
    assert report["counts"]["create"] == 1 and report["counts"]["dangerous"] == 0
    created = by_name(report)["secondary-deployments-mini"]
    assert created["action"] == "create" and created["dangers"] == []


def test_removed_deployment_is_deleted(tmp_path: Path) -> None:
    def remove(accounts: dict[str, Any]) -> None:
        del accounts["primary"]["deployments"]["embeddings"]

    code, report = diff_json(changed_prod(tmp_path, remove), "prod", "--fail-on-replace")
    changes = by_name(report)
    assert changes["primary-deployments-embeddings"]["action"] == "delete"
    # the private endpoint now waits for chat instead: an ordering change, no property change
    assert set(changes) == {"primary-deployments-embeddings"}
    assert code == 0  # deployments are not protected; deleting one is not flagged as dangerous


def test_removed_account_deletes_protected_resources_and_fails_ci(tmp_path: Path) -> None:
    def remove(accounts: dict[str, Any]) -> None:
        del accounts["secondary"]

    code, report = diff_json(changed_prod(tmp_path, remove), "prod", "--fail-on-replace")
    assert code == 1
    account = by_name(report)["secondary-account"]
    assert account["action"] == "delete" and account["protected"] is True
    assert any("protected" in danger for danger in account["dangers"])
    assert (
        report["counts"]["delete"] == 10
    )  # account, 2 deployments, filter, PE, DNS group, 2 RAs, diag, lock


def test_capacity_change_is_an_in_place_update(tmp_path: Path) -> None:
    def scale(accounts: dict[str, Any]) -> None:
        accounts["primary"]["deployments"]["chat"]["capacity"] = 100

    code, report = diff_json(changed_prod(tmp_path, scale), "prod", "--fail-on-replace")
    assert code == 0
    chat = by_name(report)["primary-deployments-chat"]
    assert chat["action"] == "update" and chat["dangers"] == []
    assert properties(chat)["sku.capacity"] == {
        "path": "sku.capacity",
        "before": 50,
        "after": 100,
        "replaces": None,
        "ignored": False,
        "note": None,
    }


@pytest.mark.parametrize(
    ("change", "resource", "path", "source"),
    [
        (
            lambda a: a["secondary"].update(location="swedencentral"),
            "secondary-account",
            "location",
            "engine",
        ),
        (
            lambda a: a["primary"].update(customSubdomain="contoso-openai-prod-1"),
            "primary-account",
            "properties.customSubDomainName",
            "azure",
        ),
        (
            # skipCatalogCheck: this is about the diff, not about what the catalog offers today
            lambda a: a["primary"]["deployments"]["chat"].update(
                model="gpt-4.1", version="2025-04-14", skipCatalogCheck=True
            ),
            "primary-deployments-chat",
            "properties.model.name",
            "azure",
        ),
        (
            lambda a: a["primary"]["deployments"]["chat"].update(format="Microsoft", skipCatalogCheck=True),
            "primary-deployments-chat",
            "properties.model.format",
            "azure",
        ),
        (
            lambda a: a["primary"].update(name="contoso-prod-swc"),
            "primary-account",
            "accountName",
            "engine",
        ),
    ],
    ids=["location", "subdomain", "model-name", "model-format", "account-name"],
)
def test_replacing_changes_are_flagged_and_fail_ci(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], resource: str, path: str, source: str
) -> None:
    target = changed_prod(tmp_path, change)
    code, report = diff_json(target, "prod", "--fail-on-replace")
    assert code == 1
    replaced = by_name(report)[resource]
    assert replaced["action"] == "replace"
    assert properties(replaced)[path]["replaces"] == source
    assert replaced["dangers"]
    # without --fail-on-replace the same diff exits 0: it is a report
    assert diff_json(target, "prod")[0] == 0


def test_replacing_a_protected_account_says_so(tmp_path: Path) -> None:
    _, report = diff_json(
        changed_prod(tmp_path, lambda a: a["secondary"].update(location="swedencentral")), "prod"
    )
    account = by_name(report)["secondary-account"]
    assert account["protected"] is True
    assert any("protected resource" in danger for danger in account["dangers"])


def test_version_change_ignored_when_azure_owns_the_version(tmp_path: Path) -> None:
    def auto(accounts: dict[str, Any]) -> None:
        chat = accounts["primary"]["deployments"]["chat"]
        chat.update(versionUpgrade="OnceNewDefaultVersionAvailable", skipCatalogCheck=True)

    def auto_and_newer(accounts: dict[str, Any]) -> None:
        auto(accounts)
        accounts["primary"]["deployments"]["chat"]["version"] = "2025-10-01"

    base = changed_prod(tmp_path, auto)
    (tmp_path / "target").mkdir()
    target = changed_prod(tmp_path / "target", auto_and_newer)
    code, report = diff_json(target, base, "--fail-on-replace")
    assert code == 0
    chat = by_name(report)["primary-deployments-chat"]
    assert chat["action"] == "ignored"
    assert properties(chat)["properties.model.version"]["ignored"] is True


def test_renamed_key_with_the_same_azure_name_is_a_dangerous_move(tmp_path: Path) -> None:
    def rename(accounts: dict[str, Any]) -> None:
        accounts["main"] = accounts.pop("primary")
        accounts["main"].update(name="contoso-prod-primary", customSubdomain="contoso-prod-primary")

    code, report = diff_json(changed_prod(tmp_path, rename), "prod", "--fail-on-replace")
    assert code == 1
    moved = by_name(report)["main-account"]
    assert moved["action"] == "move"
    assert moved["movedFrom"].endswith("::primary-account")
    assert any("aliases" in danger for danger in moved["dangers"])
    assert "primary-account" not in by_name(report)  # not also reported as a delete


def test_another_stack_is_compared_by_resource_key() -> None:
    _, report = diff_json("prod", "dev")
    changes = by_name(report)
    assert changes["secondary-account"]["action"] == "create"
    assert changes["primary-role-assignments-developers"]["action"] == "delete"
    account = properties(changes["primary-account"])
    assert account["properties.publicNetworkAccess"]["before"] == "Enabled"
    assert account["properties.publicNetworkAccess"]["after"] == "Disabled"


def test_tree_output_flags_replacements_loudly(tmp_path: Path) -> None:
    target = changed_prod(tmp_path, lambda a: a["secondary"].update(location="swedencentral"))
    result = runner.invoke(app, ["plan", "--stack", str(target), "--against", "prod", "--fail-on-replace"])
    assert result.exit_code == 1
    assert "± secondary-account" in result.stdout and "REPLACE" in result.stdout
    assert 'location: "switzerlandnorth" -> "swedencentral"  <- azure-native replaces' in result.stdout
    assert "dangerous change(s)" in result.stdout
    assert "--fail-on-replace: 1 dangerous change(s)" in result.stderr


def test_unknown_other_is_a_usage_error() -> None:
    result = runner.invoke(app, ["plan", "--stack", "prod", "--against", "no-such-thing-xyz"])
    assert result.exit_code == 2
    assert "neither a stack nor a git revision" in result.output
