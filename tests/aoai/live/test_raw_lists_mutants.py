"""raw_lists.py: the reading of Models_List and Usages_List items and pages, where `make mutate`
showed no test looked (issue 16). Items are literal bodies in the REST specification's shapes
(ListLocationModels, ListUsages); the expected facts are written from them by hand."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ResourceNotFoundError,
)
from azure.core.rest import HttpRequest

from aoai.live.client import open_session
from aoai.live.facts import ModelOffer, Quota, SkuOffer
from aoai.live.raw_lists import fetch_quotas, json_list, model_offer, next_page, quota
from tests.fake_arm import FakeArm, usage

from .scenario import settings_for
from .test_raw_lists import ITEM


def with_model(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = copy.deepcopy(ITEM)
    item["model"].update(changes)
    return item


def test_a_minimal_item_defaults_every_field_it_lacks() -> None:
    assert model_offer({"model": {"name": "phi-4", "version": "7"}}) == ModelOffer(
        kind="",
        format="",
        name="phi-4",
        version="7",
        lifecycle_status=None,
        is_default_version=False,
        inference_deprecation=None,
        skus=(),
        replacement=None,
        fine_tune=False,
    )
    assert model_offer({"model": {"name": "", "version": "7"}}) is None
    assert model_offer({"model": {"name": "phi-4", "version": ""}}) is None


def test_a_sku_without_capacity_limits() -> None:
    item = with_model(skus=[{"name": "Standard", "capacity": {"allowedValues": [None, "25", 50.0]}}, {}])
    offer = model_offer(item)
    assert offer is not None
    assert offer.skus == (
        SkuOffer("Standard", None, None, None, None, (25, 50), None, None),
        SkuOffer("", None, None, None, None, (), None, None),
    )


@pytest.mark.parametrize(
    ("flag", "default"),
    [
        (True, True),
        ("true", True),
        ("True", True),
        (False, False),
        ("false", False),
        (1, False),
        (None, False),
    ],
)
def test_the_default_version_flag(flag: Any, default: bool) -> None:
    offer = model_offer(with_model(isDefaultVersion=flag))
    assert offer is not None and offer.is_default_version is default


@pytest.mark.parametrize(
    ("capabilities", "fine_tune"),
    [
        ({"capabilities": {"fineTune": "true"}, "finetuneCapabilities": None}, True),
        ({"capabilities": {"fineTune": "TRUE"}, "finetuneCapabilities": None}, True),
        # The fine-tuning capabilities, where both are given, are the ones that count.
        ({"capabilities": {"fineTune": "true"}, "finetuneCapabilities": {"fineTune": "false"}}, False),
        ({"capabilities": {"fineTune": "false"}, "finetuneCapabilities": {"fineTune": True}}, True),
        ({"capabilities": {}, "finetuneCapabilities": {}}, False),
    ],
)
def test_fine_tuning_is_offered_when_a_capability_says_true(
    capabilities: dict[str, Any], fine_tune: bool
) -> None:
    offer = model_offer(with_model(**capabilities))
    assert offer is not None and offer.fine_tune is fine_tune


@pytest.mark.parametrize(
    ("replacement", "named"),
    [
        ({"targetModelName": "gpt-5.1"}, "gpt-5.1"),
        ({"targetModelName": "gpt-5.1", "targetModelVersion": "2025-11-13"}, "gpt-5.1 2025-11-13"),
        ({"targetModelVersion": "2025-11-13"}, None),
        ({}, None),
    ],
)
def test_the_replacement_is_model_and_version(replacement: dict[str, Any], named: str | None) -> None:
    offer = model_offer(with_model(replacementConfig=replacement))
    assert offer is not None and offer.replacement == named


def test_numbers_may_come_as_text_and_are_cut_to_whole_units() -> None:
    item = with_model(
        skus=[{"name": "Standard", "capacity": {"minimum": "10", "maximum": 99.9, "step": "5.0"}}]
    )
    offer = model_offer(item)
    assert offer is not None
    assert (offer.skus[0].minimum, offer.skus[0].maximum, offer.skus[0].step) == (10, 99, 5)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("lots", "str 'lots'"),
        (True, "bool 'True'"),  # a JSON true is no number
        (float("nan"), "float 'nan'"),
        ([1], "list '[1]'"),
        ("x" * 100, f"str '{'x' * 80}'"),  # the value shown, cut to 80 characters
    ],
)
def test_a_capacity_that_is_no_number_is_named_with_its_value(value: Any, shown: str) -> None:
    item = with_model(skus=[{"name": "Standard", "capacity": {"step": value}}])
    with pytest.raises(DecodeError) as refused:
        model_offer(item)
    assert str(refused.value) == (
        f"Azure answered a SKU's capacity step as {shown}, not as the REST specification says; the answer "
        "is not trusted"
    )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda i: i.update(model="gpt-4o"), "a model"),
        (lambda i: i.update(kind=3), "a model's kind"),
        (lambda i: i["model"].update(version=2024), "a model's version"),
        (lambda i: i["model"].update(format=["OpenAI"]), "a model's format"),
        (lambda i: i["model"].update(lifecycleStatus=1), "a model's lifecycle status"),
        (lambda i: i["model"].update(finetuneCapabilities=[]), "a model's fine-tuning capabilities"),
        (lambda i: i["model"].update(deprecation="2026"), "a model's deprecation"),
        (lambda i: i["model"].update(replacementConfig="gpt-5"), "a model's replacement"),
        (lambda i: i["model"].update(replacementConfig={"targetModelName": 5}), "a replacement model's name"),
        (
            lambda i: i["model"].update(replacementConfig={"targetModelName": "a", "targetModelVersion": 5}),
            "a replacement model's version",
        ),
        (lambda i: i["model"].update(skus=["GlobalStandard"]), "a model's SKU"),
        (lambda i: i["model"]["skus"][0].update(capacity=[]), "a SKU's capacity"),
        (lambda i: i["model"]["skus"][0].update(name=1), "a SKU's name"),
        (lambda i: i["model"]["skus"][0].update(usageName=1), "a SKU's usage name"),
        (lambda i: i["model"]["skus"][0]["capacity"].update(allowedValues=5), "a SKU's allowed capacities"),
        (lambda i: i["model"]["skus"][0]["capacity"].update(allowedValues=["x"]), "an allowed capacity"),
        (lambda i: i["model"]["skus"][0]["capacity"].update(default="x"), "a SKU's default capacity"),
        (lambda i: i["model"]["skus"][0]["capacity"].update(minimum="x"), "a SKU's minimum capacity"),
    ],
)
def test_each_field_of_the_wrong_type_is_named(change: Any, named: str) -> None:
    item: dict[str, Any] = copy.deepcopy(ITEM)
    change(item)
    with pytest.raises(DecodeError, match=f"^Azure answered {named} as "):
        model_offer(item)


def test_a_models_list_item_that_is_no_object() -> None:
    with pytest.raises(DecodeError, match=r"^Azure answered a models list item as list "):
        model_offer([ITEM])


def test_usages() -> None:
    assert quota({"name": {"value": "OpenAI.Standard.gpt-4o"}}) == Quota("OpenAI.Standard.gpt-4o", 0.0, 0.0)
    assert quota({"name": {"value": ""}, "limit": 5}) is None
    assert quota({"name": {"value": "q"}, "currentValue": "2", "limit": "10"}) == Quota("q", 2.0, 10.0)
    for item, named in [
        ("usage", "a usages list item"),
        ({"name": "q"}, "a usage's name"),
        ({"name": {"value": 1}}, "a usage's name"),
        ({"name": {"value": "q"}, "currentValue": "x"}, "a usage's current value"),
    ]:
        with pytest.raises(DecodeError, match=f"^Azure answered {named} as "):
            quota(item)


def test_a_next_page_keeps_repeated_and_encoded_query_values() -> None:
    link = "https://arm.example/s/models?API-Version=2020-01-01&a=1&a=2&$filter=x%20eq%20%27y%27"
    request = next_page(link, "2025-09-01")
    assert request.method == "GET"
    # The values go back as the link encoded them (decoded once, quoted again).
    assert (
        request.url == "https://arm.example/s/models?a=1&a=2&$filter=x%20eq%20%27y%27&api-version=2025-09-01"
    )


# -- pages -----------------------------------------------------------------------------------------


class Page:
    def __init__(self, status: int, body: Any = None, text: str | None = None) -> None:
        self.status_code = status
        self._body = body
        self._text = text
        self.headers: dict[str, str] = {}
        self.reason = "reason"
        self.request = HttpRequest("GET", "https://arm.example/list")
        self.content_type = "application/json"

    def json(self) -> Any:
        if self._text is not None:
            raise ValueError(f"Expecting value: {self._text}")
        return self._body

    def text(self, encoding: str | None = None) -> str:
        return self._text or ""

    @property
    def content(self) -> bytes:
        return (self._text or "").encode()


class Client:
    """The two parts of the SDK client json_list uses: its pipeline and its api-version."""

    class _config:  # noqa: N801 (the SDK's attribute name)
        api_version = "2025-09-01"

    def __init__(self, *pages: Page) -> None:
        self.pages = list(pages)
        self.sent: list[str] = []

    def _send_request(self, request: HttpRequest) -> Page:
        self.sent.append(request.url)
        return self.pages.pop(0)


FIRST = HttpRequest("GET", "https://arm.example/list?api-version=2025-09-01")


def test_pages_are_read_to_the_end() -> None:
    client = Client(
        Page(
            200, {"value": [1, 2], "nextLink": "https://arm.example/list?api-version=2020-01-01&$skipToken=2"}
        ),
        Page(200, {"value": [3], "nextLink": ""}),
    )
    assert json_list(client, FIRST) == [1, 2, 3]  # type: ignore[arg-type]
    assert client.sent == [
        "https://arm.example/list?api-version=2025-09-01",
        "https://arm.example/list?$skipToken=2&api-version=2025-09-01",
    ]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            Page(200, text="<html>"),
            "Azure answered a list with a body that is not JSON (Expecting value: <html>)",
        ),
        (Page(200, [1]), "Azure answered a list without its 'value' array; the answer is not trusted"),
        (
            Page(200, {"value": {}}),
            "Azure answered a list without its 'value' array; the answer is not trusted",
        ),
        (
            Page(200, {"value": [], "nextLink": 7}),
            "Azure answered a list whose nextLink is not a URL; the answer is not trusted",
        ),
    ],
)
def test_a_page_that_is_not_a_list_is_malformed(page: Page, message: str) -> None:
    with pytest.raises(DecodeError) as refused:
        json_list(Client(page), FIRST)  # type: ignore[arg-type]
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, ClientAuthenticationError),
        (404, ResourceNotFoundError),
        (500, HttpResponseError),
        (201, HttpResponseError),
    ],
)
def test_an_error_status_is_the_sdk_s_exception(status: int, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        json_list(Client(Page(status, text="{}")), FIRST)  # type: ignore[arg-type]
    assert type(raised.value) is error
    assert raised.value.status_code == status  # type: ignore[attr-defined]


def test_dates_of_a_model() -> None:
    item = with_model(deprecation={"inference": "2026-09-30"}, skus=[{"name": "S", "deprecationDate": "bad"}])
    offer = model_offer(item)
    assert offer is not None
    assert offer.inference_deprecation == datetime.datetime(2026, 9, 30, tzinfo=datetime.UTC)
    assert offer.skus[0].deprecation is None


def test_an_error_answer_is_read_in_arm_s_error_format() -> None:
    """As the SDK reads it: ARM's error format also shows the error's additionalInfo (a policy
    that denied the request, for instance)."""
    body = (
        '{"error": {"code": "RequestDisallowedByPolicy", "message": "denied", '
        '"additionalInfo": [{"type": "PolicyViolation", "info": {"policy": "no-openai"}}]}}'
    )
    with pytest.raises(HttpResponseError) as raised:
        json_list(Client(Page(403, text=body)), FIRST)  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith("(RequestDisallowedByPolicy) denied")
    assert "Additional Information:Type: PolicyViolation" in message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (with_model(skus="GlobalStandard"), "a model's SKUs as str 'GlobalStandard'"),
        (with_model(name=["gpt-4o"]), "a model's name as list \"['gpt-4o']\""),
    ],
)
def test_the_wrong_value_is_shown(item: dict[str, Any], message: str) -> None:
    with pytest.raises(DecodeError) as refused:
        model_offer(item)
    assert str(refused.value) == (
        f"Azure answered {message}, not as the REST specification says; the answer is not trusted"
    )


def test_a_usage_limit_of_the_wrong_type_is_named() -> None:
    with pytest.raises(DecodeError) as refused:
        quota({"name": {"value": "q"}, "limit": "unlimited"})
    assert str(refused.value) == (
        "Azure answered a usage's limit as str 'unlimited', not as the REST specification says; the "
        "answer is not trusted"
    )


def test_an_allowed_capacity_of_zero_is_kept() -> None:
    offer = model_offer(
        with_model(skus=[{"name": "ProvisionedManaged", "capacity": {"allowedValues": [0, 50]}}])
    )
    assert offer is not None and offer.skus[0].allowed_values == (0, 50)


def test_a_region_s_quotas_are_read_through_the_client(fake_arm: FakeArm) -> None:
    fake_arm.state.set_usages("swedencentral", usage("OpenAI.GlobalStandard.gpt-5", 20, 450))
    with open_session(settings_for(fake_arm)) as session:
        assert fetch_quotas(session.client, "swedencentral") == (
            Quota("OpenAI.GlobalStandard.gpt-5", 20.0, 450.0),
        )
