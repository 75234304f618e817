"""Plain ARM reads through the live session's client: its sign-in, retries, deadline and count.

Adopt reads resources of four providers (Cognitive Services, Network, Authorization, Insights).
Rather than four more SDKs, each with its own api-version and models that drop what they do not
know, it sends GETs through the pipeline of the CognitiveServicesManagementClient the live
commands already build (`_send_request`, the SDK's documented way to send a raw request through
its policies, aka.ms/azsdk/dpcodegen/python/send_request). Every read uses the api-version
pulumi-azure-native 3.29.0 uses for that type (resource_types.py), so the bodies are the ones the
provider will read when it imports them, and keeps every property, known to an SDK or not.
"""

from __future__ import annotations

from typing import Any

from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    map_error,
)
from azure.core.rest import HttpRequest
from azure.mgmt.core.exceptions import ARMErrorFormat

from ..live.client import LiveSession


class ArmReader:
    """GETs of ARM ids, answered as JSON bodies."""

    def __init__(self, session: LiveSession) -> None:
        self._client = session.client
        self._base = session.settings.arm_endpoint.rstrip("/")

    def get(self, path: str, api_version: str) -> dict[str, Any] | None:
        """The resource at `path` (an ARM id), or None when Azure answers 404."""
        found: dict[str, Any] | None = self._send(
            f"{self._base}{path}", {"api-version": api_version}, allow_missing=True
        )
        return found

    def list(self, path: str, api_version: str, **query: str) -> list[dict[str, Any]]:
        """Every item of the list at `path`, page after page. The session's pipeline refuses a
        nextLink outside Resource Manager, a loop and an endless list (live/boundary.py)."""
        items: list[dict[str, Any]] = []
        url: str | None = f"{self._base}{path}"
        params: dict[str, str] | None = {"api-version": api_version, **query}
        while url is not None:
            body = self._send(url, params, allow_missing=False) or {}
            value = body.get("value")
            if not isinstance(value, list):
                raise DecodeError(f"the list at {path} has no 'value' array")
            items.extend(item for item in value if isinstance(item, dict))
            url = body.get("nextLink") or None
            params = None  # nextLink carries its own query
        return items

    def _send(self, url: str, params: dict[str, str] | None, *, allow_missing: bool) -> Any:
        request = HttpRequest("GET", url, params=params)
        response = self._client._send_request(request)
        if response.status_code == 404 and allow_missing:
            return None
        if response.status_code != 200:
            errors = {401: ClientAuthenticationError}
            map_error(status_code=response.status_code, response=response, error_map=errors)
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        try:
            return response.json()
        except ValueError as error:
            raise DecodeError(f"Azure answered {url} with a body that is not JSON ({error})") from None
