"""The small stack of tests/conftest.py base_config() as Azure reports it once deployed.

Written by hand in the parsed form of the ARM bodies (aoai/live/facts.py), for tests that call
the live checks as pure functions: the account contoso-dev-primary (<namePrefix>-<environment>-
<key>, also its subdomain) in swedencentral, public access Disabled (no firewall rules), API keys
off, and its deployment `chat`.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from typing import Any

from aoai.live.facts import LiveAccount, LiveDeployment
from tests.conftest import base_config

NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
CHAT = LiveDeployment(
    name="chat",
    format="OpenAI",
    model="gpt-5",
    version="2025-08-07",
    sku="GlobalStandard",
    capacity=10,
    rai_policy="Microsoft.DefaultV2",
    version_upgrade="OnceCurrentVersionExpired",
    provisioning_state="Succeeded",
)
DEPLOYED = LiveAccount(
    name="contoso-dev-primary",
    location="swedencentral",
    kind="OpenAI",
    sku="S0",
    subdomain="contoso-dev-primary",
    public_network_access="Disabled",
    disable_local_auth=True,
    network=None,
    restrict_outbound=False,
    allowed_fqdns=frozenset(),
    provisioning_state="Succeeded",
    deployments=(CHAT,),
)


def account(**changes: Any) -> LiveAccount:
    return dataclasses.replace(DEPLOYED, **changes)


def stack_with(**account_settings: Any) -> dict[str, Any]:
    """base_config() with settings of account `primary` changed (camelCase, as in a stack file)."""
    data = copy.deepcopy(base_config())
    data["accounts"]["primary"].update(account_settings)
    return data


def stack_with_chat(**settings: Any) -> dict[str, Any]:
    """base_config() with settings of deployment `chat` changed."""
    data = copy.deepcopy(base_config())
    data["accounts"]["primary"]["deployments"]["chat"].update(settings)
    return data
