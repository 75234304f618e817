"""The project template (templates/project): a valid Pulumi template that makes a working project.

`pulumi new` copies the folder as it is, so what it holds must stand alone: the program, the pins
of this toolkit version and a policy pack that serves the rules shipped with the toolkit.
"""

from __future__ import annotations

import json

import jsonschema
from ruamel.yaml import YAML

from azure_openai_toolkit import __version__
from azure_openai_toolkit.config import StackConfig, parse_raw
from tests.conftest import FIXTURES, PROJECT_ROOT
from tests.policy.cases import ALL_POLICIES
from tests.policy.pack_client import PackClient

TEMPLATE = PROJECT_ROOT / "templates" / "project"
PROJECT = YAML(typ="safe", pure=True).load((TEMPLATE / "Pulumi.yaml").read_text())


def test_the_template_is_a_pulumi_template_by_pulumis_own_schema() -> None:
    schema = json.loads((FIXTURES / "pulumi-project.schema.json").read_text())
    jsonschema.validate(PROJECT, schema)
    # "The Pulumi.yaml file must include a template section to be recognized as a valid template."
    assert {"displayName", "description", "config"} <= set(PROJECT["template"])
    assert PROJECT["name"] == "${PROJECT}" and PROJECT["description"] == "${DESCRIPTION}"
    assert PROJECT["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}
    assert PROJECT["stackConfigDir"] == "stacks"
    # A user's `pulumi up` refreshes first even without --refresh (docs/deploy.md).
    assert PROJECT["options"] == {"refresh": "always"}


def test_template_prompts_and_their_defaults_make_a_valid_stack() -> None:
    """What `pulumi new --stack NAME --yes` writes for a stack other than the shipped dev one."""
    prompts = PROJECT["template"]["config"]
    assert set(prompts) == {"azure-openai:namePrefix", "azure-openai:environment", "azure-openai:location"}
    raw = {key.split(":", 1)[1]: str(entry["default"]) for key, entry in prompts.items()}
    config = parse_raw(raw, "template defaults")
    assert isinstance(config, StackConfig)
    assert config.account_location("primary") == "swedencentral"


def test_every_pin_is_this_toolkit_version() -> None:
    pins = [
        line
        for name in ("requirements.txt", "policy/requirements.txt")
        for line in (TEMPLATE / name).read_text().splitlines()
        if line.startswith("azure-openai-toolkit")
    ]
    assert pins == [f"azure-openai-toolkit=={__version__}"] * 2, "bump the template's pins with __version__"
    pack = YAML(typ="safe", pure=True).load((TEMPLATE / "policy" / "PulumiPolicy.yaml").read_text())
    assert pack["version"] == __version__


def test_the_templates_program_is_the_program_this_repository_tests() -> None:
    assert (TEMPLATE / "__main__.py").read_text() == (PROJECT_ROOT / "__main__.py").read_text(), (
        "templates/project/__main__.py is what `pulumi new` copies: keep it identical to __main__.py"
    )


def test_the_templates_thin_pack_serves_the_toolkits_policies() -> None:
    """templates/project/policy/__main__.py loads the packaged rules: the same policies as policy/."""
    shipped, thin = PackClient(), PackClient(TEMPLATE / "policy")
    try:
        assert thin.policy_names == shipped.policy_names and len(thin.policy_names) == len(ALL_POLICIES)
        thin.configure()
        token = "azure-native:cognitiveservices:Deployment"
        deployment = {"deploymentName": "chat", "sku": {"name": "GlobalStandard", "capacity": 150}}
        assert {d.policy for d in thin.analyze(token, deployment)} == {"capacity-ceiling"}
    finally:
        shipped.close()
        thin.close()
