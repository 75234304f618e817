"""The region lists (models, usages) read as the JSON Azure sends, without the SDK's models.

Deserializing a models list into the SDK's model classes costs more than everything else a read
does: three quarters of a catalog refresh's CPU (30 lists of 15 model versions with 5 SKUs each,
benchmarks/catalog_refresh.py under cProfile), and Azure's own lists are longer. The checks need
a dozen fields of each item, so these lists are read as JSON and only those fields converted.

The request is the SDK's own (its URL builder and api-version) and goes through the client's
pipeline like every other: the run's deadline, retries and Retry-After, the throttle gate, the
request count, and the trust boundary (a nextLink to another host, a loop of pages). Errors are
the SDK's too: an error status maps to the same azure-core exception, a body that is not a list
(or a field of the wrong type) is a DecodeError, reported as "malformed", the part not checked.
"""

from __future__ import annotations

import math
import urllib.parse
from typing import Any

from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
    ResourceNotModifiedError,
    map_error,
)
from azure.core.rest import HttpRequest
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices.operations._models_operations import build_list_request as models_request
from azure.mgmt.cognitiveservices.operations._usages_operations import build_list_request as usages_request
from azure.mgmt.core.exceptions import ARMErrorFormat

from .facts import (
    ModelOffer,
    Quota,
    SkuOffer,
    _date,  # ISO 8601; None when absent or unparseable (not evidence of a deprecation)
)

# The SDK's error map for these lists: the same exception for the same status.
ERRORS: dict[int, type[HttpResponseError]] = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
    304: ResourceNotModifiedError,
}


def json_list(client: CognitiveServicesManagementClient, request: HttpRequest) -> list[Any]:
    """Every item of a Resource Manager list, page after page, as JSON."""
    items: list[Any] = []
    while True:
        response = client._send_request(request)
        if response.status_code != 200:
            map_error(status_code=response.status_code, response=response, error_map=ERRORS)
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        try:
            page = response.json()
        except ValueError as error:
            raise DecodeError(f"Azure answered a list with a body that is not JSON ({error})") from None
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise DecodeError("Azure answered a list without its 'value' array; the answer is not trusted")
        items.extend(page["value"])
        next_link = page.get("nextLink")
        if not next_link:
            return items
        if not isinstance(next_link, str):
            raise DecodeError("Azure answered a list whose nextLink is not a URL; the answer is not trusted")
        request = next_page(next_link, client._config.api_version)


def next_page(link: str, api_version: str) -> HttpRequest:
    """The request for a nextLink, as the SDK makes it: the link's query, the client's api-version."""
    parsed = urllib.parse.urlparse(link)
    query = urllib.parse.parse_qs(parsed.query)
    params = {k: [urllib.parse.quote(v) for v in vs] for k, vs in query.items() if k.lower() != "api-version"}
    params["api-version"] = [api_version]
    return HttpRequest("GET", urllib.parse.urljoin(link, parsed.path), params=params)


def fetch_models(client: CognitiveServicesManagementClient, location: str) -> tuple[ModelOffer, ...]:
    """Models_List of a region: every model version deployable there, with its SKUs."""
    config = client._config
    request = models_request(location, config.subscription_id, api_version=config.api_version)
    return tuple(offer for item in json_list(client, request) if (offer := model_offer(item)))


def fetch_quotas(client: CognitiveServicesManagementClient, location: str) -> tuple[Quota, ...]:
    """Usages_List of a region: the subscription's quotas there."""
    config = client._config
    request = usages_request(location, config.subscription_id, api_version=config.api_version)
    return tuple(q for item in json_list(client, request) if (q := quota(item)))


# -- the fields the checks read ------------------------------------------------------------------


def _wrong(what: str, value: Any) -> DecodeError:
    return DecodeError(
        f"Azure answered {what} as {type(value).__name__} {str(value)[:80]!r}, not as the REST "
        "specification says; the answer is not trusted"
    )


def _object(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong(what, value)
    return value


def _items(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(what, value)
    return value


def _text(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _wrong(what, value)


def _number(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _wrong(what, value) from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _wrong(what, value)
    return float(value)


def _whole(value: Any, what: str) -> int | None:
    number = _number(value, what)
    return None if number is None else int(number)


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _sku_offer(item: Any) -> SkuOffer:
    sku = _object(item, "a model's SKU")
    capacity = _object(sku.get("capacity"), "a SKU's capacity")
    allowed = _items(capacity.get("allowedValues"), "a SKU's allowed capacities")
    return SkuOffer(
        name=_text(sku.get("name"), "a SKU's name") or "",
        usage_name=_text(sku.get("usageName"), "a SKU's usage name"),
        minimum=_whole(capacity.get("minimum"), "a SKU's minimum capacity"),
        maximum=_whole(capacity.get("maximum"), "a SKU's maximum capacity"),
        step=_whole(capacity.get("step"), "a SKU's capacity step"),
        allowed_values=tuple(int(_number(v, "an allowed capacity") or 0) for v in allowed if v is not None),
        deprecation=_date(sku.get("deprecationDate")),
        default=_whole(capacity.get("default"), "a SKU's default capacity"),
    )


def model_offer(item: Any) -> ModelOffer | None:
    """One Models_List item; None when it names no model version."""
    entry = _object(item, "a models list item")
    model = _object(entry.get("model"), "a model")
    name = _text(model.get("name"), "a model's name")
    version = _text(model.get("version"), "a model's version")
    if not name or not version:
        return None
    capabilities = {
        **_object(model.get("capabilities"), "a model's capabilities"),
        **_object(model.get("finetuneCapabilities"), "a model's fine-tuning capabilities"),
    }
    deprecation = _object(model.get("deprecation"), "a model's deprecation")
    replacement = _object(model.get("replacementConfig"), "a model's replacement")
    target = _text(replacement.get("targetModelName"), "a replacement model's name")
    target_version = _text(replacement.get("targetModelVersion"), "a replacement model's version")
    return ModelOffer(
        kind=_text(entry.get("kind"), "a model's kind") or "",
        format=_text(model.get("format"), "a model's format") or "",
        name=name,
        version=version,
        lifecycle_status=_text(model.get("lifecycleStatus"), "a model's lifecycle status"),
        is_default_version=_flag(model.get("isDefaultVersion")),
        inference_deprecation=_date(deprecation.get("inference")),
        skus=tuple(_sku_offer(s) for s in _items(model.get("skus"), "a model's SKUs")),
        replacement=f"{target} {target_version or ''}".strip() if target else None,
        fine_tune=str(capabilities.get("fineTune", "")).lower() == "true",
    )


def quota(item: Any) -> Quota | None:
    """One Usages_List item; None when it has no name."""
    usage = _object(item, "a usages list item")
    name = _text(_object(usage.get("name"), "a usage's name").get("value"), "a usage's name")
    if not name:
        return None
    current = _number(usage.get("currentValue"), "a usage's current value")
    limit = _number(usage.get("limit"), "a usage's limit")
    return Quota(name, current or 0.0, limit or 0.0)
