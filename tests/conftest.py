"""Shared test helpers: config builders and a recording mock engine for components.

The mock engine is aoai.offline's: it answers like Azure (ARM ids, endpoints, principal ids) and
records every registration with its parent, dependencies and options, so tests assert on the
graph the real engine would receive.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from aoai.offline.runner import ProgramRun, run_in_mock_engine
from azure_openai_toolkit.config import ConfigError, Problem, StackConfig, parse_raw

if TYPE_CHECKING:
    from azure_openai_toolkit import OpenAIAccountArgs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The tests' own project (its Pulumi.yaml runs the repository's program) and its frozen stacks.
# Users edit the repository's stacks/ (new-env, namePrefix, deleted examples), so no test reads
# them except tests/test_shipped_stacks.py ("they validate and plan"); test_stack_independence
# checks that.
FIXTURE_STACKS = FIXTURES / "stacks"
# What a copied project's Pulumi.yaml says: the repository's settings, never its file (users add
# project-level config there). The program is the folder's own __main__.py, as in a user project.
PROJECT_FILE = """name: azure-openai
runtime:
  name: python
  options:
    toolchain: pip
    virtualenv: .venv
stackConfigDir: stacks
"""


def write_project_file(folder: Path) -> Path:
    """Write PROJECT_FILE as `folder`/Pulumi.yaml; the path written."""
    path = folder / "Pulumi.yaml"
    path.write_text(PROJECT_FILE)
    return path

SUBNET = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe"
)
VNET = SUBNET.rsplit("/subnets/", 1)[0]
ZONE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"
)
WORKSPACE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-mon/providers/"
    "Microsoft.OperationalInsights/workspaces/law-central"
)
IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-openai"
)
PRINCIPAL = "11111111-2222-3333-4444-555555555555"
# Under `make mutate` (mutmut sets MUTANT_UNDER_TEST): a test that runs `python -m aoai` in a child
# process would run the unmutated code there (mutmut's switch reads its settings in this process
# only), and it fails for want of them, which stops mutmut's first run. It can kill no mutant: skip.
UNDER_MUTMUT = "MUTANT_UNDER_TEST" in os.environ
RUNS_AOAI_IN_A_CHILD_PROCESS = pytest.mark.skipif(
    UNDER_MUTMUT, reason="under make mutate, a child process cannot run a mutant"
)


SMALL_STACK = """config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 1}
"""


def small_project(root: Path, monkeypatch: pytest.MonkeyPatch, stack: str = SMALL_STACK) -> Path:
    """A project in `root` (PROJECT_FILE and this repository's program) with one stack,
    stacks/Pulumi.dev.yaml, and aoai run from there."""
    write_project_file(root)
    (root / "__main__.py").write_text((PROJECT_ROOT / "__main__.py").read_text())
    (root / "stacks").mkdir()
    (root / "stacks" / "Pulumi.dev.yaml").write_text(stack)
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(root))
    monkeypatch.delenv("AOAI_CATALOG", raising=False)
    monkeypatch.delenv("AOAI_ENV_VALUES", raising=False)
    monkeypatch.chdir(root)
    return root


def account_args(**changes: Any) -> OpenAIAccountArgs:
    """OpenAIAccountArgs of a small valid account (one chat deployment), with `changes` applied."""
    from azure_openai_toolkit import ModelDeployment, OpenAIAccountArgs

    chat = ModelDeployment(model="gpt-5", version="2025-08-07", sku="GlobalStandard", capacity=10)
    values: dict[str, Any] = {
        "account_name": "contoso-dev-primary",
        "location": "swedencentral",
        "resource_group_name": "rg",
        "deployments": {"chat": chat},
        **changes,
    }
    return OpenAIAccountArgs(**values)


def base_config() -> dict[str, Any]:
    """A small valid stack config (as the stack file's azure-openai: keys, camelCase)."""
    return {
        "namePrefix": "contoso",
        "environment": "dev",
        "location": "swedencentral",
        "accounts": {
            "primary": {
                "deployments": {
                    "chat": {
                        "model": "gpt-5",
                        "version": "2025-08-07",
                        "sku": "GlobalStandard",
                        "capacity": 10,
                    }
                }
            }
        },
    }


def with_changes(changes: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(base_config())
    changes(data)
    return data


def engine_raw(data: dict[str, Any]) -> dict[str, str]:
    """What the Pulumi engine hands the program for these azure-openai: values."""
    raw: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            raw[key] = "true" if value else "false"
        elif isinstance(value, (dict, list)):
            raw[key] = json.dumps(value)
        else:
            raw[key] = str(value)
    return raw


def parse(data: dict[str, Any]) -> StackConfig:
    return parse_raw(engine_raw(data), "test")


def problems_of(data: dict[str, Any]) -> dict[str, str]:
    """{key path: message} of an invalid config; fails the test if the config is valid."""
    with pytest.raises(ConfigError) as caught:
        parse(data)
    return {p.path: p.message for p in caught.value.problems}


def problem_list(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        parse(data)
    return caught.value.problems


def run_components(build: Callable[[], object], stack: str = "test") -> ProgramRun:
    """Build components in a fresh mock engine, wait for every registration, return the record."""
    return run_in_mock_engine(build, stack)


def registrations_of(run: ProgramRun, type_token: str) -> dict[str, Any]:
    """{logical name: Registration} of one resource type."""
    return {r.name: r for r in run.by_type(type_token)}


def names_of(run: ProgramRun, urns: list[str]) -> list[str]:
    by_urn = run.by_urn()
    return sorted(by_urn[u].name for u in urns if u in by_urn)


def graph_by_name(run: ProgramRun) -> dict[str, tuple[Any, ...]]:
    """Each registration as names: type, parent, inputs, dependencies, options."""
    by_urn = run.by_urn()

    def name(urn: str) -> str:
        return by_urn[urn].name if urn in by_urn else urn

    return {
        r.name: (
            r.type,
            name(r.parent) if r.parent in by_urn else "",
            json.dumps(r.inputs, sort_keys=True),
            sorted(name(u) for u in r.dependencies),
            {key: sorted(name(u) for u in urns) for key, urns in r.property_dependencies.items()},
            r.protect,
            r.ignore_changes,
        )
        for r in run.registrations
    }


def _fixture_files() -> set[Path]:
    return {p for p in FIXTURES.rglob("*") if "__pycache__" not in p.parts}


@pytest.fixture(autouse=True, scope="session")
def _fixtures_stay_as_committed() -> Iterator[None]:
    """Tests run in tests/fixtures: one that wrote there (an aoai-catalog.json, a new stack) would
    change what every later test reads. Write in tmp_path instead."""
    before = _fixture_files()
    yield
    added = sorted(str(p.relative_to(FIXTURES)) for p in _fixture_files() - before)
    assert not added, f"tests wrote into tests/fixtures: {added}"


@pytest.fixture(autouse=True, scope="session")
def _no_cached_results_from_before_the_mutant() -> None:
    """Under `make mutate`, forget what test helpers cached (a planned stack, a parsed spec).

    mutmut runs each mutant's tests in a process forked after the unmutated run that recorded which
    tests reach which function, with the test modules already imported: a `functools.cache`d plan
    would hand every mutant the unmutated result, and no assertion on it could fail."""
    if not UNDER_MUTMUT:
        return
    for name, module in list(sys.modules.items()):
        if name == "tests" or name.startswith("tests."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "__wrapped__"):
                    value.cache_clear()


@pytest.fixture(autouse=True)
def _args_hints_worked_out_in_each_test() -> None:
    """Under `make mutate`, forget what the Args checks worked out about type hints and rules.

    components/args.py keeps, per hint and rule, what it means (`_shape`, `_parts`, `_adapter`,
    `_field_rules`). Kept across tests, the first test to check a hint is the only one mutmut sees
    reach the code that works it out, and a mutant's process, forked after the unmutated run,
    finds the memos full and never runs that code at all."""
    if not UNDER_MUTMUT:
        return
    from azure_openai_toolkit import args

    for memo in (args._ADAPTERS, args._SHAPES, args._PARTS, args._FIELD_RULES):
        memo.clear()


@pytest.fixture(autouse=True)
def _in_the_fixture_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in tests/fixtures, so `aoai ... --stack prod` means the fixture stack."""
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(FIXTURES)


@pytest.fixture
def pulumi_mocks() -> Iterator[Any]:
    """Mocks in the current context, for @pulumi.runtime.test functions that return Outputs.

    With a thread pool of the test's own, like a plan's (runner.own_thread_pool): a
    test run in a process forked after another test (`make mutate`) must not inherit a pool
    without threads."""
    import pulumi

    from aoai.offline.mocks import AzureMocks, RecordingMonitor
    from aoai.offline.runner import own_thread_pool

    mocks = AzureMocks()
    monitor = RecordingMonitor(mocks)
    with own_thread_pool():
        pulumi.runtime.set_mocks(mocks, project="azure-openai", stack="unit", preview=False, monitor=monitor)
        yield monitor


# The local HTTPS fake of ARM and Entra ID for the live commands (tests/fake_arm).
from tests.fake_arm.fixtures import fake_arm, fake_arm_server  # noqa: E402, F401
