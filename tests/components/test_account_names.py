"""OpenAIAccountArgs meet the stack file's rules for the account's name, subdomain and region.

The rules written by hand from Azure's: an account name is 2 to 64 letters, digits and hyphens,
starting and ending with a letter or digit (no '_' or '.', which the REST pattern would allow);
the default subdomain is the name in lower case and must be a DNS label (at most 63); the region
must be one where Azure OpenAI is offered (the catalog's regions).
"""

from __future__ import annotations

import pytest

from azure_openai_toolkit import OpenAIAccount
from azure_openai_toolkit.catalog import Catalog, default_catalog, parse_catalog
from azure_openai_toolkit.environment import EnvironmentArgs, OpenAIEnvironment
from tests.components.test_args import messages, refused
from tests.conftest import account_args, base_config, parse, run_components

ACCOUNT = "azure-native:cognitiveservices:Account"
NAME_RULE = (
    "2 to 64 letters, digits and hyphens, starting and ending with a letter or digit (Azure's naming "
    "rule for Cognitive Services accounts)"
)


@pytest.mark.parametrize("name", ["contoso_chat", "contoso.chat", "contoso-chat-", "-contoso", "c"])
def test_account_names_the_stack_file_refuses_are_refused(name: str) -> None:
    error, run = refused(lambda: OpenAIAccount("primary", account_args(account_name=name)))
    assert messages(error) == {"OpenAIAccountArgs.account_name": f"{NAME_RULE} (got {name!r})"}
    assert run.registrations == []


def test_a_default_subdomain_that_is_no_dns_label_is_refused() -> None:
    name = "a" * 64  # a valid account name, one character too long for a DNS label
    error, _ = refused(lambda: OpenAIAccount("primary", account_args(account_name=name)))
    message = messages(error)["OpenAIAccountArgs.custom_subdomain"]
    assert message.startswith("the default subdomain (the account name in lower case) is invalid: ")
    assert message.endswith("; set custom_subdomain")


@pytest.mark.parametrize(
    "subdomain",
    [{"custom_subdomain": "contoso-chat"}, {"disable_custom_subdomain": True, "local_auth": True}],
)
def test_a_long_name_with_its_own_subdomain_or_none_is_accepted(subdomain: dict[str, object]) -> None:
    name = "a" * 64
    args = account_args(account_name=name, **subdomain)
    run = run_components(lambda: OpenAIAccount("primary", args))
    (account,) = run.by_type(ACCOUNT)
    assert account.inputs["accountName"] == name


def test_a_region_without_azure_openai_is_refused_with_the_fix() -> None:
    error, run = refused(lambda: OpenAIAccount("primary", account_args(location="nowhere")))
    message = messages(error)["OpenAIAccountArgs.location"]
    stamp = default_catalog().stamp
    assert message.startswith(
        f"'nowhere' offers no Azure OpenAI models in the catalog ({stamp}); use one of australiaeast, "
    )
    assert message.endswith("pass a refreshed catalog: OpenAIAccount(..., catalog=load_catalog(path))")
    assert run.registrations == []
    typo, _ = refused(lambda: OpenAIAccount("primary", account_args(location="swedencentrall")))
    assert messages(typo)["OpenAIAccountArgs.location"].endswith("did you mean swedencentral, spaincentral?")


def newer_catalog() -> Catalog:
    """The shipped catalog plus a region it does not know (as a refreshed one could have)."""
    raw = default_catalog().data.model_dump(mode="json", by_alias=True)
    raw["regions"]["atlantis"] = {"displayName": "Atlantis", "dataZone": "EU"}
    return parse_catalog(raw, "newer catalog")


def test_the_catalog_passed_decides_which_regions_exist() -> None:
    newer = newer_catalog()
    run = run_components(lambda: OpenAIAccount("primary", account_args(location="atlantis"), catalog=newer))
    (account,) = run.by_type(ACCOUNT)
    assert account.inputs["location"] == "atlantis"
    refused(lambda: OpenAIAccount("primary", account_args(location="atlantis")))  # not in the snapshot


def test_the_stack_door_passes_its_catalog_to_the_accounts() -> None:
    config = parse({**base_config(), "location": "atlantis"})
    args = EnvironmentArgs(config=config, locations={"primary": "atlantis"}, catalog=newer_catalog())
    run = run_components(lambda: OpenAIEnvironment("openai", args))
    (account,) = run.by_type(ACCOUNT)
    assert account.inputs["location"] == "atlantis"
