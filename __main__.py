"""The Pulumi program: load the stack config, build one OpenAIEnvironment, export its outputs.

`pulumi up` runs this file, and so does the offline `aoai plan`: what is tested is what deploys.
"""

import pulumi

from components.config import ConfigError, load_pulumi_config
from components.environment import EnvironmentArgs, OpenAIEnvironment
from components.placement import resolve_locations

try:
    config = load_pulumi_config(pulumi.get_stack())
    locations = resolve_locations(config, f"stack {pulumi.get_stack()!r}")
except ConfigError as error:
    # RunError prints the message without a Python traceback: every problem, nothing created.
    raise pulumi.RunError(str(error)) from None

environment = OpenAIEnvironment("openai", EnvironmentArgs(config=config, locations=locations))
pulumi.export("resourceGroupName", environment.resource_group_name)
pulumi.export("accounts", environment.accounts)
