"""`aoai new-env`: a new stack file from an existing one, validated first, never overwriting."""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from aoai.cli import app
from aoai.config_path import parse_assignment, parse_property_path, pulumi_typed
from aoai.exit_codes import AoaiError
from aoai.stack_copy import swap_environment
from aoai.stack_report import check_stack
from aoai.stacks import StackRef
from tests.conftest import FIXTURE_STACKS, write_project_file

runner = CliRunner()
WHY_RESOURCE_GROUP = "a stack deletes the group it created on destroy, with the other stack's resources in it"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the fixture project's stacks, so new files land in a temporary stacks/ folder."""
    write_project_file(tmp_path)
    shutil.copytree(FIXTURE_STACKS, tmp_path / "stacks")
    monkeypatch.setenv("AOAI_PROJECT_DIR", str(tmp_path))
    yield tmp_path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def config_of(path: Path) -> dict[str, object]:
    config: dict[str, object] = YAML(typ="safe", pure=True).load(path.read_text())["config"]
    return config


def test_copy_of_prod_is_written_valid_with_comments_and_unique_names(project: Path) -> None:
    result = runner.invoke(app, ["new-env", "staging", "--from", "prod"])
    assert result.exit_code == 0, result.output
    source, target = project / "stacks" / "Pulumi.prod.yaml", project / "stacks" / "Pulumi.staging.yaml"
    assert changed_lines(source.read_text(), target.read_text()) == [
        "+# Made by `aoai new-env staging --from prod` from Pulumi.prod.yaml.",
        "+# The comments below were written for stack prod: check them for staging.",
        "-  azure-openai:environment: prod",
        "+  azure-openai:environment: staging",
        "-    name: rg-contoso-openai-prod",
        "+    name: rg-contoso-openai-staging",
        # prod is protected by its name; the copy says so explicitly instead of losing it.
        "+  azure-openai:protect: true",
    ]
    assert check_stack(StackRef("staging", target)).valid
    assert target.stat().st_mode == source.stat().st_mode
    assert "✓ created " in result.stdout and "Pulumi.staging.yaml from " in result.stdout
    assert not [p for p in (project / "stacks").iterdir() if p.name.endswith(".tmp")]


def test_refuses_to_overwrite_an_existing_stack(project: Path) -> None:
    target = project / "stacks" / "Pulumi.dev.yaml"
    before = target.read_text()
    result = runner.invoke(app, ["new-env", "dev", "--from", "prod"])
    assert result.exit_code == 2
    assert "stacks/Pulumi.dev.yaml already exists" in result.stderr
    assert target.read_text() == before


def test_refuses_an_invalid_result_with_validates_messages_and_writes_nothing(project: Path) -> None:
    result = runner.invoke(
        app, ["new-env", "broken", "--from", "dev", "--set", "accounts.primary.deployments.chat.capacity=0"]
    )
    assert result.exit_code == 2
    assert "stacks/Pulumi.broken.yaml not written: the new stack would be invalid" in result.stderr
    source_line = (
        (project / "stacks" / "Pulumi.dev.yaml").read_text().splitlines().index("          capacity: 10")
    )
    line = source_line + 1 + 2  # two header lines say where the file came from
    assert (
        "  azure-openai:accounts.primary.deployments.chat.capacity: must be a positive integer (got 0) "
        f"(line {line})" in result.stderr
    )
    copied = sorted(p.name for p in FIXTURE_STACKS.iterdir())
    assert sorted(p.name for p in (project / "stacks").iterdir()) == copied  # nothing written


def test_location_moves_the_home_region_and_keeps_the_failover_region(project: Path) -> None:
    result = runner.invoke(app, ["new-env", "produs", "--from", "prod", "--location", "eastus2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] is True
    config = config_of(project / "stacks" / "Pulumi.produs.yaml")
    accounts = config["azure-openai:accounts"]
    assert isinstance(accounts, dict)
    assert config["azure-openai:location"] == "eastus2"
    assert config["azure-openai:resourceGroup"] == {"name": "rg-contoso-openai-produs", "location": "eastus2"}
    assert accounts["primary"]["location"] == "eastus2"
    assert accounts["primary"]["privateEndpoints"]["hub"]["location"] == "swedencentral"
    assert accounts["secondary"]["location"] == "switzerlandnorth"
    assert (
        "azure-openai:accounts.secondary stays in switzerlandnorth (not the home region swedencentral)"
        in (report["notes"])
    )


def test_location_of_a_stack_whose_accounts_inherit_the_default_region(project: Path) -> None:
    result = runner.invoke(app, ["new-env", "devus", "--from", "dev", "--location", "eastus2", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "  azure-openai:location: eastus2\n" in result.stdout
    assert "      location: eastus2\n" in result.stdout
    assert not (project / "stacks" / "Pulumi.devus.yaml").exists()


def test_explicit_names_follow_the_environment_or_fall_back_to_the_default(project: Path) -> None:
    source = project / "stacks" / "Pulumi.named.yaml"
    text = (project / "stacks" / "Pulumi.dev.yaml").read_text()
    text = text.replace(
        "      location: swedencentral\n",
        "      location: swedencentral\n"
        "      name: contoso-dev-swc\n"
        "      customSubdomain: team-openai-x\n"
        "      restore: true\n",
        1,
    )
    source.write_text(text)
    result = runner.invoke(app, ["new-env", "test", "--from", str(source), "--json"])
    assert result.exit_code == 0, result.output
    account = config_of(project / "stacks" / "Pulumi.test.yaml")["azure-openai:accounts"]["primary"]  # type: ignore[index]
    assert account["name"] == "contoso-test-swc"
    assert "customSubdomain" not in account and "restore" not in account
    changes = json.loads(result.stdout)["changes"]
    assert "azure-openai:accounts.primary.name: contoso-test-swc (was contoso-dev-swc)" in changes


@pytest.mark.parametrize(
    ("setting", "message", "why"),
    [
        (
            "accounts.primary.customSubdomain=contoso-prod-primary",
            "azure-openai:accounts.primary.customSubdomain: subdomain 'contoso-prod-primary' is already "
            "used by stack prod (",
            "subdomains are globally unique in Azure",
        ),
        (
            "resourceGroup.name=rg-contoso-openai-prod",
            "azure-openai:resourceGroup.name: resource group 'rg-contoso-openai-prod' is already used "
            "by stack prod",
            WHY_RESOURCE_GROUP,
        ),
    ],
)
def test_names_of_other_stacks_are_refused(project: Path, setting: str, message: str, why: str) -> None:
    result = runner.invoke(app, ["new-env", "qa", "--from", "dev", "--set", setting])
    assert result.exit_code == 2
    assert message in result.stderr
    assert why in result.stderr
    assert not (project / "stacks" / "Pulumi.qa.yaml").exists()


def test_set_types_values_like_pulumi_and_set_string_keeps_strings(project: Path) -> None:
    result = runner.invoke(
        app,
        [
            "new-env", "lab", "--from", "dev",
            "--set", "accounts.primary.deployments.chat.capacity=20",
            "--set", "accounts.primary.networkAcls.ipRules[1]=198.51.100.0/24",
            "--set", "protect=true",
            "--set", 'tags["cost.center"]=0042',
            "--set", "azure-native:location=swedencentral",
            "--set-string", "accounts.primary.deployments.embeddings.version=1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = project / "stacks" / "Pulumi.lab.yaml"
    config = config_of(path)
    account = config["azure-openai:accounts"]["primary"]  # type: ignore[index]
    assert account["deployments"]["chat"]["capacity"] == 20
    assert account["deployments"]["embeddings"]["version"] == "1"
    assert account["networkAcls"]["ipRules"] == ["203.0.113.0/24", "198.51.100.0/24"]
    assert config["azure-openai:protect"] == "true"  # top-level values stay strings, as in Pulumi
    assert config["azure-openai:tags"]["cost.center"] == "0042"  # type: ignore[index]
    assert config["azure-native:location"] == "swedencentral"
    report = check_stack(StackRef("lab", path))
    assert report.config is not None and report.config.protected


def test_secure_values_and_secrets_provider_keys_are_not_copied(project: Path) -> None:
    source = project / "stacks" / "Pulumi.secret.yaml"
    text = (project / "stacks" / "Pulumi.dev.yaml").read_text()
    source.write_text(
        "encryptionsalt: v1:c2FsdA==:v1:abc\n" + text + "  azure-native:clientSecret:\n    secure: v1:AAAA\n"
    )
    result = runner.invoke(app, ["new-env", "copy", "--from", str(source), "--json"])
    assert result.exit_code == 0, result.output
    written = (project / "stacks" / "Pulumi.copy.yaml").read_text()
    assert "encryptionsalt" not in written and "secure" not in written
    notes = json.loads(result.stdout)["notes"]
    assert any(n.startswith("encryptionsalt not copied") for n in notes)
    assert any(n.startswith("azure-native:clientSecret not copied") for n in notes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad/name", "--from", "dev"], "'bad/name' is not a valid stack name"),
        (["Staging", "--from", "dev"], "azure-openai:environment:"),
        (["x", "--from", "dev", "--set", "accounts.primary"], "write it as key.path=value"),
        (["x", "--from", "dev", "--set", "accounts..primary=1"], "empty key before '.'"),
        (
            ["x", "--from", "dev", "--set", "accounts.primary.networkAcls.ipRules[5]=1.2.3.0/24"],
            "out of range",
        ),
        (["x", "--from", "nope"], "no stack 'nope'"),
    ],
)
def test_usage_errors(project: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["new-env", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_property_paths_and_values_follow_pulumi() -> None:
    assert parse_property_path('a.b[0]["c.d"].e') == ["a", "b", 0, "c.d", "e"]
    assert [pulumi_typed(v) for v in ["true", "false", "10", "-3", "0", "007", "1.5", "eastus"]] == [
        True, False, 10, -3, 0, "007", "1.5", "eastus",
    ]  # fmt: skip
    top = parse_assignment("environment=10")
    assert (top.key, top.path, top.value) == ("azure-openai:environment", (), "10")
    with pytest.raises(ValueError, match="cannot start with an index"):
        parse_property_path("[0]")
    with pytest.raises(AoaiError, match="cannot start with an index"):
        parse_assignment("[0]=x")


def test_environment_swap_matches_whole_parts_only() -> None:
    assert swap_environment("contoso-prod-swc", "prod", "staging") == "contoso-staging-swc"
    assert swap_environment("rg-contoso-openai-prod", "prod", "test") == "rg-contoso-openai-test"
    assert swap_environment("products-swc", "prod", "test") is None


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_broken_file_in_stacks_does_not_stop_new_env(project: Path, dry_run: list[str]) -> None:
    """Another stack's file cannot be read: it owns no names, and the copy is still made."""
    (project / "stacks" / "Pulumi.broken.yaml").write_bytes(b"config:\n  azure-openai:tags: {a: caf\xe9}\n")
    from tests.hostile.corpus import laughs

    (project / "stacks" / "Pulumi.laughs.yaml").write_text(laughs(6))
    result = runner.invoke(app, ["new-env", "staging", "--from", "dev", *dry_run])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
