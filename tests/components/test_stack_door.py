"""The stack-file door is one user of the component API, and what it registers does not move.

tests/fixtures/stack-door/registrations.json was recorded from the program before the components
took typed Args (the stack config was then passed to them directly); the stack file there uses
every account feature of the contract. The program must still register exactly that: the same
resources, names, inputs, parents, dependencies and options, so no stack sees a diff from the
refactoring. When a change to what stacks deploy is intended, re-record it:

    .venv/bin/python -m tests.components.test_stack_door
"""

from __future__ import annotations

import json
from typing import Any

from aoai.offline.runner import run_program
from azure_openai_toolkit.config import read_stack_file
from tests.conftest import FIXTURES

STACK_FILE = FIXTURES / "stack-door" / "Pulumi.every-feature.yaml"
RECORDED = FIXTURES / "stack-door" / "registrations.json"
KEPT = (
    "type",
    "name",
    "parent",
    "custom",
    "inputs",
    "dependencies",
    "property_dependencies",
    "protect",
    "ignore_changes",
)


def registrations() -> dict[str, dict[str, Any]]:
    raw, secrets = read_stack_file(STACK_FILE)
    run = run_program(FIXTURES, "every-feature", raw, secrets)
    return {r.urn: {key: getattr(r, key) for key in KEPT} for r in run.registrations}


def test_the_program_registers_what_it_registered_before_the_args() -> None:
    recorded = json.loads(RECORDED.read_text())
    current = json.loads(json.dumps(registrations()))
    assert sorted(current) == sorted(recorded)
    for urn, registration in recorded.items():
        assert current[urn] == registration, urn


if __name__ == "__main__":
    RECORDED.write_text(json.dumps(registrations(), indent=1, sort_keys=True) + "\n")
