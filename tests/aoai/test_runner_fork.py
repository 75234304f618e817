"""A plan in a process forked after another plan finishes (mutation testers fork their workers).

Pulumi sends every registration through the event loop's default thread pool. When the runner
kept one loop (and so one pool) across plans, a forked child inherited the pool without its
threads and its first plan waited forever. The child here arms SIGALRM so that a regression ends
as a failed test instead of a hung run; the bound is not a speed measurement.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from tests.conftest import account_args, run_components

# Far above a small plan's cost on a loaded machine: only a hang reaches it.
HANG_GUARD_SECONDS = 120


def _plan_registrations() -> int:
    from azure_openai_toolkit import OpenAIAccount

    run = run_components(lambda: OpenAIAccount("primary", account_args()))
    return len(run.registrations)


def test_a_plan_leaves_no_thread_behind() -> None:
    before = set(threading.enumerate())
    _plan_registrations()
    assert [t.name for t in threading.enumerate() if t not in before] == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_a_child_forked_after_a_plan_can_plan() -> None:
    expected = _plan_registrations()
    assert expected > 0
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if its plan registers what the parent's did
        code = 1
        try:
            signal.alarm(HANG_GUARD_SECONDS)
            code = 0 if _plan_registrations() == expected else 3
        finally:
            sys.stdout.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0  # -14 (SIGALRM) is the hang this guards against
