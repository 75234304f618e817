"""catalog_refresh.py: the checks of --regions, the reading of every region found live and the
refusals of a refresh that found nothing, where `make mutate` showed no test looked (issue 16).
The fake ARM answers literal ResourceSkus_List and Models_List bodies (shaped like the REST
specification's ResourceSku and Model); messages and exit codes are written from the module's rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from aoai.exit_codes import AoaiError, ExitCode
from aoai.live.catalog_refresh import (
    LiveModels,
    api_version,
    live_catalog,
    read_live,
    require_models,
    validate_regions,
)
from aoai.live.client import open_session
from azure_openai_toolkit.catalog import default_catalog
from tests.aoai.live.scenario import settings_for
from tests.fake_arm import FakeArm, Fault

GPT_4O = {
    "kind": "OpenAI",
    "skuName": "S0",
    "model": {
        "format": "OpenAI",
        "name": "gpt-4o",
        "version": "2024-08-06",
        "lifecycleStatus": "GenerallyAvailable",
        "skus": [
            {"name": "GlobalStandard", "usageName": "OpenAI.GlobalStandard.gpt-4o",
             "capacity": {"minimum": 1, "maximum": 1000, "step": 1, "default": 10}},
        ],
    },
}


def account_sku(kind: str, location: str, resource_type: str = "accounts") -> dict[str, Any]:
    return {"resourceType": resource_type, "name": "S0", "tier": "Standard", "kind": kind,
            "locations": [location], "restrictions": []}


class Recorder:
    """A progress bar that writes down what it is told."""

    def __init__(self) -> None:
        self.said: list[tuple[str, int | None]] = []
        self.advanced = 0

    def start(self, description: str, total: int | None) -> None:
        self.said.append((description, total))

    def advance(self, _: object = None) -> None:
        self.advanced += 1


# -- --regions ---------------------------------------------------------------------------------


def test_regions_given_are_region_keys_once_each_sorted() -> None:
    assert validate_regions(["West Europe", "swedencentral", "WestEurope", "eastus2"], None) == [
        "eastus2", "swedencentral", "westeurope",
    ]
    assert validate_regions([], {"swedencentral"}) == []
    assert validate_regions(["Sweden Central"], {"swedencentral"}) == ["swedencentral"]


@pytest.mark.parametrize("value", ["west-europe", "1westus", "w", "", "west_us", "westus/"])
def test_a_value_that_cannot_be_a_region_exits_2(value: str) -> None:
    with pytest.raises(AoaiError) as caught:
        validate_regions(["swedencentral", value], None)
    assert caught.value.code == ExitCode.INVALID
    assert str(caught.value) == f"--regions: {value!r} is not an Azure region name (like swedencentral)"


def test_a_long_value_is_quoted_to_80_characters() -> None:
    value = "x-" + "a" * 200
    with pytest.raises(AoaiError) as caught:
        validate_regions([value], None)
    assert str(caught.value) == f"--regions: {value[:80]!r} is not an Azure region name (like swedencentral)"
    with pytest.raises(AoaiError) as unknown:
        validate_regions(["b" * 200], {"swedencentral"})
    assert str(unknown.value).startswith(f"--regions: {'b' * 80!r} is not an Azure region the catalog knows.")


def test_a_region_the_catalog_does_not_know_exits_2_with_the_nearest_name() -> None:
    known = {"swedencentral", "westeurope", "eastus2"}
    with pytest.raises(AoaiError) as caught:
        validate_regions(["swedencentral", "swedencentrl"], known)
    assert caught.value.code == ExitCode.INVALID
    assert str(caught.value) == (
        "--regions: 'swedencentrl' is not an Azure region the catalog knows (did you mean "
        "swedencentral?). Leave --regions out to read every region Azure offers kind OpenAI accounts "
        "in (found live); the catalog written then knows them all"
    )
    with pytest.raises(AoaiError) as far:
        validate_regions(["brazilsouth"], known)
    no_hint = "--regions: 'brazilsouth' is not an Azure region the catalog knows. Leave"
    assert str(far.value).startswith(no_hint)


# -- reading -----------------------------------------------------------------------------------


def test_every_region_offering_kind_openai_accounts_is_read_once(fake_arm: FakeArm) -> None:
    fake_arm.state.resource_skus = [
        account_sku("OpenAI", "WESTEUROPE"),
        account_sku("OpenAI", "West Europe"),  # the same region, spelt as a display name
        account_sku("Face", "JAPANEAST"),
        account_sku("OpenAI", "SWEDENCENTRAL"),
    ]
    fake_arm.state.models["westeurope"] = [GPT_4O]
    progress = Recorder()
    with open_session(settings_for(fake_arm)) as session:
        models = read_live(session, [], progress)
    assert progress.said == [
        ("finding the regions that offer kind OpenAI accounts", None),
        ("reading the models list of 2 region(s)", 2),
    ]
    assert progress.advanced == 2
    assert sorted(models.offers) == ["swedencentral", "westeurope"] and models.not_read == {}
    assert models.offers["swedencentral"] == ()
    assert [(o.name, o.version) for o in models.offers["westeurope"]] == [("gpt-4o", "2024-08-06")]


def test_regions_given_are_read_without_the_sku_list_and_failures_kept_with_why(fake_arm: FakeArm) -> None:
    fake_arm.state.models["westeurope"] = [GPT_4O]
    fake_arm.inject("Models_List", Fault.server_error(503), times=None, location="eastus2")
    progress = Recorder()
    with open_session(settings_for(fake_arm, retries=0)) as session:
        models = read_live(session, ["eastus2", "westeurope"], progress)
    assert progress.said == [("reading the models list of 2 region(s)", 2)]
    assert fake_arm.calls("ResourceSkus_List") == []
    assert list(models.offers) == ["westeurope"]
    assert list(models.not_read) == ["eastus2"]
    assert models.not_read["eastus2"].startswith("Azure answered 503 after the retries: 503")


def test_a_subscription_whose_sku_list_offers_no_openai_account_exits_1(fake_arm: FakeArm) -> None:
    fake_arm.state.resource_skus = [account_sku("Face", "JAPANEAST"), account_sku("AIServices", "WESTUS")]
    with open_session(settings_for(fake_arm)) as session, pytest.raises(AoaiError) as caught:
        read_live(session, [], Recorder())
    assert caught.value.code == ExitCode.PROBLEMS
    assert str(caught.value) == (
        "the subscription's SKU list names no region offering kind OpenAI accounts; check "
        "--subscription (the subscription must be approved for Azure OpenAI)"
    )
    assert fake_arm.calls("Models_List") == []


def test_regions_without_models_are_refused_with_what_was_read() -> None:
    read = LiveModels(offers={"westus": (), "eastus2": ()})
    with pytest.raises(AoaiError) as caught:
        require_models(read, {"models": []})
    assert caught.value.code == ExitCode.PROBLEMS
    assert str(caught.value) == (
        "no kind OpenAI model in the models list of eastus2, westus, so nothing was written; check "
        "--regions and --subscription (the subscription must be approved for Azure OpenAI)"
    )
    with pytest.raises(AoaiError, match=r"^no kind OpenAI model in the models list of no region, so"):
        require_models(LiveModels(), {})
    require_models(read, {"models": [{"name": "gpt-4o"}]})  # something to write: no error


def test_the_api_version_is_the_sdk_s_or_unknown(fake_arm: FakeArm) -> None:
    with open_session(settings_for(fake_arm)) as session:
        assert api_version(session.client) == "2025-09-01"
    assert api_version(object()) == "unknown"  # type: ignore[arg-type]


def test_the_live_catalog_for_placement_says_it_is_the_live_models_list(fake_arm: FakeArm) -> None:
    now = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)
    fake_arm.state.models["westeurope"] = [GPT_4O]
    with open_session(settings_for(fake_arm)) as session:
        read = read_live(session, ["westeurope"], Recorder())
        catalog = live_catalog(session, read, "public", default_catalog(), now)
    assert catalog.origin.kind == "live"
    assert catalog.stamp == "live models list, read live 2026-12-03"
    assert catalog.origin.path == default_catalog().origin.path
    assert catalog.data.live is not None and catalog.data.live.arm_endpoint == fake_arm.url
    assert [(m.name, m.version) for m in catalog.data.models] == [("gpt-4o", "2024-08-06")]
