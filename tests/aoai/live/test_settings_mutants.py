"""settings.py: where credentials and requests go, and the run's bounds, at the edges `make mutate`
showed no test pinned (issue 16). A value let through here sends a token or a client secret
somewhere it should not go, or a run that never ends; the expected values are written from the
rules in the module's docstrings and docs/scale.md, by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoai.exit_codes import AoaiError, ExitCode
from aoai.live.settings import MAX_CONCURRENCY, Limits, resolve_settings

SUB = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
TIMEOUT = "--timeout must be a number of seconds above 0 and at most 86400"
BACKOFF = "--retry-backoff (AOAI_RETRY_BACKOFF) must be 0 to 60 seconds"


def refused(message: str, **kwargs: object) -> str:
    with pytest.raises(AoaiError) as caught:
        resolve_settings(**kwargs)  # type: ignore[arg-type]
    assert caught.value.code == ExitCode.INVALID
    assert message in str(caught.value)
    return str(caught.value)


# -- the run's bounds, at their edges --------------------------------------------------------------


def test_the_defaults_are_the_documented_ones() -> None:
    documented = Limits(timeout=120.0, request_timeout=30.0, retries=3, retry_backoff=0.8, concurrency=32)
    assert Limits() == documented
    assert MAX_CONCURRENCY == 64


def test_every_bound_is_inclusive_at_both_ends() -> None:
    Limits(timeout=86_400, request_timeout=86_400, retries=0, retry_backoff=0, concurrency=1)
    Limits(timeout=0.001, request_timeout=0.001, retries=10, retry_backoff=60, concurrency=64)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"timeout": 86_400.5}, f"{TIMEOUT} (got 86400.5)"),
        ({"timeout": float("inf")}, f"{TIMEOUT} (got inf)"),
        ({"timeout": float("nan")}, f"{TIMEOUT} (got nan)"),
        ({"request_timeout": 0}, f"--request-{TIMEOUT[2:]} (got 0)"),
        ({"request_timeout": 86_401}, f"--request-{TIMEOUT[2:]} (got 86401)"),
        ({"request_timeout": float("nan")}, "--request-timeout must be a number of seconds"),
        ({"retries": -1}, "--retries must be between 0 and 10 (got -1)"),
        ({"retries": 11}, "--retries must be between 0 and 10 (got 11)"),
        ({"retry_backoff": 60.5}, f"{BACKOFF} (got 60.5)"),
        ({"retry_backoff": float("inf")}, f"{BACKOFF} (got inf)"),
        ({"retry_backoff": float("nan")}, "--retry-backoff (AOAI_RETRY_BACKOFF) must be 0 to 60 seconds"),
        ({"concurrency": 0}, "--concurrency must be between 1 and 64 (got 0)"),
        ({"concurrency": 65}, "--concurrency must be between 1 and 64 (got 65)"),
    ],
)
def test_a_bound_just_past_its_edge_is_refused_with_the_option_and_the_range(
    limits: dict[str, float], message: str
) -> None:
    with pytest.raises(AoaiError) as caught:
        Limits(**limits)  # type: ignore[arg-type]
    assert caught.value.code == ExitCode.INVALID
    assert message in str(caught.value)


def test_the_settings_carry_the_limits_given_else_the_defaults() -> None:
    mine = Limits(timeout=5, concurrency=2)
    assert resolve_settings(subscription=SUB, limits=mine, environ={}).limits is mine
    assert resolve_settings(subscription=SUB, environ={}).limits == Limits()


# -- the subscription ------------------------------------------------------------------------------


def test_the_subscription_is_the_lower_case_guid() -> None:
    settings = resolve_settings(subscription=SUB.upper(), environ={})
    assert settings.subscription_id == SUB


# -- where requests go: the Resource Manager endpoint ----------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://management.example.test",  # a bearer token in the clear
        "ftp://management.example.test",
        "https://",  # no host
        "https:///path",
        "management.example.test",  # no scheme at all
    ],
)
def test_an_endpoint_that_is_not_https_to_a_host_is_refused(endpoint: str) -> None:
    message = refused("must be an https:// URL", subscription=SUB, arm_endpoint=endpoint, environ={})
    assert message.startswith("--arm-endpoint / AOAI_ARM_ENDPOINT must be an https:// URL")
    assert repr(endpoint) in message


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://user@management.example.test",  # userinfo: a host that reads like another
        "https://user:secret@management.example.test",
        "https://:secret@management.example.test",
        "https://management.example.test/?api-version=1",
        "https://management.example.test/#x",
        "https://management.example.test:0",
    ],
)
def test_an_endpoint_with_user_query_fragment_or_port_0_is_refused(endpoint: str) -> None:
    refused(
        "--arm-endpoint / AOAI_ARM_ENDPOINT must be a plain https:// URL, without user, query or fragment",
        subscription=SUB, arm_endpoint=endpoint, environ={},
    )


def test_an_endpoint_with_a_port_out_of_range_is_refused_not_a_crash() -> None:
    # urlsplit raises ValueError reading such a port: the same refusal, not a traceback.
    refused(
        "--arm-endpoint / AOAI_ARM_ENDPOINT must be an https:// URL (got 'https://management.example.test:99999')",
        subscription=SUB, arm_endpoint="https://management.example.test:99999", environ={},
    )


def test_an_endpoint_with_a_port_keeps_it_and_loses_only_trailing_slashes() -> None:
    settings = resolve_settings(subscription=SUB, arm_endpoint="https://127.0.0.1:8443//", environ={})
    assert settings.arm_endpoint == "https://127.0.0.1:8443"
    assert settings.credential_scope == "https://127.0.0.1:8443/.default"


def test_an_endpoint_keeps_every_character_before_its_trailing_slashes() -> None:
    settings = resolve_settings(subscription=SUB, arm_endpoint="https://arm.example.test/stackX/", environ={})
    assert settings.arm_endpoint == "https://arm.example.test/stackX"


def test_port_1_is_a_port() -> None:
    """Only port 0 is refused (urlsplit refuses what is out of 0-65535): 1 is a TCP port like any."""
    settings = resolve_settings(subscription=SUB, arm_endpoint="https://127.0.0.1:1", environ={})
    assert settings.arm_endpoint == "https://127.0.0.1:1"


def test_the_scope_variable_applies_only_to_a_custom_endpoint() -> None:
    """AOAI_ARM_SCOPE names the token scope of a custom --arm-endpoint; the clouds keep theirs."""
    settings = resolve_settings(subscription=SUB, environ={"AOAI_ARM_SCOPE": "https://elsewhere.test/.default"})
    assert settings.arm_endpoint == "https://management.azure.com"
    assert settings.credential_scope == "https://management.azure.com/.default"
    empty = resolve_settings(
        subscription=SUB, arm_endpoint="https://arm.example.test", environ={"AOAI_ARM_SCOPE": ""}
    )
    assert empty.credential_scope == "https://arm.example.test/.default"


def test_an_empty_endpoint_means_the_cloud_s_own() -> None:
    settings = resolve_settings(subscription=SUB, cloud="china", arm_endpoint="", environ={})
    assert settings.arm_endpoint == "https://management.chinacloudapi.cn"


# -- where credentials go: the authority -----------------------------------------------------------


def test_an_authority_host_name_is_kept_without_slashes_and_discovery_stays_on_for_microsoft_s() -> None:
    environ = {"AZURE_AUTHORITY_HOST": "login.microsoftonline.us/"}
    settings = resolve_settings(subscription=SUB, environ=environ)
    assert settings.authority_host == "login.microsoftonline.us"
    assert settings.instance_discovery is True


def test_microsoft_s_hosts_are_known_whatever_their_case() -> None:
    """Host names are case-insensitive (RFC 4343): LOGIN.MICROSOFTONLINE.COM is Microsoft's."""
    settings = resolve_settings(
        subscription=SUB, environ={"AZURE_AUTHORITY_HOST": "https://LOGIN.MicrosoftOnline.com/"}
    )
    assert settings.instance_discovery is True


def test_an_authority_host_name_is_kept_as_written_whatever_its_letters() -> None:
    """The client secret goes to that host: not one character of it may change or be refused
    (host names are ASCII letters, digits, dots and hyphens, in either case)."""
    environ = {"AZURE_AUTHORITY_HOST": "LOGIN.CONTOSO-CLOUD.BOX"}
    settings = resolve_settings(subscription=SUB, environ=environ)
    assert settings.authority_host == "LOGIN.CONTOSO-CLOUD.BOX"
    assert settings.instance_discovery is False


def test_a_private_authority_host_name_turns_discovery_off() -> None:
    settings = resolve_settings(subscription=SUB, environ={"AZURE_AUTHORITY_HOST": "login.contoso.example"})
    assert settings.authority_host == "login.contoso.example"
    assert settings.instance_discovery is False


def test_an_authority_in_another_cloud_s_settings_is_the_one_used() -> None:
    """AZURE_AUTHORITY_HOST overrides the cloud's Entra ID host; empty means the cloud's own."""
    assert resolve_settings(
        subscription=SUB, cloud="china", environ={"AZURE_AUTHORITY_HOST": ""}
    ).authority_host == "login.chinacloudapi.cn"


@pytest.mark.parametrize(
    "host",
    [
        "login.example.test/tenant",  # a path without a scheme
        "login.example.test?x=1",
        "login.example.test#x",
        "user@login.example.test",  # userinfo: the secret would go to the host after @
        "login example.test",
        "lögin.example.test",  # not ASCII: a look-alike host
        "/",
        "//",
    ],
)
def test_an_authority_that_is_not_a_plain_host_name_is_refused(host: str) -> None:
    message = refused(
        "AZURE_AUTHORITY_HOST must be a host name or an https:// URL", subscription=SUB,
        environ={"AZURE_AUTHORITY_HOST": host},
    )
    assert repr(host) in message


@pytest.mark.parametrize(
    "authority",
    ["http://login.example.test", "https://user:pw@login.example.test", "https://login.example.test/?x=1"],
)
def test_an_authority_url_is_checked_as_an_endpoint_is(authority: str) -> None:
    environ = {"AZURE_AUTHORITY_HOST": authority}
    message = refused("AZURE_AUTHORITY_HOST must be", subscription=SUB, environ=environ)
    assert message.startswith("AZURE_AUTHORITY_HOST must be a")
    assert "https://" in message


# -- trust -----------------------------------------------------------------------------------------


def test_a_bundle_that_is_not_a_file_is_refused_by_its_variable(tmp_path: Path) -> None:
    message = refused(
        "SSL_CERT_FILE is set to", subscription=SUB, environ={"SSL_CERT_FILE": str(tmp_path)}
    )
    assert message == f"SSL_CERT_FILE is set to {str(tmp_path)!r}, which is not a file of PEM certificates"


def test_an_empty_bundle_variable_is_skipped(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    environ = {"REQUESTS_CA_BUNDLE": "", "SSL_CERT_FILE": str(bundle)}
    settings = resolve_settings(subscription=SUB, environ=environ)
    assert settings.ca_bundle == str(bundle)
    assert resolve_settings(subscription=SUB, environ={}).ca_bundle is None


def test_the_process_environment_is_read_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_AUTHORITY_HOST", "login.contoso.example")
    assert resolve_settings(subscription=SUB).authority_host == "login.contoso.example"
