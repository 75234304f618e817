"""`aoai preflight` end to end: the CLI, DefaultAzureCredential and the real client over TLS
against the fake ARM and Entra ID; exit codes, text, JSON, guidance on sign-in failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from aoai.cli import app
from tests.aoai.live.scenario import RG, seed_healthy, stack_data, write_stack
from tests.fake_arm import FakeArm, Fault, usage

runner = CliRunner()
FAST = ["--retries", "1", "--retry-backoff", "0.01"]


def run(*args: str) -> Result:
    return runner.invoke(app, ["preflight", *args, *FAST])


@pytest.fixture
def stack(fake_arm: FakeArm, tmp_path: Path) -> Path:
    data = stack_data()
    seed_healthy(fake_arm, data)
    return write_stack(tmp_path, data)


def test_a_healthy_stack_passes(fake_arm: FakeArm, stack: Path) -> None:
    result = run("--stack", str(stack))
    assert result.exit_code == 0, result.output
    assert "✓ preflight of stack dev" in result.stdout and "0 errors, 0 warnings" in result.stdout
    assert "checked: swedencentral, uksouth" in result.stdout


def test_signs_in_through_default_azure_credential_and_the_token_endpoint(
    fake_arm: FakeArm, stack: Path
) -> None:
    """DefaultAzureCredential, narrowed to EnvironmentCredential, gets a real token from the fake's
    Entra ID (OpenID discovery, client credentials) for the ARM endpoint's scope; instance
    discovery is off for that private authority, or MSAL would have called the internet."""
    assert run("--stack", str(stack)).exit_code == 0
    identity = [r.route for r in fake_arm.requests if r.route in ("OpenIdConfiguration", "Token")]
    assert identity == ["OpenIdConfiguration", "Token"]
    assert fake_arm.token_scopes == [f"{fake_arm.url}/.default"]
    token = next(r for r in fake_arm.requests if r.route == "Token")
    assert token.body is not None and token.body["grant_type"] == "client_credentials"
    assert token.body["client_id"] == fake_arm.client_id


def test_findings_exit_1_with_each_fix(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 990, 1000))
    fake_arm.state.add_deleted_account("swedencentral", RG, "contoso-dev-primary")
    result = run("--stack", str(stack))
    assert result.exit_code == 1, result.output
    assert "✗ error InsufficientQuota accounts.secondary.deployments.chat (uksouth)" in result.stdout
    assert "✗ error SoftDeletedAccount accounts.primary (swedencentral)" in result.stdout
    assert "restore: true" in result.stdout and "aoai purge --stack" in result.stdout
    assert result.stdout.count("fix:") == 2


def test_json_report(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.state.taken_subdomains.add("contoso-dev-primary")
    result = run("--stack", str(stack), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exitCode"] == 1 and report["stack"] == "dev"
    assert report["checked"] == ["swedencentral", "uksouth"] and report["notChecked"] == []
    (finding,) = report["findings"]
    assert finding == {
        "severity": "error",
        "code": "SubdomainTaken",
        "account": "primary",
        "deployment": None,
        "region": "swedencentral",
        "message": finding["message"],
        "fix": finding["fix"],
    }
    assert "contoso-dev-primary" in finding["message"] and "customSubdomain" in finding["fix"]
    assert report["armRequests"] == len(fake_arm.arm_requests())


def test_a_region_that_could_not_be_checked_exits_3_and_is_not_passed(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.inject("Models_List", Fault.server_error(500), times=None, location="uksouth")
    result = run("--stack", str(stack), "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["checked"] == ["swedencentral"]
    assert report["notChecked"] == [
        {
            "scope": "region uksouth",
            "reason": report["notChecked"][0]["reason"],
            "accounts": ["secondary"],
        }
    ]
    assert "500" in report["notChecked"][0]["reason"]


def test_text_says_what_was_not_checked(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.inject("Usages_List", Fault.malformed(), times=None, location="swedencentral")
    result = run("--stack", str(stack))
    assert result.exit_code == 3
    assert "? not checked region swedencentral (accounts: primary)" in result.stdout
    assert "checked: uksouth" in result.stdout


def test_a_slow_region_is_bounded_by_timeout(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.delay(6.0, location="swedencentral")
    result = run("--stack", str(stack), "--timeout", "2", "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["checked"] == ["uksouth"]
    assert "--timeout of 2s" in report["notChecked"][0]["reason"]


def test_401_exits_3_with_sign_in_guidance(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.revoke_tokens()
    result = run("--stack", str(stack))
    assert result.exit_code == 3
    assert "not authenticated to Azure: 401 InvalidAuthenticationToken" in result.stderr
    assert "az login" in result.stderr and "AZURE_FEDERATED_TOKEN_FILE" in result.stderr
    # The subscription is known: the advice names it instead of a placeholder.
    assert f"az account set --subscription {fake_arm.subscription_id}" in result.stderr
    assert result.stdout == ""


def test_403_exits_3_with_the_role_needed(fake_arm: FakeArm, stack: Path) -> None:
    scope = f"/subscriptions/{fake_arm.subscription_id}"
    fake_arm.inject(
        "Models_List", Fault.forbidden("Microsoft.CognitiveServices/locations/models/read", scope), times=None
    )
    result = run("--stack", str(stack))
    assert result.exit_code == 3
    assert "not authorized: 403 AuthorizationFailed" in result.stderr and "Reader" in result.stderr


def test_a_refused_client_secret_exits_3_before_any_arm_call(
    fake_arm: FakeArm, stack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "expired-secret")
    result = run("--stack", str(stack))
    assert result.exit_code == 3
    assert "AADSTS7000215" in result.stderr and "az login" in result.stderr
    assert fake_arm.arm_requests() == []


def test_a_missing_ca_bundle_is_bad_usage(
    fake_arm: FakeArm, stack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(Path(__file__).parent / "no-such-ca.pem"))
    result = run("--stack", str(stack))
    assert result.exit_code == 2 and "REQUESTS_CA_BUNDLE" in result.stderr


def test_ssl_cert_file_is_trusted_too(
    fake_arm: FakeArm, stack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.setenv("SSL_CERT_FILE", str(fake_arm.ca_file))
    result = run("--stack", str(stack))
    assert result.exit_code == 0, result.output


def test_without_trust_the_tls_failure_is_explained(
    fake_arm: FakeArm, stack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    result = run("--stack", str(stack))
    assert result.exit_code == 3
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr and "REQUESTS_CA_BUNDLE" in result.stderr


def test_no_subscription_is_bad_usage(
    fake_arm: FakeArm, stack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID")
    result = run("--stack", str(stack))
    assert result.exit_code == 2 and "AZURE_SUBSCRIPTION_ID" in result.stderr
    assert fake_arm.requests == []


def test_an_http_arm_endpoint_is_refused(fake_arm: FakeArm, stack: Path) -> None:
    result = run("--stack", str(stack), "--arm-endpoint", "http://127.0.0.1:1")
    assert result.exit_code == 2 and "https://" in result.stderr


def test_an_invalid_stack_exits_2_before_azure(fake_arm: FakeArm, tmp_path: Path) -> None:
    data = stack_data()
    data["accounts"]["primary"]["deployments"]["chat"]["capacity"] = 0
    result = run("--stack", str(write_stack(tmp_path, data)))
    assert result.exit_code == 2
    assert "accounts.primary.deployments.chat.capacity" in result.stderr
    assert fake_arm.requests == []


def test_subscription_option_wins_over_the_environment(fake_arm: FakeArm, stack: Path) -> None:
    result = run("--stack", str(stack), "--subscription", "00000000-0000-0000-0000-000000000001")
    assert result.exit_code == 3  # the fake knows only its own subscription: SubscriptionNotFound
    assert "00000000-0000-0000-0000-000000000001" in result.stdout


def test_a_sign_in_that_hangs_is_bounded_by_timeout(fake_arm: FakeArm, stack: Path) -> None:
    fake_arm.delay(5.0, "Token")
    result = run("--stack", str(stack), "--timeout", "1")
    assert result.exit_code == 3
    assert "signing in took longer than the run's --timeout of 1s" in result.stderr
    assert fake_arm.arm_requests() == []
