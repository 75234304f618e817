"""The trust boundary of the ARM client: requests go to Resource Manager or nowhere.

The client follows URLs that answers hand it: a list page's `nextLink`, a long-running
operation's `Azure-AsyncOperation`, `Location` or `Operation-Location` header, a redirect. Left
alone, azure-core sends the bearer token to whatever host such a link names, and trusts its
answer. `ResourceManagerOnly`, a pipeline policy placed before the authentication policy:

- refuses every request whose scheme, host or port is not the configured Resource Manager
  endpoint's, before a token is attached, so no credential ever reaches another host (or travels
  over plain http);
- refuses an answer whose links point elsewhere as soon as it arrives, naming the link, so the
  client never starts to follow it (a redirect, a poll, a next page);
- detects a nextLink that leads back to a page already read (a loop) and a chain of more than
  MAX_PAGES pages;
- drops a Retry-After the client could not honour (not a number or HTTP date, negative, not
  finite) and caps an absurd one, so the retry and polling code never sees it.

A refusal is an `UntrustedAnswer` (an AzureError): a fetch reports the part as not checked, a
command ends with exit code 3 and the reason. List calls go through `listed`, which also refuses a
list answer without its `value` array instead of failing inside the SDK.
"""

from __future__ import annotations

import email.utils
import json
import math
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from azure.core.exceptions import AzureError, DecodeError
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy

T = TypeVar("T")

MAX_PAGES = 1000  # pages of one list; ARM lists of one subscription are far shorter
MAX_RETRY_AFTER = 3600.0  # seconds; the run's deadline bounds the wait anyway
LINK_HEADERS = ("Azure-AsyncOperation", "Location", "Operation-Location")
RETRY_HEADERS = ("Retry-After", "retry-after-ms", "x-ms-retry-after-ms")
MAX_INSPECTED_BODY = 32 * 1024 * 1024


class UntrustedAnswer(AzureError):
    """An answer (or a link in one) the client will not follow or believe."""


Origin = tuple[str, str, int | None]


def origin_of(url: str) -> Origin:
    parts = urlsplit(url)
    port = parts.port if parts.port is not None else {"https": 443, "http": 80}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _shown(url: str, limit: int = 200) -> str:
    return url if len(url) <= limit else url[:limit] + "…"


def _page_key(url: str) -> str:
    """A URL as a page of a list: the SDK rewrites api-version when it follows a nextLink."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = sorted((k, v) for k, v in pairs if k.lower() != "api-version")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}?{urlencode(query)}"


class ResourceManagerOnly(HTTPPolicy[Any, Any]):
    """Requests to the Resource Manager endpoint only; links in answers checked before use."""

    def __init__(self, arm_endpoint: str) -> None:
        super().__init__()
        self.endpoint = arm_endpoint
        self.origin = origin_of(arm_endpoint)
        self._lock = threading.Lock()
        # The next pages announced and not yet read, each with the pages read so far in its list.
        self._announced: dict[str, set[str]] = {}

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        url = request.http_request.url
        if origin_of(url) != self.origin:
            raise UntrustedAnswer(
                f"refused to send {request.http_request.method} {_shown(url)}: it is not the Resource "
                f"Manager endpoint {self.endpoint}; no credentials were sent"
            )
        response = self.next.send(request)
        _sanitize_retry_after(response)
        self._check_links(request, response)
        return response

    def _check_links(self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> None:
        what = f"the answer to {request.http_request.method} {urlsplit(request.http_request.url).path}"
        headers = response.http_response.headers
        for name in LINK_HEADERS:
            link = headers.get(name)
            if link:
                self._refuse_foreign(link, f"the {name} header of {what}")
        next_link = _next_link(response)
        if next_link is None:
            return
        self._refuse_foreign(next_link, f"the nextLink of {what}")
        here, there = _page_key(request.http_request.url), _page_key(next_link)
        with self._lock:
            # A page is either the next one some answer announced, or the first of a new list.
            read = self._announced.pop(here, set())
            read.add(here)
            if there in read:
                raise UntrustedAnswer(
                    f"the nextLink of {what} leads back to a page already read (after {len(read)} "
                    "page(s)): a loop; the list was not read to its end"
                )
            if len(read) >= MAX_PAGES:
                raise UntrustedAnswer(f"{what} goes on for more than {MAX_PAGES} pages; refused")
            self._announced[there] = read

    def _refuse_foreign(self, link: str, where: str) -> None:
        target = origin_of(link) if "://" in link else self.origin  # relative: same host
        if target != self.origin:
            raise UntrustedAnswer(
                f"{where} points to {_shown(link)}, not to the Resource Manager endpoint "
                f"{self.endpoint}; the link was not followed, no credentials were sent, and the "
                "answer is not trusted"
            )


def _next_link(response: PipelineResponse[Any, Any]) -> str | None:
    http = response.http_response
    if "json" not in (http.headers.get("Content-Type") or "").lower():
        return None
    try:
        body = http.body()
    except Exception:  # a streamed body: not a list page of ours
        return None
    if not body or len(body) > MAX_INSPECTED_BODY:
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the SDK's deserializer reports it
    link = document.get("nextLink") if isinstance(document, dict) else None
    return link if isinstance(link, str) and link else None


def _sanitize_retry_after(response: PipelineResponse[Any, Any]) -> None:
    headers = response.http_response.headers
    for name in RETRY_HEADERS:
        value = headers.get(name)
        if value is None:
            continue
        seconds = _seconds(value, milliseconds=name != "Retry-After")
        try:
            if seconds is None:
                del headers[name]
            elif seconds > MAX_RETRY_AFTER:
                headers[name] = str(int(MAX_RETRY_AFTER * (1000 if name != "Retry-After" else 1)))
        except (TypeError, KeyError):
            pass  # immutable headers of another transport: the retry policy guards itself too


def _seconds(value: str, *, milliseconds: bool) -> float | None:
    """The wait a Retry-After asks for, or None when it is not one a client can honour."""
    try:
        number = float(value)
    except ValueError:
        if milliseconds:
            return None
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return max(0.0, when.timestamp() - time.time())
    if not math.isfinite(number) or number < 0:
        return None
    return number / 1000 if milliseconds else number


def retry_after_seconds(headers: Any) -> float | None:
    """The wait the answer's Retry-After (or retry-after-ms) asks for, capped; None when absent
    or unusable."""
    for name in RETRY_HEADERS:
        value = headers.get(name)
        if value is not None:
            seconds = _seconds(value, milliseconds=name != "Retry-After")
            if seconds is not None:
                return min(seconds, MAX_RETRY_AFTER)
    return None


def _require_value(items: list[T] | None) -> Iterable[T]:
    if items is None:
        raise DecodeError("Azure answered a list without its 'value' array; the answer is not trusted")
    return items


def listed(operation: Callable[..., Iterable[T]], *args: Any, **kwargs: Any) -> list[T]:
    """Every item of an ARM list operation (all pages), refusing a page without `value`."""
    return list(operation(*args, cls=_require_value, **kwargs))
