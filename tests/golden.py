"""Golden snapshots of what identifies each resource: URN (Pulumi's identity) and Azure id.

A changed URN makes Pulumi delete and recreate the resource; a changed Azure id (name, group,
parent) is a different resource to Azure. The snapshots (tests/fixtures/golden/<stack>.txt) are
written only by `python -m tests.regen_golden` (or `make golden`), never by a test run, so every
change shows as a diff to review. tests/test_pinned_names.py pins the names with hand-written
literals as well; these files cover every resource of the fixture stacks.
"""

from __future__ import annotations

from pathlib import Path

from aoai.offline.runner import ProgramRun, run_program
from azure_openai_toolkit.config import read_stack_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = FIXTURES / "golden"
STACKS = ("prod", "names")  # the example prod stack and the one with every naming path
REGENERATE = "python -m tests.regen_golden"
# Inputs that name something in Azure without being part of the id.
NAMING_INPUTS = (("properties", "customSubDomainName"),)


def golden_path(stack: str) -> Path:
    return GOLDEN / f"{stack}.txt"


def planned(stack: str) -> ProgramRun:
    raw, secrets = read_stack_file(FIXTURES / "stacks" / f"Pulumi.{stack}.yaml")
    return run_program(FIXTURES, stack, raw, secrets)


def snapshot(run: ProgramRun) -> str:
    """One block per resource, sorted by URN: the URN, then its Azure id and naming inputs."""
    blocks = []
    for registration in sorted(run.registrations, key=lambda r: r.urn):
        lines = [registration.urn]
        if registration.id:
            lines.append(f"    id {registration.id}")
        for path in NAMING_INPUTS:
            value: object = registration.inputs
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None:
                lines.append(f"    {'.'.join(path)} {value}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def urns_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("urn:")]
