"""What went wrong talking to Azure, in words a user can act on, and which exit code it means.

Authentication and authorization failures end the whole run (exit 3 with sign-in guidance):
nothing can be checked without them. Everything else (throttling past the retry budget, server
errors, dropped connections, malformed answers, timeouts) marks only the part being fetched as
not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

from ..exit_codes import AoaiError, ExitCode
from .boundary import UntrustedAnswer

FailureKind = Literal[
    "auth", "forbidden", "throttled", "server", "unreachable", "timeout", "malformed", "refused", "untrusted"
]

# Errors a fetch can end with that are reported, not raised: Azure's, and its answers not parsing.
FETCH_ERRORS = (AzureError, DeserializationError)

LOGIN_GUIDANCE = (
    "Sign in, then run again: `az login` (and `az account set --subscription <id>`) on a "
    "workstation; a service principal through AZURE_TENANT_ID, AZURE_CLIENT_ID and "
    "AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH); in CI, workload identity federation "
    "(OIDC) through AZURE_FEDERATED_TOKEN_FILE. AZURE_TOKEN_CREDENTIALS narrows which of these "
    "DefaultAzureCredential tries. For another cloud, pass --cloud or set AZURE_AUTHORITY_HOST."
)
READER_GUIDANCE = (
    "The signed-in identity needs, on the subscription, the Reader role, and for preflight also the "
    "actions Microsoft.CognitiveServices/checkDomainAvailability/action and "
    "Microsoft.CognitiveServices/locations/checkSkuAvailability/action (Cognitive Services "
    "Contributor includes both); ask an owner to grant them, or check --subscription."
)


@dataclass(frozen=True)
class AzureFailure:
    kind: FailureKind
    message: str
    status: int | None = None
    code: str | None = None

    @property
    def ends_run(self) -> bool:
        return self.kind in ("auth", "forbidden")


class AzureAccessError(Exception):
    """Authentication or authorization failed: the run stops (exit 3)."""

    def __init__(self, failure: AzureFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure

    def as_aoai_error(
        self, forbidden_guidance: str = READER_GUIDANCE, subscription: str | None = None
    ) -> AoaiError:
        guidance = LOGIN_GUIDANCE if self.failure.kind == "auth" else forbidden_guidance
        if subscription:  # say which one, instead of a placeholder the tool could fill in
            guidance = guidance.replace("--subscription <id>", f"--subscription {subscription}")
        return AoaiError(f"{self.failure.message}\n{guidance}", ExitCode.AZURE)


def _arm_code(error: HttpResponseError) -> tuple[str | None, str]:
    if error.error is not None and error.error.code:
        return error.error.code, error.error.message or ""
    return None, error.reason or ""


TLS_HINT = (
    " The server's TLS certificate is not trusted: behind a TLS-inspecting proxy or with a "
    "private cloud, point REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) at a PEM bundle with its CA."
)


def classify(error: BaseException) -> AzureFailure:
    """One exception from azure-core, azure-identity or the SDK's deserializer, classified."""
    failure = _classify(error)
    if "CERTIFICATE_VERIFY_FAILED" in failure.message:
        return AzureFailure(failure.kind, failure.message + TLS_HINT, failure.status, failure.code)
    return failure


def _classify(error: BaseException) -> AzureFailure:
    if isinstance(error, UntrustedAnswer):
        return AzureFailure("untrusted", f"Azure's answer was not trusted: {error.message}")
    if isinstance(error, ClientAuthenticationError):
        # 401 from ARM, or no credential could get a token (DefaultAzureCredential lists why).
        detail = error.message if error.response is None else _describe(error)
        return AzureFailure("auth", f"not authenticated to Azure: {detail}", error.status_code)
    if isinstance(error, (DecodeError, DeserializationError)):
        return AzureFailure(
            "malformed",
            f"Azure answered with a body that is not valid JSON or not the expected shape ({error})",
        )
    if isinstance(error, HttpResponseError):
        status = error.status_code
        code, _ = _arm_code(error)
        if status == 403:
            return AzureFailure("forbidden", f"not authorized: {_describe(error)}", status, code)
        if status == 429:
            return AzureFailure(
                "throttled",
                f"Azure throttled the requests beyond the retry budget: {_describe(error)}",
                status,
                code,
            )
        if status is not None and status >= 500:
            return AzureFailure(
                "server", f"Azure answered {status} after the retries: {_describe(error)}", status, code
            )
        return AzureFailure("refused", f"Azure refused the request: {_describe(error)}", status, code)
    if isinstance(error, ServiceResponseTimeoutError):
        return AzureFailure("timeout", f"no answer in time ({error.message})")
    if isinstance(error, (ServiceRequestError, ServiceResponseError)):
        return AzureFailure(
            "unreachable",
            f"could not reach Azure Resource Manager ({error.message}); check the network and --arm-endpoint",
        )
    if isinstance(error, AzureError):
        return AzureFailure("unreachable", f"the request to Azure failed: {error.message}")
    raise TypeError(f"not an Azure error: {error!r}")


def _describe(error: HttpResponseError) -> str:
    code, message = _arm_code(error)
    status = f"{error.status_code} " if error.status_code else ""
    return f"{status}{code}: {message}".strip() if code else f"{status}{message}".strip()
