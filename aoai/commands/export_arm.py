"""`aoai export-arm`: the planned Azure resources as an ARM template, for scanners and review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..console import err
from ..layers import EnvValuesOption, Masker, plain_values, print_notes, with_env_values
from ..stacks import StackOption, resolve_stack
from ..subscriptions import subscription_guid


def export_arm(
    stack: StackOption,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the template here instead of stdout."),
    ] = None,
    subscription: Annotated[
        str | None,
        typer.Option(
            "--subscription",
            envvar=["AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID"],
            metavar="ID",
            help="The subscription the stack deploys to: role assignment names are built from ids "
            "in it. Default: a placeholder (the template's metadata says so).",
        ),
    ] = None,
    env_values: EnvValuesOption = None,
) -> None:
    """Write the stack's planned Azure resources as an ARM deployment template (JSON).

    For security scanners that read ARM templates but not Pulumi programs (Checkov, PSRule for
    Azure, Microsoft's ARM template analyzer) and for review. It is not for deploying: Pulumi
    deploys the stack. The template comes from the same offline plan as `aoai plan` (the real
    __main__.py under mocks): the resources of the stack's resource group with their ARM types,
    the api-versions pulumi-azure-native sends, names, properties, sku, kind, identity, location,
    tags and dependsOn. Names are the ones the program gives (role assignment GUIDs for the
    subscription of --subscription); ids of resources in the template are ARM expressions
    (resourceId()); resources of another resource group go into a nested deployment to it. The
    config is merged like `aoai plan` merges it (Pulumi.yaml's project config and, with
    --env-values, the stack's ESC environments).

    Secret values are never written: each is a template parameter (securestring; string for a
    name derived from a secret, secureObject for an object the plan cannot see into), supplied at
    deployment or by the scanner's parameter file.

    Exit code 0 on success, 2 when the stack config is invalid or a secret sits inside another
    value, where no parameter can stand for it (nothing is written).

    Examples:

      aoai export-arm --stack prod -o prod.template.json --subscription 00000000-0000-0000-0000-000000000000

      checkov -f prod.template.json --framework arm
    """
    from ..offline.arm import arm_template
    from ..offline.document import plan_document
    from ..offline.mocks import SUBSCRIPTION_ID
    from ..offline.plan import masked, plan_stack
    from ..safe_write import write_file

    subscription_id = subscription_guid(subscription) if subscription else SUBSCRIPTION_ID
    ref = with_env_values(resolve_stack(stack), env_values)
    with err.status(f"planning {ref.display} offline ..."):
        run = masked(plan_stack(ref, subscription_id=subscription_id), Masker.of([ref]))
        document = plan_document(run, plain_values=plain_values(ref))
        template = arm_template(document, subscription_id)
    print_notes(ref)
    text = json.dumps(template, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text)
    err.print(f"wrote {output} ({len(template['resources'])} resources)")
