"""The run's HTTP transport reads the environment's proxy and CA settings once, for the Resource
Manager endpoint, the way requests would for each request, and never lets ~/.netrc replace the
bearer token."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoai.live.client import pooled_transport
from tests.fake_arm import FakeArm

from .scenario import preflight, seed_healthy, stack_data

ARM = "https://management.azure.com"


@pytest.fixture
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("NO_PROXY", "no_proxy", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_proxy_of_the_environment_is_used_for_resource_manager(
    no_proxy_variables: pytest.MonkeyPatch,
) -> None:
    no_proxy_variables.setenv("HTTPS_PROXY", "http://proxy.contoso.example:3128")
    transport = pooled_transport(4, True, ARM)
    assert transport.session.proxies.get("https") == "http://proxy.contoso.example:3128"
    assert transport.session.trust_env is False  # read once, not again per request


def test_no_proxy_naming_resource_manager_bypasses_the_proxy(no_proxy_variables: pytest.MonkeyPatch) -> None:
    no_proxy_variables.setenv("HTTPS_PROXY", "http://proxy.contoso.example:3128")
    no_proxy_variables.setenv("NO_PROXY", "localhost,management.azure.com")
    transport = pooled_transport(4, True, ARM)
    assert "https" not in transport.session.proxies


def test_a_ca_bundle_named_by_curl_s_variable_is_trusted_as_requests_would(
    no_proxy_variables: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "corporate-ca.pem"
    bundle.write_text("not read here")
    no_proxy_variables.setenv("CURL_CA_BUNDLE", str(bundle))
    assert pooled_transport(4, True, ARM).connection_config.verify == str(bundle)
    # A bundle the settings chose (REQUESTS_CA_BUNDLE, SSL_CERT_FILE) wins, as in requests.
    assert pooled_transport(4, "/etc/chosen.pem", ARM).connection_config.verify == "/etc/chosen.pem"


def test_a_netrc_entry_for_the_endpoint_does_not_replace_the_bearer_token(
    fake_arm: FakeArm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password not-a-token\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    data = stack_data()
    seed_healthy(fake_arm, data)
    assert preflight(fake_arm, data) == ([], [])
