"""Provider credentials (pulumi-azure-native's clientSecret, clientCertificatePassword, oidcToken,
oidcRequestToken) must be `secure:`: in plain text in a stack file or Pulumi.yaml they are a
problem naming the file, the key and the `pulumi config set --secret` fix, and whatever layer gave
them, aoai shows them as [secret]."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.config.environments import read_opened_environment
from azure_openai_toolkit.config.layering import ConfigLayers, resolve_layers
from azure_openai_toolkit.config.project_config import read_project_config
from azure_openai_toolkit.config.values import plain

PROJECT = "name: azure-openai\nruntime: python\n"
STACK = "config:\n  azure-openai:environment: dev\n"
CREDENTIALS = ["clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken"]


def _layers(tmp_path: Path, project: str, stack: str, *envs: Any) -> ConfigLayers:
    (tmp_path / "Pulumi.yaml").write_text(project)
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text(stack)
    opened = [read_opened_environment(json.dumps(env), f"env{i}.json") for i, env in enumerate(envs)]
    return resolve_layers(
        stack_file, "dev", project=read_project_config(tmp_path / "Pulumi.yaml"), opened=opened
    )


@pytest.mark.parametrize("name", CREDENTIALS)
def test_a_plaintext_credential_in_the_stack_file_is_a_problem_with_the_fix(
    tmp_path: Path, name: str
) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + f"  azure-native:{name}: hunter2-value\n")
    [problem] = layers.problems
    assert problem.location == f"azure-native:{name}" and problem.line == 3
    assert "a credential in plain text: everyone who can read Pulumi.dev.yaml" in problem.message
    assert f"`pulumi config set --secret azure-native:{name} --stack dev`" in problem.message
    assert "hunter2" not in problem.render()


def test_a_secure_credential_in_the_stack_file_is_fine(tmp_path: Path) -> None:
    stack = STACK + "  azure-native:clientSecret:\n    secure: AAABAHh5eg==\n"
    layers = _layers(tmp_path, PROJECT, stack)
    assert layers.problems == []


@pytest.mark.parametrize("value", ['""', "null"])
def test_an_empty_credential_holds_nothing_to_leak(tmp_path: Path, value: str) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + f"  azure-native:clientSecret: {value}\n")
    assert layers.problems == []


def test_ids_and_paths_of_the_provider_are_no_credentials(tmp_path: Path) -> None:
    stack = STACK + (
        "  azure-native:clientId: 11111111-2222-3333-4444-555555555555\n"
        "  azure-native:tenantId: 11111111-2222-3333-4444-555555555555\n"
        "  azure-native:clientCertificatePath: /run/secrets/sp.pfx\n"
        "  azure-native:oidcTokenFilePath: /run/secrets/token\n"
    )
    layers = _layers(tmp_path, PROJECT, stack)
    assert layers.problems == []
    assert plain(layers.values[("azure-native", "clientId")], reveal=False).startswith("1111")


def test_a_plaintext_credential_in_pulumi_yaml_is_a_problem_of_that_file(tmp_path: Path) -> None:
    project = PROJECT + "config:\n  azure-native:oidcToken: eyJ-a-token\n"
    layers = _layers(tmp_path, project, STACK)
    [problem] = layers.problems
    assert (problem.file, problem.line, problem.key) == ("Pulumi.yaml", 4, "config.azure-native:oidcToken")
    assert "remove it from Pulumi.yaml (a project file cannot hold secrets)" in problem.message
    assert "`pulumi config set --secret azure-native:oidcToken --stack STACK`" in problem.message


def test_another_providers_namespace_is_not_judged(tmp_path: Path) -> None:
    layers = _layers(tmp_path, PROJECT, STACK + "  aws:secretKey: plain\n")
    assert layers.problems == []


@pytest.mark.parametrize(
    ("project", "stack", "env"),
    [
        (PROJECT, STACK + "  azure-native:clientSecret: hunter2-value\n", None),
        (PROJECT + "config:\n  azure-native:clientSecret: hunter2-value\n", STACK, None),
        # ESC output without secret marks is masked anyway; detailed output that forgot the mark too.
        (
            PROJECT,
            STACK,
            {"value": {"pulumiConfig": {"value": {"azure-native:clientSecret": {"value": "hunter2-value"}}}}},
        ),
    ],
)
def test_a_credential_is_shown_masked_whatever_layer_gave_it(
    tmp_path: Path, project: str, stack: str, env: Any
) -> None:
    layers = _layers(tmp_path, project, stack, *([env] if env else []))
    node = layers.values[("azure-native", "clientSecret")]
    assert plain(node, reveal=False) == "[secret]"
    assert "hunter2-value" in layers.secret_values()  # masked in every text aoai prints
