"""Plan a stack offline: validate its merged config, then run the program under mocks."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from ..exit_codes import AoaiError, ExitCode
from ..layers import Masker
from ..project import project_dir
from ..stack_report import valid_report
from ..stacks import StackRef
from .mocks import SUBSCRIPTION_ID, AzureMocks
from .runner import ProgramFailed, ProgramRun, run_program


def plan_stack(stack: StackRef, *, subscription_id: str = SUBSCRIPTION_ID) -> ProgramRun:
    """The resources `pulumi up` would register for this stack. AoaiError (exit 2) if invalid.

    The program gets the config the engine would give it: the stack file merged with its ESC
    environments (when given) and Pulumi.yaml's project config, secret keys marked secret; the
    stack is read once, for its check (file-named, line-numbered problems, before the program
    runs) and for the program's config. Ids are made in `subscription_id` (a placeholder unless
    the caller knows the real one).
    """
    layers = valid_report(stack).layers  # file-named, line-numbered problems before the program runs
    assert layers is not None  # valid_report raised otherwise
    try:
        return run_program(
            project_dir(),
            stack.name,
            layers.raw(),
            layers.secret_keys(),
            mocks=partial(AzureMocks, subscription_id),
        )
    except ProgramFailed as error:
        raise AoaiError(str(error), ExitCode.INVALID) from None


def masked(run: ProgramRun, mask: Masker) -> ProgramRun:
    """The run with known secrets (from --env-values) masked in every name and property."""
    if not mask.secrets:
        return run
    registrations = [
        replace(
            r,
            urn=mask.text(r.urn),
            name=mask.text(r.name),
            parent=mask.text(r.parent),
            inputs=mask.data(r.inputs),
            outputs=mask.data(r.outputs),
            dependencies=mask.data(r.dependencies),
            property_dependencies=mask.data(r.property_dependencies),
        )
        for r in run.registrations
    ]
    return replace(run, registrations=registrations, outputs=mask.data(run.outputs))
