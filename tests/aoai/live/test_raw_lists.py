"""The region lists read as JSON (aoai/live/raw_lists.py): the fields the checks read, converted
as the SDK would; a field of the wrong type is a malformed answer (that region not checked), never
a traceback; and the reads go through the client's pipeline like every other."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from typing import Any

import pytest
from azure.core.exceptions import DecodeError

from aoai.live.facts import ModelOffer, Quota, SkuOffer
from aoai.live.raw_lists import model_offer, next_page, quota
from tests.fake_arm import FakeArm
from tests.fake_arm.handlers import Reply
from tests.fake_arm.hostile import HostileArm, hostile_environment

from .scenario import gather, seed_healthy, stack_data

# A Models_List item in the shape of the REST specification's ListLocationModels example (gpt-4o
# 2024-08-06), with the fields the checks read.
ITEM = {
    "kind": "OpenAI",
    "skuName": "S0",
    "model": {
        "format": "OpenAI",
        "name": "gpt-4o",
        "version": "2024-08-06",
        "lifecycleStatus": "GenerallyAvailable",
        "isDefaultVersion": True,
        "capabilities": {"chatCompletion": "true"},
        "finetuneCapabilities": {"fineTune": "true"},
        "deprecation": {"fineTune": "2025-10-01T00:00:00Z", "inference": "2026-09-30T00:00:00Z"},
        "replacementConfig": {"targetModelName": "gpt-5.1", "targetModelVersion": "2025-11-13"},
        "skus": [
            {
                "name": "GlobalStandard",
                "usageName": "OpenAI.GlobalStandard.gpt-4o",
                "deprecationDate": "2026-09-30T00:00:00Z",
                "capacity": {"minimum": 1, "maximum": 30000, "step": 1, "default": 450},
            },
            {"name": "ProvisionedManaged", "capacity": {"allowedValues": [50, 100]}},
        ],
    },
}
UTC = datetime.UTC


def test_a_models_list_item_is_converted_field_by_field() -> None:
    assert model_offer(ITEM) == ModelOffer(
        kind="OpenAI",
        format="OpenAI",
        name="gpt-4o",
        version="2024-08-06",
        lifecycle_status="GenerallyAvailable",
        is_default_version=True,
        inference_deprecation=datetime.datetime(2026, 9, 30, tzinfo=UTC),
        skus=(
            SkuOffer(
                name="GlobalStandard",
                usage_name="OpenAI.GlobalStandard.gpt-4o",
                minimum=1,
                maximum=30000,
                step=1,
                allowed_values=(),
                deprecation=datetime.datetime(2026, 9, 30, tzinfo=UTC),
                default=450,
            ),
            SkuOffer("ProvisionedManaged", None, None, None, None, (50, 100), None, None),
        ),
        replacement="gpt-5.1 2025-11-13",
        fine_tune=True,
    )


def test_an_item_without_a_model_version_is_left_out() -> None:
    assert model_offer({"kind": "OpenAI", "model": {"name": "gpt-4o"}}) is None
    assert model_offer({"kind": "OpenAI"}) is None


def test_a_usage_is_converted_and_a_nameless_one_left_out() -> None:
    usage = {"name": {"value": "OpenAI.GlobalStandard.gpt-4o"}, "currentValue": 20, "limit": 450.0}
    assert quota(usage) == Quota("OpenAI.GlobalStandard.gpt-4o", 20.0, 450.0)
    assert quota({"currentValue": 1, "limit": 2}) is None


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda m: m["skus"][0]["capacity"].update(maximum="lots"), "a SKU's maximum capacity"),
        (lambda m: m.update(skus={"name": "GlobalStandard"}), "a model's SKUs"),
        (lambda m: m.update(name=["gpt-4o"]), "a model's name"),
        (lambda m: m["skus"][0]["capacity"].update(minimum=float("inf")), "a SKU's minimum capacity"),
        (lambda m: m.update(capabilities="fineTune"), "a model's capabilities"),
    ],
)
def test_a_field_of_the_wrong_type_is_a_malformed_answer(change: Any, named: str) -> None:
    item: dict[str, Any] = copy.deepcopy(ITEM)
    change(item["model"])
    with pytest.raises(DecodeError, match=f"Azure answered {named} as .*; the answer is not trusted"):
        model_offer(item)


def test_a_usage_whose_limit_is_not_a_number_is_a_malformed_answer() -> None:
    with pytest.raises(DecodeError, match="a usage's limit"):
        quota({"name": {"value": "OpenAI.Standard.gpt-4o"}, "currentValue": 0, "limit": {"value": 1}})


def test_a_next_page_keeps_the_link_s_query_and_takes_the_client_s_api_version() -> None:
    link = "https://arm.example/subscriptions/s/models?api-version=2020-01-01&$skipToken=25"
    request = next_page(link, "2025-09-01")
    assert request.url == "https://arm.example/subscriptions/s/models?$skipToken=25&api-version=2025-09-01"


def wrong_capacity(reply: Reply, path: str, query: Mapping[str, str]) -> Reply:
    sku = {"name": "GlobalStandard", "capacity": "x"}
    items = [{**i, "model": {**i["model"], "skus": [sku]}} for i in reply.body["value"]]
    return Reply(reply.status, {**reply.body, "value": items}, reply.headers)


def test_a_malformed_models_list_leaves_its_region_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    server = HostileArm()
    with server, hostile_environment(server, monkeypatch) as arm:
        data = stack_data()
        seed_healthy(arm, data)
        arm.rewrite("Models_List", wrong_capacity)
        _, _, facts, missing = gather(arm, data)
    assert sorted(m.scope for m in missing) == ["region swedencentral", "region uksouth"]
    assert all("a SKU's capacity as str 'x'" in m.reason for m in missing)
    assert facts.regions == {}


def test_the_lists_go_through_the_client_s_pipeline(fake_arm: FakeArm) -> None:
    # Paged by the fake (1 item a page): every page is a request the fake counted, with a token.
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.page_size = 1
    _, _, facts, missing = gather(fake_arm, data)
    assert missing == []
    offered = {(o.name, o.version) for o in facts.regions["swedencentral"].models}
    assert offered == {("gpt-5", "2025-08-07"), ("text-embedding-3-large", "1")}
    assert len(fake_arm.calls("Models_List", location="swedencentral")) == 2
