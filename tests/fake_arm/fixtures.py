"""pytest fixtures: one fake ARM per test session, its state reset for every test.

`fake_arm` also points the environment at the fake (DefaultAzureCredential restricted to
EnvironmentCredential, so nothing falls through to the managed-identity probe; AZURE_AUTHORITY_HOST,
AOAI_ARM_ENDPOINT and REQUESTS_CA_BUNDLE at the fake) and, after the test, fails it if the client
sent anything off the specification (unknown path, bad body, missing api-version).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeArm

# Ambient settings that would point a credential or the client somewhere else.
_AMBIENT = (
    "AZURE_CLIENT_CERTIFICATE_PATH",
    "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_USERNAME",
    "AZURE_PASSWORD",
    "ARM_SUBSCRIPTION_ID",
    "SSL_CERT_FILE",
    "AOAI_CLOUD",
    "AOAI_ARM_SCOPE",
    "AOAI_TIMEOUT",
    "AOAI_REQUEST_TIMEOUT",
    "AOAI_RETRIES",
    "AOAI_CONCURRENCY",
    "AOAI_RETRY_BACKOFF",
    "IDENTITY_ENDPOINT",
    "MSI_ENDPOINT",
)


@pytest.fixture(scope="session")
def fake_arm_server() -> Iterator[FakeArm]:
    with FakeArm() as fake:
        yield fake


@pytest.fixture
def fake_arm(fake_arm_server: FakeArm, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArm]:
    fake_arm_server.reset()
    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in fake_arm_server.environment().items():
        monkeypatch.setenv(name, value)
    yield fake_arm_server
    assert fake_arm_server.protocol_problems == [], "the client spoke off the specification"
