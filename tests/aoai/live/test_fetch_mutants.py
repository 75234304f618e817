"""fetch.py: the bounded task runner's rules, where `make mutate` showed no test looked (issue 16).
Tasks are plain functions (no Azure): what each one answers or raises is written here, and the
outcomes expected from the runner's docstring, by hand."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ServiceRequestError

from aoai.live.client import Deadline
from aoai.live.errors import AzureAccessError, AzureFailure
from aoai.live.fetch import Outcome, preview_not_served, run_concurrently


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
