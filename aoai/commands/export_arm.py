"""`aoai export-arm`: the planned Azure resources as an ARM template, for scanners and review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..console import err
from ..layers import EnvValuesOption, Masker, print_notes, with_env_values
from ..stacks import StackOption, resolve_stack


def export_arm(
    stack: StackOption,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the template here instead of stdout."),
    ] = None,
    env_values: EnvValuesOption = None,
) -> None:
    """Write the stack's planned Azure resources as an ARM deployment template (JSON).

    For security scanners that read ARM templates but not Pulumi programs (Checkov, PSRule for
    Azure, Microsoft's ARM template analyzer) and for review. It is not for deploying: Pulumi
    deploys the stack. The template comes from the same offline plan as `aoai plan` (the real
    __main__.py under mocks): the resources of the stack's resource group with their ARM types,
    the api-versions pulumi-azure-native sends, names, properties, sku, kind, identity, location,
    tags and dependsOn. Ids that exist only after deployment are ARM expressions (resourceId(),
    guid()); the template's metadata says which. The config is merged like `aoai plan` merges
    it (Pulumi.yaml's project config and, with --env-values, the stack's ESC environments).

    Exit code 0 on success, 2 when the stack config is invalid (nothing is written).

    Examples:

      aoai export-arm --stack prod -o prod.template.json

      checkov -f prod.template.json --framework arm
    """
    from ..offline.arm import arm_template
    from ..offline.document import plan_document
    from ..offline.plan import masked, plan_stack
    from ..safe_write import write_file

    ref = with_env_values(resolve_stack(stack), env_values)
    with err.status(f"planning {ref.display} offline ..."):
        template = arm_template(plan_document(masked(plan_stack(ref), Masker.of([ref]))))
    print_notes(ref)
    text = json.dumps(template, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)
    err.print(f"wrote {output} ({len(template['resources'])} resources)")
