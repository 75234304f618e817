"""plan.py: a stack planned with ids in the subscription asked for, a failing program as a usage
error (exit 2), and known secrets (--env-values) masked in every name and value of a run."""

from __future__ import annotations

from typing import Any

import pytest

from aoai.exit_codes import AoaiError
from aoai.layers import Masker
from aoai.offline import plan
from aoai.offline.mocks import Registration
from aoai.offline.plan import masked, plan_stack
from aoai.offline.runner import ProgramFailed, ProgramRun
from aoai.stacks import StackRef
from tests.conftest import FIXTURE_STACKS

SUB = "11111111-2222-3333-4444-555555555555"


def test_a_stack_is_planned_with_ids_in_the_subscription_asked_for() -> None:
    run = plan_stack(StackRef("tuned", FIXTURE_STACKS / "Pulumi.tuned.yaml"), subscription_id=SUB)
    (account,) = run.by_type("azure-native:cognitiveservices:Account")
    assert account.id is not None and account.id.startswith(f"/subscriptions/{SUB}/resourceGroups/")
    assert run.stack == "tuned" and run.project == "azure-openai"
    assert account.inputs["location"] == "swedencentral"  # the stack file's config reached the program


def test_a_failing_program_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*_: Any, **__: Any) -> ProgramRun:
        raise ProgramFailed("azure-openai:accounts: the program refused it", [])

    monkeypatch.setattr(plan, "run_program", fails)
    with pytest.raises(AoaiError) as caught:
        plan_stack(StackRef("tuned", FIXTURE_STACKS / "Pulumi.tuned.yaml"))
    assert caught.value.code == 2
    assert str(caught.value) == "azure-openai:accounts: the program refused it"


def test_known_secrets_are_masked_everywhere_in_a_run() -> None:
    secret = "s3cr3t-value-long-enough"
    registration = Registration(
        urn=f"urn:x::{secret}",
        type="t:m:T",
        name=f"n-{secret}",
        parent=f"urn:p-{secret}",
        custom=True,
        inputs={"a": secret, "b": [f"x {secret}"]},
        dependencies=[f"urn:{secret}"],
        property_dependencies={"a": [f"urn:{secret}"]},
        protect=True,
        outputs={"o": secret},
    )
    run = ProgramRun("dev", [registration], outputs={"endpoint": secret}, project="p")
    result = masked(run, Masker([secret]))
    (shown,) = result.registrations
    assert (shown.urn, shown.name, shown.parent) == ("urn:x::[secret]", "n-[secret]", "urn:p-[secret]")
    assert shown.inputs == {"a": "[secret]", "b": ["x [secret]"]}
    assert shown.outputs == {"o": "[secret]"}
    assert shown.dependencies == ["urn:[secret]"] and shown.property_dependencies == {"a": ["urn:[secret]"]}
    assert (shown.type, shown.protect) == ("t:m:T", True)
    assert result.outputs == {"endpoint": "[secret]"} and (result.stack, result.project) == ("dev", "p")
    assert masked(run, Masker([])) is run
