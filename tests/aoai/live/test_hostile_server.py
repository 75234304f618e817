"""Hostile answers from "ARM": the client sends credentials to Resource Manager only, follows no
link elsewhere, notices loops, and turns malformed answers into findings, never a traceback.

A second HTTPS server on another loopback port (tests/fake_arm/hostile.py), trusted by the same
CA, stands for the foreign host. Its request log must stay empty: no token, no request at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlencode

import pytest
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.fake_arm import Fault
from tests.fake_arm.hostile import (
    ForeignHost,
    HostileArm,
    hostile_environment,
    next_link,
    operation_header,
    redirect,
    without_value,
)

from .scenario import RG, gather, preflight, seed_deployed, seed_healthy, stack_data, write_stack

runner = CliRunner()
NAME = "contoso-dev-primary"
API = "api-version=2025-06-01"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[HostileArm, ForeignHost]]:
    arm = HostileArm()
    with arm, ForeignHost(arm) as foreign:
        yield arm, foreign


@pytest.fixture
def arm(servers: tuple[HostileArm, ForeignHost], monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileArm]:
    with hostile_environment(servers[0], monkeypatch) as hostile:
        servers[1].clear()
        yield hostile
    assert hostile.protocol_problems == [], "the client spoke off the specification"


@pytest.fixture
def foreign(servers: tuple[HostileArm, ForeignHost]) -> ForeignHost:
    return servers[1]


def healthy(arm: HostileArm) -> dict[str, object]:
    data = stack_data()
    seed_healthy(arm, data)
    return data


def purge(stack: Path, *args: str) -> Result:
    return runner.invoke(app, ["purge", "--stack", str(stack), "--account", "primary", "--yes", *args])


# -- nextLink -----------------------------------------------------------------------------------


def test_a_next_link_to_another_host_is_not_followed_and_gets_no_token(
    arm: HostileArm, foreign: ForeignHost
) -> None:
    data = healthy(arm)
    arm.rewrite("Models_List", next_link(lambda path, query: f"{foreign.url}{path}?{API}"))
    _, _, facts, missing = gather(arm, data)
    assert foreign.requests == []  # not one request: no token, nothing read from it
    assert {m.scope for m in missing} == {"region swedencentral", "region uksouth"}
    reason = missing[0].reason
    assert "Azure's answer was not trusted" in reason
    assert (
        f"points to {foreign.url}" in reason and f"not to the Resource Manager endpoint {arm.url}" in reason
    )
    assert "no credentials were sent" in reason
    assert facts.regions == {}  # nothing from a list that was not read to its end is used
    assert len(arm.calls("Models_List", location="uksouth")) == 1  # a refusal is not retried


def test_a_next_link_over_plain_http_to_the_same_host_is_refused(
    arm: HostileArm, foreign: ForeignHost
) -> None:
    data = healthy(arm)
    insecure = arm.url.replace("https://", "http://")
    arm.rewrite("Usages_List", next_link(lambda path, query: f"{insecure}{path}?{API}"))
    _, _, _, missing = gather(arm, data)
    assert f"points to {insecure}" in missing[0].reason


def test_a_next_link_to_the_same_page_is_a_loop_stopped_at_once(arm: HostileArm) -> None:
    data = healthy(arm)
    arm.rewrite("Models_List", next_link(lambda path, query: f"{arm.url}{path}?{urlencode(query)}"))
    _, _, _, missing = gather(arm, data)
    assert "leads back to a page already read (after 1 page(s)): a loop" in missing[0].reason
    assert len(arm.calls("Models_List", location="swedencentral")) == 1


def test_a_two_page_loop_is_stopped_after_two_pages(arm: HostileArm, tmp_path: Path) -> None:
    data = stack_data()

    def back_and_forth(path: str, query: Mapping[str, str]) -> str:
        if "$skipToken" in query:
            return f"{arm.url}{path}?{API}"  # the second page points back to the first
        return f"{arm.url}{path}?{API}&$skipToken=0"

    arm.rewrite("Deployments_List", next_link(back_and_forth))
    seed_deployed(arm)
    result = runner.invoke(app, ["verify", "--stack", str(write_stack(tmp_path, data)), "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 3, result.output
    assert any("after 2 page(s)): a loop" in n["reason"] for n in report["notChecked"])
    assert len(arm.calls("Deployments_List")) == 4  # two accounts, two pages each, then stopped


# -- long-running operations and redirects -------------------------------------------------------


@pytest.mark.parametrize("header", ["Azure-AsyncOperation", "Location"])
def test_a_purge_whose_operation_points_elsewhere_is_not_reported_purged(
    arm: HostileArm, foreign: ForeignHost, tmp_path: Path, header: str
) -> None:
    arm.state.add_deleted_account("swedencentral", RG, NAME)
    arm.rewrite("DeletedAccounts_Purge", operation_header(header, f"{foreign.url}/operations/1?{API}"))
    result = purge(write_stack(tmp_path, stack_data()))
    assert result.exit_code == 3, result.output
    assert f"the {header} header of the answer to DELETE" in result.stderr
    assert f"points to {foreign.url}/operations/1" in result.stderr
    assert "purged" not in result.stdout and "Traceback" not in result.output
    assert foreign.requests == []
    assert foreign.tokens() == []


def test_a_redirect_to_another_host_is_not_followed(
    arm: HostileArm, foreign: ForeignHost, tmp_path: Path
) -> None:
    arm.state.add_deleted_account("swedencentral", RG, NAME)
    arm.rewrite("DeletedAccounts_List", redirect(f"{foreign.url}/subscriptions/x/deletedAccounts?{API}"))
    result = purge(write_stack(tmp_path, stack_data()))
    assert result.exit_code == 3, result.output
    assert "the Location header of the answer to GET" in result.stderr
    assert foreign.requests == []
    assert len(arm.state.deleted_accounts) == 1


def test_without_the_guard_the_foreign_host_would_get_the_token(
    arm: HostileArm, foreign: ForeignHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: this setup does leak a token when the client's guard is taken away."""

    class PassThrough(HTTPPolicy[object, object]):
        def __init__(self, endpoint: str) -> None:
            super().__init__()

        def send(self, request: PipelineRequest[object]) -> PipelineResponse[object, object]:
            return self.next.send(request)

    monkeypatch.setattr("aoai.live.client.ResourceManagerOnly", PassThrough)
    data = healthy(arm)
    arm.rewrite("Models_List", next_link(lambda path, query: f"{foreign.url}{path}?{API}"))
    gather(arm, data)
    assert foreign.tokens() and all(t.startswith("Bearer fake-arm-token-") for t in foreign.tokens())


# -- malformed answers ---------------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", ["abc", "nan", "-5", "1e400", "Mon, 99 Foo 2024 00:00:00 GMT"])
def test_an_unusable_retry_after_is_ignored_and_the_backoff_applies(
    arm: HostileArm, retry_after: str
) -> None:
    data = healthy(arm)
    arm.inject("Models_List", Fault.throttled(retry_after=retry_after), times=1, location="uksouth")
    assert preflight(arm, data) == ([], [])
    assert len(arm.calls("Models_List", location="uksouth")) == 2


def test_a_list_answer_without_value_is_not_checked_never_a_crash(arm: HostileArm) -> None:
    data = healthy(arm)
    arm.rewrite("Usages_List", without_value)
    _, _, _, missing = gather(arm, data)
    assert {m.scope for m in missing} == {"region swedencentral", "region uksouth"}
    assert "a list without its 'value' array" in missing[0].reason


def test_verify_with_a_list_answer_without_value_exits_3_with_the_reason(
    arm: HostileArm, tmp_path: Path
) -> None:
    data = stack_data()
    seed_deployed(arm)
    arm.rewrite("Deployments_List", without_value)
    result = runner.invoke(app, ["verify", "--stack", str(write_stack(tmp_path, data))])
    assert result.exit_code == 3
    assert "without its 'value' array" in result.stdout + result.stderr
    assert "Traceback" not in result.output


def test_an_unusable_retry_after_while_polling_a_purge(arm: HostileArm, tmp_path: Path) -> None:
    arm.state.add_deleted_account("swedencentral", RG, NAME)
    arm.lro_polls, arm.lro_retry_after = 1, "abc"
    result = purge(write_stack(tmp_path, stack_data()))
    assert result.exit_code == 0, result.output
    assert arm.state.deleted_accounts == {}


# -- settings from outside -----------------------------------------------------------------------


@pytest.mark.parametrize("timeout", ["inf", "nan", "-1", "1e9"])
def test_a_timeout_that_is_not_a_usable_number_is_bad_usage(
    arm: HostileArm, tmp_path: Path, timeout: str
) -> None:
    result = purge(write_stack(tmp_path, stack_data()), "--timeout", timeout)
    assert result.exit_code == 2
    assert "--timeout must be a number of seconds above 0 and at most 86400" in result.stderr
    assert arm.arm_requests() == []


def test_an_http_authority_is_refused_before_any_secret_is_sent(
    arm: HostileArm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", arm.url.replace("https://", "http://"))
    result = purge(write_stack(tmp_path, stack_data()))
    assert result.exit_code == 2
    assert "AZURE_AUTHORITY_HOST must be an https:// URL" in result.stderr
    assert arm.requests == []
