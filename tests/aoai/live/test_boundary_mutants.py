"""boundary.py's policy on its own: what `make mutate` showed the hostile-server tests leave open
(issue 16). The trust boundary is a security rule, so each part is pinned here directly, with a
stand-in for the next pipeline policy: whether a request leaves at all, the exact refusal, the
page bookkeeping, and which Retry-After values reach the retry code.

Expected values come from the rules in boundary.py's docstring and RFC 9110 (Retry-After is
seconds or an HTTP date; retry-after-ms and x-ms-retry-after-ms are Azure's milliseconds).
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import pytest
from azure.core.exceptions import DecodeError
from azure.core.pipeline import PipelineContext, PipelineRequest, PipelineResponse
from azure.core.rest import HttpRequest
from azure.core.utils import CaseInsensitiveDict

from aoai.live import boundary
from aoai.live.boundary import (
    ResourceManagerOnly,
    UntrustedAnswer,
    listed,
    origin_of,
    retry_after_seconds,
)

ARM = "https://management.azure.com"
LIST = f"{ARM}/subscriptions/s/providers/Microsoft.CognitiveServices/accounts?api-version=2025-06-01"


class Answer:
    """The parts of an HTTP response the policy reads: headers and the body."""

    def __init__(
        self, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> None:
        self.headers = CaseInsensitiveDict(headers or {})
        if body is not None:
            self.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        self._body = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())

    def body(self) -> bytes:
        return self._body


class Streamed(Answer):
    def body(self) -> bytes:
        raise RuntimeError("a streamed body cannot be read twice")


class Next:
    """The next policy: records what was sent and answers with the next of `answers`."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.sent: list[str] = []

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        self.sent.append(request.http_request.url)
        return PipelineResponse(request.http_request, self.answers.pop(0), request.context)


def guarded(*answers: Answer, endpoint: str = ARM) -> tuple[ResourceManagerOnly, Next]:
    policy = ResourceManagerOnly(endpoint)
    policy.next = Next(*answers)  # type: ignore[assignment]
    return policy, policy.next  # type: ignore[return-value]


def send(policy: ResourceManagerOnly, url: str, method: str = "GET") -> Answer:
    request = PipelineRequest(HttpRequest(method, url), PipelineContext(None))
    return policy.send(request).http_response  # type: ignore[no-any-return]


# -- where a request may go -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Management.Azure.COM/subscriptions", ("https", "management.azure.com", 443)),
        ("HTTP://management.azure.com/x", ("http", "management.azure.com", 80)),
        ("https://127.0.0.1:8443/x", ("https", "127.0.0.1", 8443)),
        ("ftp://example.com/x", ("ftp", "example.com", None)),
        ("/relative/path", ("", "", None)),
    ],
)
def test_an_origin_is_scheme_host_and_port_with_the_scheme_s_default(
    url: str, origin: tuple[Any, ...]
) -> None:
    assert origin_of(url) == origin


def test_a_request_to_the_endpoint_goes_out_on_the_default_or_explicit_port() -> None:
    policy, after = guarded(Answer(), Answer())
    send(policy, f"{ARM}/subscriptions?api-version=1")
    send(policy, "https://MANAGEMENT.azure.com:443/subscriptions?api-version=1")
    assert len(after.sent) == 2


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/subscriptions",
        "http://management.azure.com/subscriptions",  # plain http: the token would travel in clear
        "https://management.azure.com:8443/subscriptions",
        "https://management.azure.com.evil.example/subscriptions",
    ],
)
def test_a_request_elsewhere_never_leaves(url: str) -> None:
    policy, after = guarded(Answer())
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, url, method="DELETE")
    assert str(refused.value) == (
        f"refused to send DELETE {url}: it is not the Resource Manager endpoint {ARM}; no credentials "
        "were sent"
    )
    assert after.sent == []


def test_a_long_url_is_shown_cut_to_200_characters() -> None:
    exactly = "https://evil.example/" + "a" * (200 - len("https://evil.example/"))
    longer = exactly + "b"
    policy, _ = guarded()
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, exactly)
    assert f"GET {exactly}: it is not" in str(refused.value)
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, longer)
    assert f"GET {exactly}…: it is not" in str(refused.value)


# -- links in answers ---------------------------------------------------------------------------------


FOREIGN = "https://evil.example/operations/1"


def refusal(where: str, link: str = FOREIGN) -> str:
    return (
        f"{where} points to {link}, not to the Resource Manager endpoint {ARM}; the link was not followed, "
        "no credentials were sent, and the answer is not trusted"
    )


@pytest.mark.parametrize("header", ["Azure-AsyncOperation", "Location", "Operation-Location"])
def test_an_operation_header_pointing_elsewhere_refuses_the_answer(header: str) -> None:
    policy, _ = guarded(Answer(headers={header: FOREIGN}))
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, f"{ARM}/subscriptions/s/accounts/a?api-version=1", method="DELETE")
    where = f"the {header} header of the answer to DELETE /subscriptions/s/accounts/a"
    assert str(refused.value) == refusal(where)


def test_links_on_the_endpoint_and_relative_links_are_followed() -> None:
    headers = {
        "Location": f"{ARM}/operations/1", "Azure-AsyncOperation": "/operations/2", "Operation-Location": "",
    }
    policy, _ = guarded(Answer(headers=headers), Answer({"value": [], "nextLink": "/page2?x=1"}))
    send(policy, f"{ARM}/a?api-version=1", method="DELETE")
    send(policy, LIST)


def test_a_next_link_elsewhere_refuses_the_answer() -> None:
    policy, _ = guarded(Answer({"value": [], "nextLink": FOREIGN}))
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, LIST)
    path = "/subscriptions/s/providers/Microsoft.CognitiveServices/accounts"
    assert str(refused.value) == refusal(f"the nextLink of the answer to GET {path}")


def page(number: int, api_version: str = "2025-06-01") -> str:
    return f"{LIST.split('?')[0]}?api-version={api_version}&$skipToken={number}"


def test_a_list_read_to_its_end_over_many_pages_is_no_loop() -> None:
    answers = [Answer({"value": [], "nextLink": page(n + 1)}) for n in range(5)] + [Answer({"value": []})]
    policy, after = guarded(*answers)
    send(policy, LIST)
    for n in range(1, 6):
        send(policy, page(n, "2023-05-01"))  # the SDK follows a nextLink at its own api-version
    assert len(after.sent) == 6


def test_a_next_link_back_to_an_earlier_page_is_a_loop() -> None:
    policy, _ = guarded(
        Answer({"value": [], "nextLink": page(1)}),
        Answer({"value": [], "nextLink": page(2)}),
        Answer({"value": [], "nextLink": page(1, "2099-01-01")}),  # back to page 1 at another api-version
    )
    send(policy, page(0))
    send(policy, page(1))
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, page(2))
    path = "/subscriptions/s/providers/Microsoft.CognitiveServices/accounts"
    assert str(refused.value) == (
        f"the nextLink of the answer to GET {path} leads back to a page already read (after 3 page(s)): a "
        "loop; the list was not read to its end"
    )


def test_two_lists_read_side_by_side_keep_their_own_pages() -> None:
    other = LIST.replace("accounts", "deletedAccounts")
    policy, _ = guarded(
        Answer({"value": [], "nextLink": page(1)}),
        Answer({"value": [], "nextLink": f"{other}&$skipToken=1"}),
        Answer({"value": []}),
        Answer({"value": []}),
    )
    send(policy, LIST)
    send(policy, other)
    send(policy, page(1))
    send(policy, f"{other}&$skipToken=1")
    # Read again from the start, a list is a new list, not a loop.
    policy.next = Next(Answer({"value": [], "nextLink": page(1)}))  # type: ignore[assignment]
    send(policy, LIST)


def test_a_list_longer_than_the_page_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boundary, "MAX_PAGES", 3)
    policy, _ = guarded(*[Answer({"value": [], "nextLink": page(n + 1)}) for n in range(3)])
    send(policy, page(0))
    send(policy, page(1))
    with pytest.raises(UntrustedAnswer) as refused:
        send(policy, page(2))  # the third page announces a fourth
    path = "/subscriptions/s/providers/Microsoft.CognitiveServices/accounts"
    assert str(refused.value) == f"the answer to GET {path} goes on for more than 3 pages; refused"


@pytest.mark.parametrize(
    "answer",
    [
        Answer(headers={"Content-Type": "text/plain"}, raw=json.dumps({"nextLink": FOREIGN}).encode()),
        Answer(headers={}, raw=json.dumps({"nextLink": FOREIGN}).encode()),
        Answer(headers={"Content-Type": "application/json"}, raw=b""),
        Answer(headers={"Content-Type": "application/json"}, raw=b"{not json"),
        Answer(headers={"Content-Type": "application/json"}, raw=b"[" * 100_000 + b"]" * 100_000),
        Answer([{"nextLink": FOREIGN}]),
        Answer({"value": [], "nextLink": ""}),
        Answer({"value": [], "nextLink": 7}),
        Streamed(headers={"Content-Type": "application/json"}, raw=b"{}"),
    ],
    ids=["text", "no type", "empty", "not json", "too deep", "array", "empty link", "number", "streamed"],
)
def test_only_a_json_object_s_non_empty_next_link_is_a_link(answer: Answer) -> None:
    policy, _ = guarded(answer)
    assert send(policy, LIST) is answer


def test_a_body_above_the_inspected_size_is_not_read_for_links(monkeypatch: pytest.MonkeyPatch) -> None:
    body = json.dumps({"value": [], "nextLink": FOREIGN}).encode()
    monkeypatch.setattr(boundary, "MAX_INSPECTED_BODY", len(body))
    policy, _ = guarded(Answer(headers={"Content-Type": "Application/JSON"}, raw=body))
    with pytest.raises(UntrustedAnswer):
        send(policy, LIST)  # exactly the limit: read (and the mixed-case type is JSON)
    monkeypatch.setattr(boundary, "MAX_INSPECTED_BODY", len(body) - 1)
    policy, _ = guarded(Answer(headers={"Content-Type": "application/json"}, raw=body))
    send(policy, LIST)  # above it: left to the SDK's deserializer


# -- Retry-After ---------------------------------------------------------------------------------------


def retry_headers_after(headers: dict[str, str]) -> dict[str, str]:
    policy, _ = guarded(Answer(headers=headers))
    return dict(send(policy, f"{ARM}/x").headers)


@pytest.mark.parametrize(
    ("headers", "kept"),
    [
        ({"Retry-After": "5"}, {"Retry-After": "5"}),
        ({"Retry-After": "3600"}, {"Retry-After": "3600"}),
        ({"Retry-After": "3601"}, {"Retry-After": "3600"}),
        ({"Retry-After": "1e9"}, {"Retry-After": "3600"}),
        ({"Retry-After": "soon"}, {}),
        ({"Retry-After": "-1"}, {}),
        ({"Retry-After": "inf"}, {}),
        ({"Retry-After": "nan"}, {}),
        ({"retry-after-ms": "1500"}, {"retry-after-ms": "1500"}),
        ({"retry-after-ms": "3600001"}, {"retry-after-ms": "3600000"}),
        ({"x-ms-retry-after-ms": "9999999999"}, {"x-ms-retry-after-ms": "3600000"}),
        # Milliseconds are a number only: a date there is unusable.
        ({"retry-after-ms": "Wed, 21 Oct 2015 07:28:00 GMT"}, {}),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        ({"Retry-After": "Wed, 99 Oct 2015 07:28:00 GMT"}, {}),
    ],
)
def test_an_unusable_retry_after_is_dropped_and_an_absurd_one_capped(
    headers: dict[str, str], kept: dict[str, str]
) -> None:
    assert retry_headers_after(headers) == kept


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({}, None),
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "7200"}, 3600.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"x-ms-retry-after-ms": "250"}, 0.25),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date gone by: no wait
        # The first usable one counts: an unusable Retry-After falls back to the milliseconds.
        ({"Retry-After": "later", "retry-after-ms": "2000"}, 2.0),
        ({"Retry-After": "3", "retry-after-ms": "2000"}, 3.0),
        ({"Retry-After": "-5"}, None),
    ],
)
def test_the_wait_an_answer_asks_for(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(CaseInsensitiveDict(headers)) == seconds


def test_a_retry_after_date_ahead_is_the_time_until_it() -> None:
    ahead = email.utils.formatdate(time.time() + 120, usegmt=True)
    seconds = retry_after_seconds(CaseInsensitiveDict({"Retry-After": ahead}))
    assert seconds is not None and 100 < seconds <= 120


# -- lists -------------------------------------------------------------------------------------------


def test_a_list_operation_s_items_and_a_page_without_value() -> None:
    def operation(*args: Any, cls: Any, **kwargs: Any) -> Any:
        assert (args, kwargs) == (("rg",), {"top": 5})
        return cls([1, 2])

    assert listed(operation, "rg", top=5) == [1, 2]

    def without_value(*args: Any, cls: Any, **kwargs: Any) -> Any:
        return cls(None)

    with pytest.raises(DecodeError) as refused:
        listed(without_value)
    assert str(refused.value) == "Azure answered a list without its 'value' array; the answer is not trusted"


def test_a_next_link_with_a_blank_token_is_another_page() -> None:
    """`$skipToken=` (blank) is not the first page (no token): a list may go on that way, and
    only a link to the very same query is a loop."""
    first = LIST
    blank = f"{LIST}&$skipToken="
    policy, after = guarded(Answer({"value": [], "nextLink": blank}), Answer({"value": []}))
    send(policy, first)
    send(policy, blank)
    assert after.sent == [first, blank]
