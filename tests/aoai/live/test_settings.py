"""Connection settings: clouds, endpoints, token scopes, authority and trust, bad values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoai.exit_codes import AoaiError, ExitCode
from aoai.live.settings import Limits, resolve_settings

SUB = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"


@pytest.mark.parametrize(
    ("cloud", "endpoint", "scope", "authority"),
    [
        (
            "public",
            "https://management.azure.com",
            "https://management.azure.com/.default",
            "login.microsoftonline.com",
        ),
        (
            "usgovernment",
            "https://management.usgovcloudapi.net",
            "https://management.core.usgovcloudapi.net/.default",
            "login.microsoftonline.us",
        ),
        (
            "china",
            "https://management.chinacloudapi.cn",
            "https://management.chinacloudapi.cn/.default",
            "login.chinacloudapi.cn",
        ),
    ],
)
def test_clouds(cloud: str, endpoint: str, scope: str, authority: str) -> None:
    settings = resolve_settings(subscription=SUB, cloud=cloud, environ={})
    assert (settings.arm_endpoint, settings.credential_scope, settings.authority_host) == (
        endpoint,
        scope,
        authority,
    )
    assert settings.instance_discovery is True
    assert settings.connection_verify is True


def test_a_custom_arm_endpoint_gets_its_own_scope() -> None:
    settings = resolve_settings(
        subscription=SUB, arm_endpoint="https://management.local.azurestack.external/", environ={}
    )
    assert settings.arm_endpoint == "https://management.local.azurestack.external"
    assert settings.credential_scope == "https://management.local.azurestack.external/.default"
    scoped = resolve_settings(
        subscription=SUB,
        arm_endpoint="https://management.local.azurestack.external",
        environ={"AOAI_ARM_SCOPE": "https://management.adfs.azurestack.local/6f1b/.default"},
    )
    assert scoped.credential_scope == "https://management.adfs.azurestack.local/6f1b/.default"


def test_a_private_authority_turns_instance_discovery_off() -> None:
    """azure-identity requires disable_instance_discovery for an authority Microsoft does not list."""
    settings = resolve_settings(
        subscription=SUB, environ={"AZURE_AUTHORITY_HOST": "https://login.contoso-cloud.example/"}
    )
    assert settings.authority_host == "https://login.contoso-cloud.example/"
    assert settings.instance_discovery is False
    known = resolve_settings(
        subscription=SUB, environ={"AZURE_AUTHORITY_HOST": "https://login.microsoftonline.us"}
    )
    assert known.instance_discovery is True


def test_trust_comes_from_requests_ca_bundle_then_ssl_cert_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pem", tmp_path / "b.pem"
    first.write_text("x")
    second.write_text("y")
    both = {"REQUESTS_CA_BUNDLE": str(first), "SSL_CERT_FILE": str(second)}
    assert resolve_settings(subscription=SUB, environ=both).connection_verify == str(first)
    assert resolve_settings(subscription=SUB, environ={"SSL_CERT_FILE": str(second)}).ca_bundle == str(second)


@pytest.mark.parametrize(
    ("kwargs", "environ", "message"),
    [
        ({"subscription": None}, {}, "AZURE_SUBSCRIPTION_ID"),
        ({"subscription": "my-sub"}, {}, "a GUID"),
        ({"subscription": SUB, "cloud": "mars"}, {}, "--cloud must be one of public, usgovernment, china"),
        ({"subscription": SUB, "arm_endpoint": "http://management.azure.com"}, {}, "https://"),
        ({"subscription": SUB}, {"REQUESTS_CA_BUNDLE": "/nonexistent/ca.pem"}, "REQUESTS_CA_BUNDLE"),
    ],
)
def test_bad_values_are_bad_usage(
    kwargs: dict[str, str | None], environ: dict[str, str], message: str
) -> None:
    with pytest.raises(AoaiError) as caught:
        resolve_settings(environ=environ, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == ExitCode.INVALID and message in str(caught.value)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"timeout": 0}, "--timeout"),
        ({"request_timeout": -1}, "--request-timeout"),
        ({"retries": 11}, "--retries"),
        ({"concurrency": 0}, "--concurrency"),
        ({"retry_backoff": -1}, "AOAI_RETRY_BACKOFF"),
    ],
)
def test_limits_are_bounded(limits: dict[str, float], message: str) -> None:
    with pytest.raises(AoaiError, match=message):
        Limits(**limits)  # type: ignore[arg-type]
