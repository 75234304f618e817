"""The committed editor schema is current and accepts the fixture stack files (tests/fixtures/stacks)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from azure_openai_toolkit.config.schema import stack_file_schema
from tests.conftest import FIXTURE_STACKS, PROJECT_ROOT

COMMITTED = PROJECT_ROOT / "schema" / "stack-config.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert json.loads(COMMITTED.read_text()) == stack_file_schema(), (
        "regenerate it: python -m aoai schema -o schema/stack-config.schema.json"
    )


@pytest.mark.parametrize(
    "path", sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml")), ids=lambda p: p.name
)
def test_fixture_stacks_match_the_schema(path: Path) -> None:
    document = YAML(typ="safe", pure=True).load(path.read_text())
    jsonschema.Draft202012Validator(stack_file_schema()).validate(document)


def test_schema_flags_unknown_keys_for_editors() -> None:
    document = {
        "config": {
            "azure-openai:namePrefix": "c",
            "azure-openai:environment": "dev",
            "azure-openai:colour": 1,
        }
    }
    errors = list(jsonschema.Draft202012Validator(stack_file_schema()).iter_errors(document))
    assert errors


def keys_without_description(node: object, path: str = "") -> list[str]:
    """Every key a schema defines (an entry of `properties` or `patternProperties`) that has no
    description. The `if`/`then`/`else` of a conditional only constrain keys defined elsewhere."""
    found: list[str] = []
    if isinstance(node, list):
        for index, value in enumerate(node):
            found += keys_without_description(value, f"{path}[{index}]")
        return found
    if not isinstance(node, dict):
        return found
    for keyword, value in node.items():
        if keyword in ("properties", "patternProperties", "$defs") and isinstance(value, dict):
            for key, sub in value.items():  # a map of names to schemas
                where = f"{path}/{keyword}/{key}"
                described = isinstance(sub, dict) and str(sub.get("description", "")).strip()
                if keyword != "$defs" and not described:
                    found.append(where)
                found += keys_without_description(sub, where)
        elif keyword not in ("if", "then", "else"):
            found += keys_without_description(value, f"{path}/{keyword}")
    return found


@pytest.mark.parametrize("name", ["stack-config", "plan", "plan-diff"])
def test_every_key_of_every_schema_is_described(name: str) -> None:
    schema = json.loads((PROJECT_ROOT / "schema" / f"{name}.schema.json").read_text())
    assert keys_without_description(schema) == []


def test_the_description_check_would_catch_a_bare_key() -> None:
    assert keys_without_description({"properties": {"a": {"type": "string"}}}) == ["/properties/a"]
    nested = {"properties": {"properties": {"description": "a key named properties", "type": "array"}}}
    assert keys_without_description(nested) == []



def first_error(config: dict[str, object]) -> tuple[str, str] | None:
    """Where (under config:) and why the stack file schema refuses a document (jsonschema's best
    match: the deepest error, not the `anyOf` of an optional key that holds it)."""
    validator = jsonschema.Draft202012Validator(stack_file_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors({"config": config}))
    return None if error is None else ("/".join(map(str, list(error.absolute_path)[1:])), error.message)


def test_a_secure_value_is_accepted_exactly_where_secrets_are_allowed() -> None:
    # docs/security.md: an IP rule may be secret (written by `pulumi config set --secret --path`
    # as {secure: <ciphertext>}); a name prefix may not, and a secure value is {secure: <string>}.
    def ip_rules(*rules: object) -> dict[str, object]:
        return {"azure-openai:accounts": {"primary": {"networkAcls": {"ipRules": list(rules)}}}}

    rule = "azure-openai:accounts/primary/networkAcls/ipRules/0"
    assert first_error(ip_rules({"secure": "v1:AAAA"}, "203.0.113.7")) is None
    assert first_error({"azure-openai:namePrefix": {"secure": "v1:AAAA"}}) == (
        "azure-openai:namePrefix", "{'secure': 'v1:AAAA'} is not of type 'string'"
    )
    assert first_error(ip_rules({})) == (rule, "'secure' is a required property")
    assert first_error(ip_rules({"secure": "v1:AAAA", "plain": "x"})) == (
        rule, "Additional properties are not allowed ('plain' was unexpected)"
    )
    assert first_error(ip_rules({"secure": 1})) == (f"{rule}/secure", "1 is not of type 'string'")
