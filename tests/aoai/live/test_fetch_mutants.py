"""fetch.py: the bounded task runner's rules, where `make mutate` showed no test looked (issue 16).
Tasks are plain functions (no Azure): what each one answers or raises is written here, and the
outcomes expected from the runner's docstring, by hand."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    DeserializationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
)

from aoai.live.client import Deadline, open_session
from aoai.live.errors import AzureAccessError, AzureFailure
from aoai.live.facts import DeletedAccount
from aoai.live.fetch import Outcome, fetch_account, fetch_deleted, preview_not_served, run_concurrently
from tests.aoai.live.scenario import settings_for
from tests.fake_arm import FakeArm, Fault
from tests.fake_arm.state import key_of


def answer(value: str) -> Callable[[], str]:
    return lambda: value


def fail(error: Exception) -> Callable[[], str]:
    def task() -> str:
        raise error

    return task


def test_each_task_s_answer_or_failure_comes_back_under_its_key_in_order() -> None:
    outcomes = run_concurrently(
        {"b": answer("B"), "a": fail(ServiceRequestError("connection refused")), "c": answer("C")},
        concurrency=2,
        deadline=Deadline(30),
    )
    assert list(outcomes) == ["b", "a", "c"]
    assert outcomes["b"] == Outcome(value="B") and outcomes["c"] == Outcome(value="C")
    assert outcomes["a"] == Outcome(
        failure=AzureFailure(
            "unreachable",
            "could not reach Azure Resource Manager (connection refused); "
            "check the network and --arm-endpoint",
        )
    )


def test_a_failure_that_is_not_azure_s_is_a_bug_and_raised() -> None:
    with pytest.raises(KeyError):
        run_concurrently({"a": fail(KeyError("x"))}, concurrency=1, deadline=Deadline(30))


def test_an_authentication_failure_stops_the_run_and_its_deadline() -> None:
    deadline = Deadline(30)
    with pytest.raises(AzureAccessError) as caught:
        run_concurrently(
            {"a": fail(ClientAuthenticationError(message="no token"))}, concurrency=1, deadline=deadline
        )
    assert caught.value.failure == AzureFailure("auth", "not authenticated to Azure: no token")
    assert deadline.remaining() == 0.0  # the other tasks send nothing more


def test_a_refused_read_does_not_stop_the_run() -> None:
    deadline = Deadline(30)
    outcomes = run_concurrently(
        {"a": fail(HttpResponseError(message="nope"))}, concurrency=1, deadline=deadline
    )
    assert outcomes["a"].failure is not None and outcomes["a"].failure.kind == "refused"
    assert deadline.remaining() > 0


def test_tasks_still_running_at_the_deadline_are_reported_timed_out() -> None:
    release = threading.Event()

    def stuck() -> str:
        release.wait(30)
        return "late"

    deadline = Deadline(30)
    deadline.cancel()  # the run's time is up before any task answers
    try:
        outcomes = run_concurrently({"a": stuck}, concurrency=1, deadline=deadline)
    finally:
        release.set()
    assert outcomes == {
        "a": Outcome(failure=AzureFailure("timeout", "no answer within the run's --timeout of 30s"))
    }


def test_follow_ups_join_the_run_and_on_done_hears_of_every_key() -> None:
    done: list[str] = []

    def then(key: str, outcome: Outcome[str]) -> dict[str, Callable[[], str]]:
        return {f"{key}+": answer(f"{outcome.value}+")} if not key.endswith("+") else {}

    outcomes = run_concurrently(
        {"a": answer("A"), "b": answer("B")},
        concurrency=1,
        deadline=Deadline(30),
        on_done=done.append,
        then=then,
    )
    assert sorted(outcomes) == ["a", "a+", "b", "b+"]
    assert outcomes["a+"] == Outcome(value="A+") and outcomes["b+"] == Outcome(value="B+")
    assert sorted(done) == ["a", "a+", "b", "b+"]


def test_no_more_tasks_run_at_once_than_the_concurrency() -> None:
    """Two tasks that each wait for the other can finish only when both run at once."""
    both = threading.Barrier(2, timeout=10)

    def meet() -> str:
        both.wait()
        return "met"

    assert run_concurrently({"a": meet, "b": meet}, concurrency=2, deadline=Deadline(30)) == {
        "a": Outcome(value="met"),
        "b": Outcome(value="met"),
    }
    names: set[str] = set()

    def where() -> str:
        names.add(threading.current_thread().name)
        return "x"

    run_concurrently({k: where for k in "abcd"}, concurrency=1, deadline=Deadline(30))
    assert len(names) == 1 and names.pop().startswith("aoai-arm")


@pytest.mark.parametrize(("status", "not_served"), [(400, True), (404, False), (409, False), (500, False)])
def test_only_a_400_means_the_preview_api_version_is_not_served(status: int, not_served: bool) -> None:
    error = HttpResponseError(message="x")
    error.status_code = status
    assert preview_not_served(error) is not_served


def test_follow_ups_may_run_as_many_at_once_as_the_concurrency_even_after_one_first_task() -> None:
    """The pool is sized for follow-ups, not for the first wave: one task whose two follow-ups can
    finish only when both run at once."""
    both = threading.Barrier(2, timeout=10)

    def meet() -> str:
        both.wait()
        return "met"

    def then(key: str, outcome: Outcome[str]) -> dict[str, Callable[[], str]]:
        return {"b": meet, "c": meet} if key == "a" else {}

    outcomes = run_concurrently({"a": answer("A")}, concurrency=2, deadline=Deadline(30), then=then)
    assert outcomes == {"a": Outcome(value="A"), "b": Outcome(value="met"), "c": Outcome(value="met")}


class OverOnceStarted(Deadline):
    """The run's time, up the moment the first task has started (so the task is in flight then)."""

    def __init__(self) -> None:
        super().__init__(30)
        self.started = threading.Event()

    def remaining(self) -> float:
        self.started.wait(10)
        return 0.0


def test_at_the_deadline_the_run_returns_without_waiting_and_queued_tasks_never_start() -> None:
    """In-flight requests end on their own (their timeouts are capped by the deadline); tasks not
    started yet are dropped, so they send nothing after the run."""
    deadline = OverOnceStarted()
    returned = threading.Event()
    seen: list[bool] = []
    worker: list[threading.Thread] = []
    queued_ran: list[str] = []

    def in_flight() -> str:
        worker.append(threading.current_thread())
        deadline.started.set()
        seen.append(returned.wait(10))  # False only if the run waited for this task
        return "late"

    def queued() -> str:
        queued_ran.append("ran")
        return "late too"

    # One worker: `queued` waits behind `in_flight`, which is still running when time is up.
    outcomes = run_concurrently({"a": in_flight, "b": queued}, concurrency=1, deadline=deadline)
    returned.set()
    worker[0].join(10)  # the pool's one thread: ends once it has nothing left to run
    assert seen == [True]
    assert queued_ran == []
    late = Outcome[str](failure=AzureFailure("timeout", "no answer within the run's --timeout of 30s"))
    assert outcomes == {"a": late, "b": late}


# -- an account read by name, at the preview api-version that shows its upgrade status ----------

RG, NAME = "rg-ai", "contoso-ai"
# The block Microsoft Learn shows under properties at 2026-01-15-preview
# (tests/fixtures/arm/examples/account_foundry_auto_upgrade.json).
UPGRADE_BLOCK = {
    "mode": "Enabled",
    "plannedByMicrosoft": True,
    "scheduledAt": "2026-04-15T00:00:00Z",
    "statusReason": "Scheduled",
}


def seed_account(fake: FakeArm) -> None:
    """An OpenAI account as Accounts_Get answers it (account_show_openai_kind.json's shape)."""
    fake.state.load({"accounts": [{
        "id": f"/subscriptions/{fake.subscription_id}/resourceGroups/{RG}/providers/"
        f"Microsoft.CognitiveServices/accounts/{NAME}",
        "name": NAME,
        "type": "Microsoft.CognitiveServices/accounts",
        "location": "westus",
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "properties": {
            "endpoint": f"https://{NAME}.openai.azure.com/",
            "customSubDomainName": NAME,
            "provisioningState": "Succeeded",
            "publicNetworkAccess": "Enabled",
        },
    }]})
    fake.state.auto_upgrades[key_of(RG, NAME)] = dict(UPGRADE_BLOCK)


def gets(fake: FakeArm) -> list[tuple[str, str, str]]:
    return [
        (r.params["resourceGroupName"], r.params["accountName"], r.query["api-version"])
        for r in fake.calls("Accounts_Get")
    ]


def test_an_account_is_read_at_the_preview_with_its_raw_body(fake_arm: FakeArm) -> None:
    seed_account(fake_arm)
    with open_session(settings_for(fake_arm)) as session:
        account, raw = fetch_account(session.client, RG, NAME)
    assert (account.name, account.location, account.kind) == (NAME, "westus", "OpenAI")
    assert raw is not None and raw["properties"]["foundryAutoUpgrade"] == UPGRADE_BLOCK
    assert gets(fake_arm) == [(RG, NAME, "2026-01-15-preview")]


def test_when_the_preview_is_not_served_the_account_is_read_at_the_sdk_s_version(fake_arm: FakeArm) -> None:
    seed_account(fake_arm)
    fake_arm.state.retired_api_versions.add("2026-01-15-preview")  # ARM answers 400
    with open_session(settings_for(fake_arm)) as session:
        account, raw = fetch_account(session.client, RG, NAME)
    assert (account.name, account.location, raw) == (NAME, "westus", None)
    assert gets(fake_arm) == [(RG, NAME, "2026-01-15-preview"), (RG, NAME, "2025-09-01")]


def test_an_account_that_does_not_exist_is_not_found_once(fake_arm: FakeArm) -> None:
    with open_session(settings_for(fake_arm)) as session, pytest.raises(ResourceNotFoundError):
        fetch_account(session.client, RG, NAME)
    assert gets(fake_arm) == [(RG, NAME, "2026-01-15-preview")]  # a 404 is not the preview's refusal


def test_an_account_answered_as_null_is_a_malformed_answer_not_a_crash(fake_arm: FakeArm) -> None:
    """A `null` body deserializes to no account: reported like any answer of the wrong shape, at
    the preview and at the SDK's version alike (before, a read by name failed on the missing account)."""
    seed_account(fake_arm)
    fake_arm.inject("Accounts_Get", Fault.null_body())
    with open_session(settings_for(fake_arm)) as session:
        outcome = run_concurrently(
            {"a": lambda: fetch_account(session.client, RG, NAME)}, concurrency=1, deadline=Deadline(30)
        )["a"]
    assert outcome.failure == AzureFailure(
        "malformed",
        "Azure answered with a body that is not valid JSON or not the expected shape (Azure answered "
        "an account read with an empty (null) body)",
    )
    not_served = Fault("status", 400, "NoRegisteredProviderFound", "No registered resource provider found.")
    fake_arm.inject("Accounts_Get", not_served)
    fake_arm.inject("Accounts_Get", Fault.null_body())
    with open_session(settings_for(fake_arm)) as session, pytest.raises(DeserializationError):
        fetch_account(session.client, RG, NAME)
    assert gets(fake_arm)[-2:] == [(RG, NAME, "2026-01-15-preview"), (RG, NAME, "2025-09-01")]


def test_the_soft_deleted_accounts_of_the_subscription(fake_arm: FakeArm) -> None:
    """DeletedAccounts_List, answered with bodies shaped like the spec's GetDeletedAccount example
    (tests/fixtures/arm/examples/GetDeletedAccount.2025-09-01.json), an OpenAI account's fields."""
    sub = fake_arm.subscription_id
    gone = (("westus", "rg-ai", "old-ai", "old-ai"), ("eastus2", "rg-b", "gone", None))
    for location, group, name, subdomain in gone:
        properties = {"provisioningState": "Deleted", "scheduledPurgeDate": "2026-12-20T00:00:00Z"}
        if subdomain:
            properties["customSubDomainName"] = subdomain
        fake_arm.state.deleted_accounts[key_of(location, group, name)] = {
            "id": f"/subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/{location}/"
            f"resourceGroups/{group}/deletedAccounts/{name}",
            "name": name,
            "type": "Microsoft.CognitiveServices/accounts",
            "location": location,
            "sku": {"name": "S0"},
            "kind": "OpenAI",
            "properties": properties,
        }
    with open_session(settings_for(fake_arm)) as session:
        deleted = fetch_deleted(session.client)
    assert sorted(deleted, key=lambda d: d.name) == [
        DeletedAccount("gone", "eastus2", "rg-b", None, "2026-12-20T00:00:00Z"),
        DeletedAccount("old-ai", "westus", "rg-ai", "old-ai", "2026-12-20T00:00:00Z"),
    ]
