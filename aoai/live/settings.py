"""Where and how the live commands talk to Azure: subscription, cloud, endpoints, trust, limits.

Resolved once from the command's options and the environment, validated (exit 2 on bad values),
then passed down as one frozen object: nothing below reads os.environ again.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..exit_codes import AoaiError
from ..subscriptions import subscription_guid

if TYPE_CHECKING:
    from azure.core import AzureClouds

# The names --cloud takes. The SDKs are imported only when settings are resolved (see clouds()),
# so that the commands' --help does not load them.
CLOUD_NAMES = ("public", "usgovernment", "china")


def clouds() -> dict[str, tuple[AzureClouds, str]]:
    """Each --cloud name: azure-core's cloud setting and the Entra ID authority host."""
    from azure.core import AzureClouds
    from azure.identity import AzureAuthorityHosts

    return {
        "public": (AzureClouds.AZURE_PUBLIC_CLOUD, AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
        "usgovernment": (AzureClouds.AZURE_US_GOVERNMENT, AzureAuthorityHosts.AZURE_GOVERNMENT),
        "china": (AzureClouds.AZURE_CHINA_CLOUD, AzureAuthorityHosts.AZURE_CHINA),
    }


MAX_CONCURRENCY = 64  # the documented ceiling on parallel ARM calls (docs/scale.md)


MAX_TIMEOUT = 86_400.0  # a day: longer is a mistake, not a plan


@dataclass(frozen=True)
class Limits:
    """Bounds of one run: nothing waits longer than `timeout` in total."""

    timeout: float = 120.0  # the whole run, seconds
    request_timeout: float = 30.0  # one HTTP request (connect and read), seconds
    retries: int = 3  # per request, on 408/429/5xx and dropped connections
    retry_backoff: float = 0.8  # seconds; doubles per retry (azure-core RetryPolicy)
    # Requests in flight at once, in the whole run (subscriptions are read one after another).
    # 32 reads a 30-region stack in about three round trips; ARM's read bucket per subscription
    # and principal holds 250 requests, refilled at 25 a second (docs/scale.md), and its
    # Retry-After on a 429 pauses every request of the run (client.ThrottleGate).
    concurrency: int = 32

    def __post_init__(self) -> None:
        # inf and nan are floats too: inf overflows the thread and socket timeouts, nan compares
        # false with everything (a run that "took longer than nan seconds").
        for name, value, most in (
            ("--timeout", self.timeout, MAX_TIMEOUT),
            ("--request-timeout", self.request_timeout, MAX_TIMEOUT),
        ):
            if not (math.isfinite(value) and 0 < value <= most):
                raise AoaiError(
                    f"{name} must be a number of seconds above 0 and at most {most:g} (got {value})"
                )
        if not 0 <= self.retries <= 10:
            raise AoaiError(f"--retries must be between 0 and 10 (got {self.retries})")
        if not (math.isfinite(self.retry_backoff) and 0 <= self.retry_backoff <= 60):
            raise AoaiError(
                f"--retry-backoff (AOAI_RETRY_BACKOFF) must be 0 to 60 seconds (got {self.retry_backoff})"
            )
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise AoaiError(f"--concurrency must be between 1 and {MAX_CONCURRENCY} (got {self.concurrency})")


@dataclass(frozen=True)
class ConnectionSettings:
    subscription_id: str
    arm_endpoint: str  # https://management.azure.com
    credential_scope: str  # https://management.azure.com/.default
    authority_host: str  # login.microsoftonline.com, or an https URL
    instance_discovery: bool
    ca_bundle: str | None  # a PEM file to trust instead of the default bundle
    limits: Limits

    @property
    def connection_verify(self) -> str | bool:
        return self.ca_bundle or True


def resolve_settings(
    *,
    subscription: str | None,
    cloud: str = "public",
    arm_endpoint: str | None = None,
    limits: Limits | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConnectionSettings:
    """Settings from the options (already merged with their environment variables by typer).

    AZURE_AUTHORITY_HOST overrides the cloud's Entra ID host; AOAI_ARM_SCOPE the token scope of a
    custom --arm-endpoint; REQUESTS_CA_BUNDLE, else SSL_CERT_FILE, the certificates trusted.
    """
    from azure.mgmt.core.tools import get_arm_endpoints

    env = os.environ if environ is None else environ
    known = clouds()
    if cloud not in known:
        raise AoaiError(f"--cloud must be one of {', '.join(known)} (got {cloud!r})")
    cloud_setting, cloud_authority = known[cloud]
    endpoints = get_arm_endpoints(cloud_setting)
    endpoint = _https_url(arm_endpoint, "--arm-endpoint / AOAI_ARM_ENDPOINT") if arm_endpoint else None
    if endpoint is None:
        endpoint = endpoints["resource_manager"].rstrip("/")
        scope = endpoints["credential_scopes"][0]
    else:
        scope = env.get("AOAI_ARM_SCOPE") or f"{endpoint}/.default"
    authority = _authority(env.get("AZURE_AUTHORITY_HOST")) or cloud_authority
    return ConnectionSettings(
        subscription_id=_subscription(subscription),
        arm_endpoint=endpoint,
        credential_scope=scope,
        authority_host=authority,
        # Microsoft's instance discovery knows only its own Entra ID hosts; any other authority (a
        # private or sovereign cloud, a test double) must be used with it disabled.
        instance_discovery=_host_of(authority) in {host for _, host in known.values()},
        ca_bundle=_ca_bundle(env),
        limits=limits or Limits(),
    )


def _subscription(value: str | None) -> str:
    return subscription_guid(value)


def _https_url(value: str, what: str) -> str:
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise AoaiError(f"{what} must be an https:// URL (got {value!r})") from None
    if parts.scheme != "https" or not parts.hostname:
        # Bearer tokens only travel over TLS (azure-core refuses plain http for them anyway).
        raise AoaiError(f"{what} must be an https:// URL (got {value!r})")
    if parts.username or parts.password or parts.query or parts.fragment or (port is not None and port <= 0):
        raise AoaiError(
            f"{what} must be a plain https:// URL, without user, query or fragment (got {value!r})"
        )
    return value.rstrip("/")


def _authority(value: str | None) -> str | None:
    """AZURE_AUTHORITY_HOST: a host name (azure-identity adds https://) or an https:// URL.

    Credentials (a client secret, a federated token) go there, so plain http is refused."""
    if not value:
        return None
    if "://" in value:
        _https_url(value, "AZURE_AUTHORITY_HOST")
        return value
    host = value.strip("/")
    if not host or any(c in host for c in "/?#@ ") or not host.isascii():
        raise AoaiError(f"AZURE_AUTHORITY_HOST must be a host name or an https:// URL (got {value!r})")
    return host


def _host_of(authority: str) -> str:
    # A URL's netloc has no slash, and a bare host had its slashes stripped by _authority.
    return (urlsplit(authority).netloc or authority).lower()


def _ca_bundle(env: Mapping[str, str]) -> str | None:
    for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        path = env.get(name)
        if path:
            if not Path(path).is_file():
                raise AoaiError(f"{name} is set to {path!r}, which is not a file of PEM certificates")
            return path
    return None
