"""`aoai adopt` against the fake ARM, with accounts shaped like the portal's, the CLI's and AVM's.

After each adoption, the test runs the program under mocks with the stack file adopt wrote and
checks the import file on its own terms: every entry gets the URN Pulumi would give it (its
parent chain's types and its logical name, pulumi/pulumi's import.go), that URN is exactly one
registration of the program, of the same type, whose id is the entry's id and a resource the
fake holds; and every input the program sets (but the ones that name the resource and those its
ignoreChanges leave to Azure) has the value Azure has. The mapping from inputs to ARM bodies here
is the provider's documented flattening, written for this test.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from aoai.offline.mocks import AzureMocks
from aoai.offline.resource_types import azure_type
from aoai.offline.runner import ProgramRun, run_program
from azure_openai_toolkit.config import read_stack_file
from tests.aoai.adopt_seed import SHAPES, seed, shape
from tests.conftest import PROJECT_ROOT
from tests.fake_arm.server import FakeArm

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with this repository's program and an empty stacks/ folder."""
    shutil.copy(PROJECT_ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copy(PROJECT_ROOT / "__main__.py", tmp_path / "__main__.py")
    (tmp_path / "stacks").mkdir()
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    return tmp_path


def adopt(*args: str) -> Any:
    return runner.invoke(app, ["adopt", *args])


def stack_text(project: Path, stack: str = "adopted") -> str:
    return (project / "stacks" / f"Pulumi.{stack}.yaml").read_text()


def import_entries(project: Path, stack: str = "adopted") -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((project / f"import-{stack}.json").read_text())["resources"]
    return entries


def plan(project: Path, fake: FakeArm, stack: str = "adopted") -> ProgramRun:
    raw, secret_keys = read_stack_file(project / "stacks" / f"Pulumi.{stack}.yaml")
    return run_program(project, stack, raw, secret_keys, mocks=lambda: AzureMocks(fake.subscription_id))


def urn_of(entry: dict[str, Any], by_name: dict[str, dict[str, Any]], stack: str, project: str) -> str:
    """The URN `pulumi import` gives an entry: parent types joined with $, then the logical name."""
    types = [entry["type"]]
    parent = entry.get("parent")
    while parent is not None:
        types.insert(0, by_name[parent]["type"])
        parent = by_name[parent].get("parent")
    return f"urn:pulumi:{stack}::{project}::{'$'.join(types)}::{entry['logicalName']}"


def live_bodies(fake: FakeArm) -> dict[str, dict[str, Any]]:
    state, others = fake.state, fake.others
    bodies = [
        *state.accounts.values(),
        *state.deployments.values(),
        *state.rai_policies.values(),
        *others.private_endpoints.values(),
        *(g for groups in others.zone_groups.values() for g in groups),
        *others.role_assignments,
        *(s for settings in others.diagnostic_settings.values() for s in settings),
        *others.locks,
    ]
    return {str(b["id"]).lower(): b for b in bodies}


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _find(body: dict[str, Any], key: str) -> Any:
    """An input's value in an ARM body: top level, or under `properties` (flattened types)."""
    if key in body:
        return body[key]
    return (body.get("properties") or {}).get(key)


def _ignored(path: str, ignore: list[str]) -> bool:
    generic = path
    for part in path.split("["):
        if "]" in part:
            generic = generic.replace(f"[{part.split(']')[0]}]", "[*]")
    return any(generic == i or generic.startswith(i + ".") for i in ignore)


def mismatches(sent: Any, live: Any, path: str, ignore: list[str]) -> list[str]:
    """Paths of the program's inputs whose value Azure does not have."""
    if path and _ignored(path, ignore):
        return []
    if isinstance(sent, dict):
        if isinstance(live, dict) and all(
            isinstance(k, str) and k.startswith("/subscriptions/") for k in live
        ):
            live = sorted(live)  # a map of ids (user-assigned identities) is a list among the inputs
        if not isinstance(live, dict):
            return [] if _empty(sent) and _empty(live) else [path or "(body)"]
        found = []
        for key, value in sent.items():
            found += mismatches(value, _find(live, key), f"{path}.{key}" if path else key, ignore)
        return found
    if isinstance(sent, list):
        if isinstance(live, dict):
            live = sorted(live)
        if _empty(sent) and _empty(live):
            return []
        if not isinstance(live, list) or len(live) != len(sent):
            return [path]
        return [
            m
            for i, (s, v) in enumerate(zip(sent, live, strict=True))
            for m in mismatches(s, v, f"{path}[{i}]", ignore)
        ]
    if _empty(sent) and _empty(live):
        return []
    return [] if sent == live else [f"{path}: sent {sent!r}, Azure has {live!r}"]


def check_import_against_the_program(project: Path, fake: FakeArm, stack: str = "adopted") -> int:
    run = plan(project, fake, stack)
    registrations = {r.urn: r for r in run.registrations}
    entries = import_entries(project, stack)
    by_name = {e["name"]: e for e in entries}
    assert len(by_name) == len(entries), "entry names are unique handles"
    live = live_bodies(fake)
    matched: list[str] = []
    for entry in entries:
        urn = urn_of(entry, by_name, stack, run.project)
        assert urn in registrations, f"no registration for {urn}"
        registration = registrations[urn]
        assert registration.type == entry["type"]
        matched.append(urn)
        if entry.get("component"):
            assert not registration.custom and "id" not in entry
            continue
        assert registration.custom and registration.id is not None
        assert registration.id.lower() == entry["id"].lower()
        body = live[entry["id"].lower()]
        known = azure_type(entry["type"])
        assert known is not None
        naming = {*known.name_inputs, "resourceGroupName", known.scope_input}
        sent = {k: v for k, v in registration.inputs.items() if k not in naming}
        assert mismatches(sent, body, "", registration.ignore_changes) == [], entry["logicalName"]
    assert len(set(matched)) == len(matched), "each registration is imported once"
    # Every Azure resource the program registers is imported: the first up creates nothing.
    custom = {r.urn for r in run.registrations if r.custom}
    assert custom <= set(matched)
    return len(custom)


@pytest.mark.parametrize("made_by", SHAPES)
def test_adopted_accounts_import_onto_exactly_what_the_program_registers(
    fake_arm: FakeArm, project: Path, made_by: str
) -> None:
    account_id = seed(fake_arm, shape(made_by))
    fake_arm.page_size = 1  # every list comes in pages of one item: the reader follows nextLink
    result = adopt("--account-id", account_id, "--stack", "adopted")
    assert result.exit_code == 0, result.output
    assert "the first pulumi up after the import changes nothing" in result.output
    imported = check_import_against_the_program(project, fake_arm)
    expected = {"cli": 3, "portal": 6, "avm": 9}[made_by]
    assert imported == expected


def test_avm_account_keeps_its_names_and_its_second_region_endpoint(fake_arm: FakeArm, project: Path) -> None:
    data = shape("avm")
    seed(fake_arm, data)
    result = adopt("--account-id", data["account"]["id"], "--stack", "prod", "--json")
    assert result.exit_code == 0, result.output
    text = stack_text(project, "prod")
    assert "azure-openai:roleAssignmentNaming: avm" in text
    assert "azure-openai:environment: prod" in text
    assert (
        "    /subscriptions/5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01/resourceGroups/rg-network/providers/"
        "Microsoft.Network/virtualNetworks/vnet-hub-swc: swedencentral\n"
    ) in text
    report = json.loads(result.stdout)
    assert report["accounts"] == {"contoso-avm-frc": data["account"]["id"]}
    assert report["imported"] == 9 and report["changes"] == []
    names = {e["logicalName"]: e for e in import_entries(project, "prod")}
    # The inherited resource group lock and Reader assignment are not the account's: not adopted.
    assert "contoso-avm-frc-lock" in names
    assert names["contoso-avm-frc-lock"]["id"].endswith(
        "/providers/Microsoft.Authorization/locks/lock-contoso-avm-frc"
    )
    roles = sorted(
        e["id"].rsplit("/", 1)[-1]
        for e in import_entries(project, "prod")
        if e["type"].endswith("RoleAssignment")
    )
    assert roles == sorted(r["name"] for r in data["roleAssignments"][:2])
    endpoint = names["contoso-avm-frc-private-endpoint-account-0-endpoint"]
    assert endpoint["parent"].endswith(
        "aoai:network:PrivateEndpoint::contoso-avm-frc-private-endpoint-account-0"
    )
    assert endpoint["version"] == "3.29.0"


def test_portal_and_cli_names_are_kept_and_what_the_contract_cannot_say_is_commented(
    fake_arm: FakeArm, project: Path
) -> None:
    data = shape("portal")
    seed(fake_arm, data)
    assert adopt("--account-id", data["account"]["id"]).exit_code == 0
    text = stack_text(project)
    assert "          name: 3f1e9d5c-2b7a-4c8e-9d1f-6a5b4c3d2e1f\n" in text  # a random GUID, kept
    assert "roleAssignmentNaming" not in text
    assert "# prompt-only-low: its Hate filter differs between prompts and completions" in text
    assert "existingContentFilters:\n        - prompt-only-low\n" in text
    assert "strict-chat:" in text  # reproduced exactly, so managed by the stack
    assert "leaveUnset:\n        - restrictOutboundNetworkAccess\n" in text


def test_a_setting_without_a_key_is_reported_as_a_change_and_the_exit_code_says_so(
    fake_arm: FakeArm, project: Path
) -> None:
    data = copy.deepcopy(shape("avm"))
    data["account"]["properties"]["apiProperties"] = {"statisticsEnabled": True}
    data["deployments"][0]["tags"] = {"team": "search"}
    seed(fake_arm, data)
    result = adopt("--account-id", data["account"]["id"], "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    lines = sorted(line for change in report["changes"] for line in change["lines"])
    assert lines == [
        "contoso-avm-frc-account: properties.apiProperties: Azure has {'statisticsEnabled': True}, the "
        "stack has no key for it (yet)",
        "contoso-avm-frc-deployments-chat: tags: Azure has {'team': 'search'}, the stack has no key "
        "for it (yet)",
    ]
    assert (project / "stacks" / "Pulumi.adopted.yaml").exists(), "written for review"
    assert "# the account's apiProperties ({'statisticsEnabled': True}) has no key yet" in stack_text(project)


def test_a_content_filter_in_another_order_stays_managed_elsewhere(fake_arm: FakeArm, project: Path) -> None:
    data = copy.deepcopy(shape("portal"))
    strict = next(p for p in data["raiPolicies"] if p["name"] == "strict-chat")
    strict["properties"]["contentFilters"].reverse()
    seed(fake_arm, data)
    result = adopt("--account-id", data["account"]["id"])
    assert result.exit_code == 0, result.output
    text = stack_text(project)
    account = YAML(typ="safe").load(text)["config"]["azure-openai:accounts"]["contoso-chat-portal"]
    assert "contentFilters" not in account
    assert account["existingContentFilters"] == ["prompt-only-low", "strict-chat"]
    assert "# strict-chat: its filters are not in the order or form the contract writes them" in text
    check_import_against_the_program(project, fake_arm)


@pytest.mark.parametrize("made_by", SHAPES)
def test_existing_role_assignments_keep_their_names_in_the_stack_and_the_subscription_is_pinned(
    fake_arm: FakeArm, project: Path, made_by: str
) -> None:
    """Each adopted assignment's GUID is written as its name, whatever naming would compute: the
    stack then keeps naming it so (a later roleAssignmentNaming change cannot rename it, and ARM
    refuses a second assignment of the same scope, principal and role with RoleAssignmentExists).
    The stack says which subscription it deploys to, the one the accounts were read from."""
    data = shape(made_by)
    seed(fake_arm, data)
    assert adopt("--account-id", data["account"]["id"]).exit_code == 0
    config = YAML(typ="safe", pure=True).load(stack_text(project))["config"]
    assert config["azure-native:subscriptionId"] == fake_arm.subscription_id
    assert fake_arm.subscription_id == "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
    (account,) = config["azure-openai:accounts"].values()
    written = sorted(r["name"] for r in account.get("roleAssignments", {}).values())
    live = sorted(
        r["name"] for r in fake_arm.others.role_assignments
        if r["properties"]["scope"].lower() == data["account"]["id"].lower()
    )
    assert written == live and len(live) >= 1
    imported = sorted(
        e["id"].rsplit("/", 1)[-1] for e in import_entries(project) if e["type"].endswith("RoleAssignment")
    )
    assert imported == live  # imported under the names Azure has, so nothing is created twice


def test_two_accounts_of_one_group_become_one_stack(fake_arm: FakeArm, project: Path) -> None:
    avm = shape("avm")
    cli = json.loads(json.dumps(shape("cli")).replace("rg-ai-cli", "rg-ai-avm"))
    seed(fake_arm, avm)
    seed(fake_arm, cli)
    result = adopt("--account-id", avm["account"]["id"], "--account-id", cli["account"]["id"])
    assert result.exit_code == 0, result.output
    assert check_import_against_the_program(project, fake_arm) == 12


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (
            ["/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"],
            "--account-id",
        ),
        (
            [
                "/subscriptions/5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01/resourceGroups/rg-ai-avm/providers/"
                "Microsoft.CognitiveServices/accounts/contoso-avm-frc",
                "/subscriptions/5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01/resourceGroups/rg-ai-cli/providers/"
                "Microsoft.CognitiveServices/accounts/imoa",
            ],
            "a stack has one resource group",
        ),
        (
            [
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                "Microsoft.CognitiveServices/accounts/a"
            ],
            "adopt accounts of one subscription",
        ),
        (
            [
                "/subscriptions/5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01/resourceGroups/rg-ai-avm/providers/"
                "Microsoft.CognitiveServices/accounts/nothing-here"
            ],
            "no such account",
        ),
    ],
)
def test_bad_account_ids_exit_2_and_write_nothing(
    fake_arm: FakeArm, project: Path, ids: list[str], message: str
) -> None:
    seed(fake_arm, shape("avm"))
    result = adopt(*[a for i in ids for a in ("--account-id", i)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert list((project / "stacks").iterdir()) == [] and not (project / "import-adopted.json").exists()


def test_an_existing_stack_file_is_never_replaced(fake_arm: FakeArm, project: Path) -> None:
    data = shape("cli")
    seed(fake_arm, data)
    (project / "stacks" / "Pulumi.adopted.yaml").write_text("config: {}\n")
    result = adopt("--account-id", data["account"]["id"])
    assert result.exit_code == 2 and "exists; adopt writes new files only" in result.output
    assert (project / "stacks" / "Pulumi.adopted.yaml").read_text() == "config: {}\n"
    assert fake_arm.arm_requests() == [], "checked before anything is read"


def test_throttled_reads_are_retried_and_a_refused_read_is_exit_3(fake_arm: FakeArm, project: Path) -> None:
    from tests.fake_arm.faults import Fault

    data = shape("avm")
    seed(fake_arm, data)
    fake_arm.inject("RoleAssignments_ListForScope", Fault.throttled("0"))
    result = adopt("--account-id", data["account"]["id"], "--stack", "first")
    assert result.exit_code == 0, result.output
    assert len(fake_arm.calls("RoleAssignments_ListForScope")) == 2
    fake_arm.inject(
        "DiagnosticSettings_List", Fault("status", 403, "AuthorizationFailed", "no access"), times=None
    )
    refused = adopt("--account-id", data["account"]["id"], "--stack", "second")
    assert refused.exit_code == 3, refused.output
    assert "AuthorizationFailed" in refused.output
    assert not (project / "stacks" / "Pulumi.second.yaml").exists()


def test_a_stack_that_would_not_validate_is_not_written(fake_arm: FakeArm, project: Path) -> None:
    data = shape("portal")  # it accepts API keys, which a protected (prod) stack refuses
    seed(fake_arm, data)
    options = ["--account-id", data["account"]["id"], "--stack", "prod", "--environment", "prod"]
    result = adopt(*options, "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["written"] is False and report["next"] == []
    assert [p["path"] for p in report["problems"]] == ["accounts.contoso-chat-portal.localAuth"]
    assert "API keys on a protected stack" in report["problems"][0]["message"]
    assert not (project / "stacks" / "Pulumi.prod.yaml").exists()
    assert not (project / "import-prod.json").exists()
    text = adopt(*options)
    assert text.exit_code == 1
    assert "nothing written: the stack file adopt made does not validate:" in text.stdout
    assert "changes nothing" not in text.stdout and "pulumi import" not in text.output
    assert "adopt it into a stack that allows it" in text.stderr


def test_a_foundry_resource_is_adopted_with_its_kind_and_other_kinds_are_refused(
    fake_arm: FakeArm, project: Path
) -> None:
    data = copy.deepcopy(shape("cli"))
    data["account"]["kind"] = "AIServices"  # created without allowProjectManagement, as the CLI does
    seed(fake_arm, data)
    result = adopt("--account-id", data["account"]["id"], "--stack", "foundry")
    assert result.exit_code == 0, result.output
    account = YAML(typ="safe").load(stack_text(project, "foundry"))["config"]["azure-openai:accounts"]["imoa"]
    assert account["kind"] == "AIServices"
    assert account["leaveUnset"] == ["allowProjectManagement", "localAuth", "restrictOutboundNetworkAccess"]
    assert "its projects, connections, blocklists and network injections are not read" in result.output
    speech = copy.deepcopy(shape("avm"))
    speech["account"]["kind"] = "SpeechServices"
    seed(fake_arm, speech)
    refused = adopt("--account-id", speech["account"]["id"], "--stack", "speech")
    assert refused.exit_code == 2
    assert "not an Azure OpenAI or Foundry account: contoso-avm-frc (SpeechServices)" in refused.output
    assert not (project / "stacks" / "Pulumi.speech.yaml").exists()


def test_the_adopted_stack_is_checked_with_the_projects_own_config(fake_arm: FakeArm, project: Path) -> None:
    # Pulumi merges Pulumi.yaml's project config into every stack; here it makes every stack
    # protected, so the adopted dev stack is too, and its API keys are refused as on prod (a
    # stack adopt would write without the project config, and `aoai validate` then refuse).
    pulumi_yaml = project / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text() + "config:\n  protect: true\n")
    data = shape("portal")
    seed(fake_arm, data)
    result = adopt("--account-id", data["account"]["id"], "--stack", "dev", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["written"] is False
    assert [p["path"] for p in report["problems"]] == ["accounts.contoso-chat-portal.localAuth"]
    assert not (project / "stacks" / "Pulumi.dev.yaml").exists()
