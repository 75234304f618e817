"""Messages made from pydantic's errors (reporting.py): the choices of a literal with a
did-you-mean, and an unknown key with the keys allowed where it stands."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from azure_openai_toolkit.config.models import StackConfig
from azure_openai_toolkit.config.placeholders import placeholder
from azure_openai_toolkit.config.reporting import Loc, field_at, got, literal_message, problems_from, quoted
from tests.conftest import SUBNET, base_config, problems_of, with_changes

SKUS = "'GlobalStandard', 'Standard' or 'DataZoneStandard'"


def test_a_literal_lists_its_choices_and_suggests_one_that_differs_only_in_case() -> None:
    assert literal_message(SKUS, "GLOBALSTANDARD") == (
        "must be one of GlobalStandard, Standard, DataZoneStandard (got str 'GLOBALSTANDARD'); "
        "did you mean 'GlobalStandard'?"
    )


def test_a_literal_suggests_a_close_spelling() -> None:
    assert literal_message(SKUS, "Standrd") == (
        "must be one of GlobalStandard, Standard, DataZoneStandard (got str 'Standrd'); "
        "did you mean 'Standard'?"
    )
    assert literal_message(SKUS, "Provisioned").endswith("(got str 'Provisioned')")
    assert (
        literal_message(SKUS, 3) == "must be one of GlobalStandard, Standard, DataZoneStandard (got number 3)"
    )


def test_an_unknown_key_names_the_keys_allowed_where_it_stands() -> None:
    def change(d: dict[str, Any]) -> None:
        d["accounts"]["primary"]["placement"] = {"regionz": ["swedencentral"]}

    assert problems_of(with_changes(change))["accounts.primary.placement.regionz"] == (
        "unknown key 'regionz'; did you mean 'regions'? (allowed here: regions, dataZone, distinctFrom)"
    )


def test_an_unknown_key_in_a_list_item_names_the_keys_of_an_item() -> None:
    rules = {"defaultAction": "Deny", "virtualNetworkRules": [{"subnetIdd": SUBNET}]}
    rule = "accounts.primary.networkAcls.virtualNetworkRules[0]"
    assert problems_of(with_changes(account(networkAcls=rules))) == {
        f"{rule}.subnetIdd": "unknown key 'subnetIdd'; did you mean 'subnetId'? (allowed here: subnetId, "
        "ignoreMissingServiceEndpoint)",
        f"{rule}.subnetId": "required: Resource id of the subnet allowed to reach the account.",
    }


# The words a user reads for each kind of wrong value: the limit is Azure's 32-bit integer
# (2,147,483,647 = 2^31 - 1), the SKU names are ARM's deployment sku.name values.
CAPACITY = "accounts.primary.deployments.chat.capacity"


def chat(data: dict[str, Any]) -> dict[str, Any]:
    deployment: dict[str, Any] = data["accounts"]["primary"]["deployments"]["chat"]
    return deployment


def acls(value: object) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["accounts"]["primary"].update(networkAcls=value)


def account(**fields: object) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["accounts"]["primary"].update(fields)


VERSION = "accounts.primary.deployments.chat.version"
READER = {"principalId": "11111111-2222-3333-4444-555555555555", "role": "Cognitive Services OpenAI User"}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: chat(d).update(capacity="ten"), CAPACITY, "must be a whole number (got str 'ten')"),
        (lambda d: chat(d).update(capacity=1.5), CAPACITY, "must be a whole number (got number 1.5)"),
        (lambda d: chat(d).update(capacity=0), CAPACITY, "must be a positive integer (got 0)"),
        (
            lambda d: chat(d).update(capacity=2**31),
            CAPACITY,
            "must be at most 2,147,483,647 (got 2147483648); Azure takes a 32-bit integer here",
        ),
        (lambda d: d.update(protect="maybe"), "protect", "must be true or false (got 'maybe')"),
        (account(localAuth=[True]), "accounts.primary.localAuth", "must be true or false (got a list)"),
        (
            account(localAuth=None),  # `localAuth:` left empty
            "accounts.primary.localAuth",
            "must be true or false (got no value (null))",
        ),
        (
            account(deployments="chat"),
            "accounts.primary.deployments",
            "must be a mapping of keys to values (got str 'chat')",
        ),
        (lambda d: chat(d).update(version={"v": 1}), VERSION, "must be a string (got a mapping)"),
        (lambda d: chat(d).update(version=[1]), VERSION, "must be a string (got a list)"),
        # `version:` left empty: nothing was written, so nothing to quote.
        (lambda d: chat(d).update(version=None), VERSION, "must be a string (got no value (null))"),
        (
            lambda d: chat(d).update(version=10**60),  # 61 digits: the hint shows the first 60
            VERSION,
            f"must be a string (got number {10**60}); quote it in YAML, e.g. \"1{'0' * 59}…\"",
        ),
        (
            lambda d: chat(d).update(version=10**59),  # 60 digits: shown whole
            VERSION,
            f"must be a string (got number {10**59}); quote it in YAML, e.g. \"1{'0' * 59}\"",
        ),
        (
            # A kind without words of its own: pydantic's, with the value cut to 80 characters
            # (the quote and 79 c's) and its length.
            account(roleAssignments={"readers": {**READER, "condition": "c" * 8193}}),
            "accounts.primary.roleAssignments.readers.condition",
            f"String should have at most 8192 characters (got str '{'c' * 79}… (8,195 characters))",
        ),
        (
            acls({"defaultAction": "Deny", "ipRules": "203.0.113.7"}),
            "accounts.primary.networkAcls.ipRules",
            "must be a list (got str '203.0.113.7')",
        ),
        (
            acls("open"),
            "accounts.primary.networkAcls",
            "must be a mapping of keys to values (got str 'open')",
        ),
        (
            lambda d: chat(d).update(sku="globalstandard"),
            "accounts.primary.deployments.chat.sku",
            "must be one of Standard, GlobalStandard, DataZoneStandard, ProvisionedManaged, "
            "GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch, "
            "DeveloperTier (got str 'globalstandard'); did you mean 'GlobalStandard'?",
        ),
    ],
)
def test_each_kind_of_wrong_value_gets_its_words(
    change: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    data = copy.deepcopy(base_config())
    change(data)
    assert problems_of(data) == {path: message}


def errors_of(data: dict[str, Any], model: type[BaseModel] = StackConfig) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


def test_every_error_is_a_problem_at_its_key_path_in_order() -> None:
    # One validation, four errors in the order of the deployments: a number where the version's
    # text is meant (written 0125 in the file), a cross-field rule (Azure deploys a fine-tuned
    # model as version "1"), a key that cannot name a deployment, a capacity that is no number.
    data = copy.deepcopy(base_config())
    deployments = data["accounts"]["primary"]["deployments"]
    chat = deployments["chat"]
    deployments["chat"] = {**chat, "version": 125}
    tuned = "gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef"
    deployments["tuned"] = {**chat, "model": tuned, "version": "2024-07-18"}
    deployments["bad key"] = chat
    deployments["zeta"] = {**chat, "capacity": "ten"}
    where = ("accounts", "primary", "deployments")
    written: dict[Loc, str] = {(*where, "chat", "version"): "0125"}
    found = [(p.path, p.message, p.loc) for p in problems_from(errors_of(data), StackConfig, written)]
    assert found == [
        (
            "accounts.primary.deployments.chat.version",
            'must be a string (got number 125); quote it in YAML, e.g. "0125"',
            (*where, "chat", "version"),
        ),
        (
            "accounts.primary.deployments.tuned.version",
            'a fine-tuned model is deployed as version "1", not \'2024-07-18\' (its id already names the '
            'base version, 2024-07-18): write version: "1" or leave version out',
            (*where, "tuned", "version"),
        ),
        (
            "accounts.primary.deployments.bad key",
            # a deployment's key is its name: the REST spec's deployment name rule
            "key 'bad key': 2 to 64 characters: letters, digits, '_', '.' and '-', starting with a "
            "letter or digit (got 'bad key')",
            (*where, "bad key"),
        ),
        (
            "accounts.primary.deployments.zeta.capacity",
            "must be a whole number (got str 'ten')",
            (*where, "zeta", "capacity"),
        ),
    ]


class Tiny(BaseModel):
    """A model without aliases or descriptions: problems_from takes any model as the root."""

    model_config = ConfigDict(extra="forbid")
    name: str


def test_a_model_without_aliases_or_descriptions() -> None:
    found = {p.path: p.message for p in problems_from(errors_of({"nme": "x"}, Tiny), Tiny)}
    assert found == {
        "name": "required",
        "nme": "unknown key 'nme'; did you mean 'name'? (allowed here: name)",
    }


def test_a_value_is_quoted_whole_up_to_80_characters() -> None:
    assert quoted("a" * 78) == "'" + "a" * 78 + "'"  # 80 with its quotes
    assert quoted("a" * 79) == "'" + "a" * 79 + "… (81 characters)"
    assert quoted(placeholder(4)) == "a secret value"


def test_what_was_got_is_named_by_its_yaml_kind() -> None:
    assert got(True) == "got boolean True"
    assert got(7) == "got number 7"
    assert got(0.5) == "got number 0.5"
    assert got("x") == "got str 'x'"
    assert got({"a": 1}) == "got a mapping"
    assert got([1]) == "got a list"
    assert got(None) == "got no value (null)"


@pytest.mark.parametrize(
    ("loc", "field", "scalar"),
    [
        (("tags", "costCenter"), "tags", True),  # a value of a map of strings
        (("tags",), "tags", False),  # the map itself
        (("accounts", "primary"), "accounts", False),  # an account is a mapping
        (("accounts", "primary", "networkAcls", "ipRules", 0), "ipRules", True),
        (("accounts", "primary", "networkAcls", "ipRules"), "ipRules", False),  # the list
        (("accounts", "primary", "networkAcls"), "networkAcls", False),  # a model
    ],
)
def test_field_at_names_the_last_field_and_whether_the_path_ends_at_a_scalar(
    loc: tuple[str | int, ...], field: str, scalar: bool
) -> None:
    found = field_at(StackConfig, loc)
    assert found is not None
    assert found[0].alias == field
    assert found[1] is scalar


@pytest.mark.parametrize(
    "loc",
    [
        (),  # the root is no field
        ("colour",),  # no such key
        ("namePrefix", "x"),  # below a string
        ("accounts", "primary", "placement", "dataZone", "x"),  # below an optional literal
    ],
)
def test_field_at_finds_no_field(loc: tuple[str | int, ...]) -> None:
    assert field_at(StackConfig, loc) is None
