"""`aoai plan`: what `pulumi up` would create for a stack, offline, from the real program."""

from __future__ import annotations

from ..console import err, out
from ..offline.plan import plan_stack
from ..offline.tree import render_tree
from ..stacks import StackOption, resolve_stack


def plan(
    stack: StackOption,
) -> None:
    """Show the resources a stack creates, without the Pulumi CLI or any cloud account.

    Runs the project's __main__.py (the same program `pulumi up` runs) under Pulumi's mocks with
    the stack file's config, and prints the resources as a tree: nesting, key properties, the
    order writes happen in (after: ...) and which resources are protected.

    Exit code 0 on success, 2 when the stack config is invalid.

    Example:

      aoai plan --stack dev
    """
    ref = resolve_stack(stack)
    with err.status(f"planning {ref.display} offline ..."):
        run = plan_stack(ref)
    out.print(render_tree(run))
