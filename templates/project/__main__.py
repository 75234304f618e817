"""The Pulumi program: load the stack config, place and check it, build one OpenAIEnvironment.

`pulumi up` runs this file, and so does the offline `aoai plan`: what is tested is what deploys.
"""

import pulumi

from azure_openai_toolkit.config import ConfigError, load_pulumi_config
from azure_openai_toolkit.environment import EnvironmentArgs, OpenAIEnvironment
from azure_openai_toolkit.resolve import resolve_stack

source = f"stack {pulumi.get_stack()!r} (Pulumi.{pulumi.get_stack()}.yaml)"
try:
    resolved = resolve_stack(load_pulumi_config(pulumi.get_stack()), source)
except ConfigError as error:
    # RunError prints the message without a Python traceback: every problem, nothing created.
    raise pulumi.RunError(str(error)) from None

for warning in resolved.warnings:
    pulumi.log.warn(f"{warning.render()} ({resolved.catalog.stamp})")

environment = OpenAIEnvironment(
    "openai", EnvironmentArgs(config=resolved.config, locations=resolved.locations)
)
pulumi.export("resourceGroupName", environment.resource_group_name)
pulumi.export("accounts", environment.accounts)
