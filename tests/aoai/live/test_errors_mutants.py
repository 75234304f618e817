"""errors.py: every kind of failure, its words and its exit code, where `make mutate` showed no
test looked (issue 16). The answers are ARM's error envelope (ErrorResponse in the REST
specification's common types: {"error": {"code", "message"}}) written out literally; the
expected kinds and messages are written from the module's rules, by hand."""

from __future__ import annotations

import json

import pytest
from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    DecodeError,
    DeserializationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
    ServiceResponseTimeoutError,
)
from azure.mgmt.core.exceptions import ARMErrorFormat

from aoai.exit_codes import ExitCode
from aoai.live.boundary import UntrustedAnswer
from aoai.live.errors import (
    LOGIN_GUIDANCE,
    READER_GUIDANCE,
    TLS_HINT,
    AzureAccessError,
    AzureFailure,
    classify,
)


class _Answer:
    """The parts of an HTTP answer azure-core's HttpResponseError reads."""

    def __init__(self, status: int, body: str, reason: str) -> None:
        self.status_code = status
        self.reason = reason
        self.headers: dict[str, str] = {}
        self.content_type = "application/json"
        self.request = None
        self._body = body

    def text(self, encoding: str | None = None) -> str:
        return self._body

    def body(self) -> bytes:
        return self._body.encode()


def arm_error(status: int, code: str, message: str, reason: str = "Reason") -> HttpResponseError:
    body = json.dumps({"error": {"code": code, "message": message}})
    return HttpResponseError(response=_Answer(status, body, reason), error_format=ARMErrorFormat)


def bare_error(status: int, reason: str, body: str = "<html>gateway</html>") -> HttpResponseError:
    return HttpResponseError(response=_Answer(status, body, reason), error_format=ARMErrorFormat)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            arm_error(403, "AuthorizationFailed", "The client does not have authorization."),
            AzureFailure(
                "forbidden",
                "not authorized: 403 AuthorizationFailed: The client does not have authorization.",
                403,
                "AuthorizationFailed",
            ),
        ),
        (
            arm_error(429, "SubscriptionRequestsThrottled", "Retry after 30 seconds."),
            AzureFailure(
                "throttled",
                "Azure throttled the requests beyond the retry budget: 429 SubscriptionRequestsThrottled: "
                "Retry after 30 seconds.",
                429,
                "SubscriptionRequestsThrottled",
            ),
        ),
        (
            arm_error(500, "InternalServerError", "Encountered internal server error."),
            AzureFailure(
                "server",
                "Azure answered 500 after the retries: 500 InternalServerError: "
                "Encountered internal server error.",
                500,
                "InternalServerError",
            ),
        ),
        (
            bare_error(502, "Bad Gateway"),
            AzureFailure("server", "Azure answered 502 after the retries: 502 Bad Gateway", 502, None),
        ),
        (
            arm_error(409, "RequestConflict", "Another operation is in progress."),
            AzureFailure(
                "refused",
                "Azure refused the request: 409 RequestConflict: Another operation is in progress.",
                409,
                "RequestConflict",
            ),
        ),
        (
            arm_error(499, "ClientClosedRequest", ""),  # a code without a message
            AzureFailure(
                "refused", "Azure refused the request: 499 ClientClosedRequest:", 499, "ClientClosedRequest"
            ),
        ),
        (
            bare_error(404, "Not Found"),
            AzureFailure("refused", "Azure refused the request: 404 Not Found", 404, None),
        ),
        (
            # A status line without a reason phrase (HTTP/1.1 allows it; HTTP/2 has none): the status.
            bare_error(502, ""),
            AzureFailure("server", "Azure answered 502 after the retries: 502", 502, None),
        ),
    ],
)
def test_an_arm_answer_is_classified_by_its_status_with_azure_s_code(
    error: HttpResponseError, expected: AzureFailure
) -> None:
    assert classify(error) == expected


def test_a_401_from_arm_is_auth_with_its_status_and_code() -> None:
    error = ClientAuthenticationError(
        response=_Answer(
            401, json.dumps({"error": {"code": "InvalidAuthenticationToken", "message": "bad"}}), "x"
        ),
        error_format=ARMErrorFormat,
    )
    assert classify(error) == AzureFailure(
        "auth", "not authenticated to Azure: 401 InvalidAuthenticationToken: bad", 401
    )


def test_no_credential_is_auth_with_the_credential_s_own_words() -> None:
    error = ClientAuthenticationError(message="DefaultAzureCredential failed to retrieve a token")
    assert classify(error) == AzureFailure(
        "auth", "not authenticated to Azure: DefaultAzureCredential failed to retrieve a token"
    )


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            UntrustedAnswer("a nextLink to another host"),
            AzureFailure("untrusted", "Azure's answer was not trusted: a nextLink to another host"),
        ),
        (
            DecodeError("Expecting value"),
            AzureFailure(
                "malformed",
                "Azure answered with a body that is not valid JSON or not the expected shape "
                "(Expecting value)",
            ),
        ),
        (
            DeserializationError("no 'value'"),
            AzureFailure(
                "malformed",
                "Azure answered with a body that is not valid JSON or not the expected shape (no 'value')",
            ),
        ),
        (
            ServiceResponseTimeoutError("read timed out"),
            AzureFailure("timeout", "no answer in time (read timed out)"),
        ),
        (
            ServiceRequestError("connection refused"),
            AzureFailure(
                "unreachable",
                "could not reach Azure Resource Manager (connection refused); "
                "check the network and --arm-endpoint",
            ),
        ),
        (
            ServiceResponseError("connection reset"),
            AzureFailure(
                "unreachable",
                "could not reach Azure Resource Manager (connection reset); "
                "check the network and --arm-endpoint",
            ),
        ),
        (
            AzureError("something else"),
            AzureFailure("unreachable", "the request to Azure failed: something else"),
        ),
    ],
)
def test_every_other_failure_has_its_kind_and_words(error: BaseException, expected: AzureFailure) -> None:
    assert classify(error) == expected


def test_an_untrusted_certificate_gets_the_trust_hint_and_keeps_its_kind() -> None:
    error = ServiceRequestError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    failure = classify(error)
    assert failure.kind == "unreachable"
    assert failure.message.endswith(
        "The server's TLS certificate is not trusted: behind a TLS-inspecting proxy or with a private cloud, "
        "point REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) at a PEM bundle with its CA."
    )
    assert failure.message.startswith(
        "could not reach Azure Resource Manager ([SSL: CERTIFICATE_VERIFY_FAILED]"
    )
    assert TLS_HINT not in classify(ServiceRequestError("connection refused")).message


def test_the_hint_keeps_the_status_and_code_of_an_http_failure() -> None:
    failure = classify(arm_error(502, "BadGateway", "upstream CERTIFICATE_VERIFY_FAILED"))
    assert (failure.kind, failure.status, failure.code) == ("server", 502, "BadGateway")
    assert failure.message.endswith(TLS_HINT)


def test_what_is_not_azure_s_is_not_classified() -> None:
    with pytest.raises(TypeError, match=r"^not an Azure error: ValueError\('x'\)$"):
        classify(ValueError("x"))


@pytest.mark.parametrize(
    ("kind", "ends"),
    [
        ("auth", True),
        ("forbidden", True),
        ("throttled", False),
        ("server", False),
        ("unreachable", False),
        ("timeout", False),
        ("malformed", False),
        ("refused", False),
        ("untrusted", False),
    ],
)
def test_only_auth_and_forbidden_end_the_run(kind: str, ends: bool) -> None:
    assert AzureFailure(kind, "m").ends_run is ends  # type: ignore[arg-type]


def test_an_auth_failure_exits_3_with_the_sign_in_guidance() -> None:
    error = AzureAccessError(AzureFailure("auth", "not authenticated to Azure: x")).as_aoai_error()
    assert error.code == ExitCode.AZURE
    assert str(error) == f"not authenticated to Azure: x\n{LOGIN_GUIDANCE}"
    assert "`az account set --subscription <id>`" in str(error)


def test_the_guidance_names_the_subscription_when_it_is_known() -> None:
    sub = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
    error = AzureAccessError(AzureFailure("auth", "m")).as_aoai_error(subscription=sub)
    assert f"`az account set --subscription {sub}`" in str(error) and "<id>" not in str(error)
    forbidden = AzureAccessError(AzureFailure("forbidden", "not authorized: 403"))
    # READER_GUIDANCE has no placeholder: it is shown as written.
    assert str(forbidden.as_aoai_error(subscription=sub)) == f"not authorized: 403\n{READER_GUIDANCE}"


def test_a_forbidden_failure_exits_3_with_the_command_s_guidance() -> None:
    failure = AzureFailure("forbidden", "not authorized: 403 AuthorizationFailed: no")
    access = AzureAccessError(failure)
    assert access.failure is failure and str(access) == "not authorized: 403 AuthorizationFailed: no"
    default = access.as_aoai_error()
    assert default.code == ExitCode.AZURE
    assert str(default) == f"not authorized: 403 AuthorizationFailed: no\n{READER_GUIDANCE}"
    assert "the Reader role" in str(default)
    own = access.as_aoai_error("Purging needs Cognitive Services Contributor.")
    assert (
        str(own)
        == "not authorized: 403 AuthorizationFailed: no\nPurging needs Cognitive Services Contributor."
    )
