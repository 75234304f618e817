"""The Pulumi program: load the stack config, place and check it, build one OpenAIEnvironment.

`pulumi up` runs this file, and so does the offline `aoai plan`: what is tested is what deploys.
"""

import datetime
import os
from pathlib import Path

import pulumi

from azure_openai_toolkit.catalog import CatalogError
from azure_openai_toolkit.catalog_choice import (
    catalog_settings,
    first_announcement,
    project_root_of,
    select_catalog,
    staleness_warning,
)
from azure_openai_toolkit.config import ConfigError, load_pulumi_config
from azure_openai_toolkit.environment import EnvironmentArgs, OpenAIEnvironment
from azure_openai_toolkit.resolve import resolve_stack

# The project's catalog (aoai-catalog.json next to Pulumi.yaml, or AOAI_CATALOG), else the
# toolkit's snapshot.
project = project_root_of(Path(__file__))
try:
    settings = catalog_settings(os.environ, project)
    catalog = select_catalog(project, settings)
except CatalogError as error:
    raise pulumi.RunError(str(error)) from None
stale = staleness_warning(catalog, datetime.datetime.now(datetime.UTC).date(), settings.max_age_days)
if stale and first_announcement(stale):
    pulumi.log.warn(stale)

source = f"stack {pulumi.get_stack()!r} (Pulumi.{pulumi.get_stack()}.yaml)"
try:
    resolved = resolve_stack(load_pulumi_config(pulumi.get_stack()), source, catalog=catalog)
except ConfigError as error:
    # RunError prints the message without a Python traceback: every problem, nothing created.
    raise pulumi.RunError(str(error)) from None

for warning in resolved.warnings:  # each names the catalog it comes from
    pulumi.log.warn(warning.render())

environment = OpenAIEnvironment(
    "openai",
    EnvironmentArgs(config=resolved.config, locations=resolved.locations, catalog=resolved.catalog),
)
pulumi.export("resourceGroupName", environment.resource_group_name)
pulumi.export("accounts", environment.accounts)
