"""config/validation.py: what `make mutate` showed no test checked, and the echo it found.

validate_all leaves each failing part out and validates the rest again; a problem of a later round
about a part left out (or judged against it) is an echo and is dropped. Expected problems are written
from that rule (the module's docstring) and the contract's messages.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from azure_openai_toolkit.config.errors import ordered
from azure_openai_toolkit.config.layering import resolve_layers
from azure_openai_toolkit.config.validation import Validation, validate_all
from tests.conftest import problems_of, with_changes

REGION_RULE = "an Azure region name in lower case without spaces, like swedencentral or eastus2 (got {!r})"


def primary(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["accounts"]["primary"]
    return account


def test_placement_is_not_judged_again_against_a_location_left_out() -> None:
    # The account says where it goes (badly written): with its location left out it would fall back
    # to the stack's default, and its candidate regions would look like ones given without auto.
    data = with_changes(
        lambda d: primary(d).update(location="West Europe", placement={"regions": ["westeurope"]})
    )
    assert list(problems_of(data)) == ["accounts.primary.location"]


def test_a_protected_stack_with_auto_gets_one_problem_not_its_echo() -> None:
    data = with_changes(
        lambda d: (
            d.update(environment="prod"),
            primary(d).update(location="auto", placement={"regions": ["westeurope"]}),
        )
    )
    assert list(problems_of(data)) == ["accounts.primary.location"]


def test_another_accounts_placement_judged_in_a_later_round_still_counts() -> None:
    # accounts.second's rules run only once its broken deployment is left out: after primary's
    # location is left out, so only primary's placement would be an echo.
    def change(d: dict[str, Any]) -> None:
        primary(d).update(location="West Europe")
        d["accounts"]["second"] = {
            "placement": {"regions": ["westeurope"]},
            "deployments": {"chat": {"model": "gpt-5", "version": "1", "sku": "Standard", "capacity": 0}},
        }

    problems = problems_of(with_changes(change))
    assert list(problems) == [
        "accounts.primary.location",
        "accounts.second.deployments.chat.capacity",
        "accounts.second.placement.regions",
    ]
    assert problems["accounts.second.placement.regions"].startswith("candidate regions only apply with")


# --- whole stack files: which problems, at which key paths and lines ------------------------------
# Each file below has a mistake the first validation shows and one that only a later round can show
# (a rule of the stack runs only once every field is valid). The contract (docs/security.md, "Every
# problem in one run"): every problem at once, and fixing one never reveals another that was there.

HEAD = """config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: {environment}
  azure-openai:location: {location}
  azure-openai:accounts:
"""
CHAT = '        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 1}\n'
# Two accounts with one subdomain: a rule of the whole stack (line 9 names accounts.y's subdomain).
SHARED_SUBDOMAIN = """    x:
      customSubdomain: shared-sub
      deployments:
""" + CHAT + """    y:
      customSubdomain: shared-sub
      deployments:
""" + CHAT
SUBDOMAIN_TAKEN = "subdomain 'shared-sub' is also used by accounts.x"


def stack_file(
    tmp_path: Path, accounts: str, *, environment: str = "dev", location: str = "swedencentral"
) -> Path:
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(HEAD.format(environment=environment, location=location) + accounts)
    return path


def validation_of(tmp_path: Path, accounts: str, **head: str) -> Validation:
    path = stack_file(tmp_path, accounts, **head)
    return resolve_layers(path, "t").validate()


def reported(validation: Validation) -> list[tuple[str, int | None, str]]:
    """(key path, line, message) of each problem, in the report's order."""
    return [(p.path, p.line, p.message) for p in ordered(validation.problems)]


def assert_reported(validation: Validation, expected: list[tuple[str, int | None, str]]) -> None:
    """Each problem at its key path and line, its message starting as expected."""
    found = reported(validation)
    assert [(path, line) for path, line, _ in found] == [(path, line) for path, line, _ in expected]
    for (_, _, message), (path, _, start) in zip(found, expected, strict=True):
        assert message.startswith(start), (path, message)


def test_a_stack_rule_is_judged_once_a_broken_deployment_is_left_out(tmp_path: Path) -> None:
    accounts = SHARED_SUBDOMAIN.replace("capacity: 1}", "capacity: 0}", 1)
    validation = validation_of(tmp_path, accounts)
    assert_reported(
        validation,
        [
            ("accounts.x.deployments.chat.capacity", 9, "must be a positive integer (got 0)"),
            ("accounts.y.customSubdomain", 11, SUBDOMAIN_TAKEN),
        ],
    )
    assert validation.config is None
    # What is right is still checked by the catalog: accounts y, and x without its deployment.
    assert validation.partial is not None
    assert {key: list(a.deployments) for key, a in validation.partial.accounts.items()} == {
        "x": [],
        "y": ["chat"],
    }


# One mistake the first validation shows, beside the stack's rule only a later round shows: the
# smallest part that can go is left out. Each case: the file's accounts, the mistake (key path,
# line, start of its message), the line accounts.y's shared subdomain is reported at, what goes.
LEFT_OUT = {
    "a deployment without its model goes as a whole": (
        SHARED_SUBDOMAIN.replace("model: gpt-5, ", "", 1),
        ("accounts.x.deployments.chat.model", 9, "required: Model name"),
        11,
        ("accounts", "x", "deployments", "chat"),
    ),
    "a list with one bad entry goes as a whole": (
        SHARED_SUBDOMAIN.replace(
            "      customSubdomain: shared-sub\n",
            "      customSubdomain: shared-sub\n"
            '      networkAcls: {defaultAction: Deny, ipRules: ["8.8.8.8", "10.0.0.1"]}\n',
            1,
        ),
        ("accounts.x.networkAcls.ipRules[1]", 8, "'10.0.0.1' is a private or reserved range"),
        12,
        ("accounts", "x", "networkAcls", "ipRules"),
    ),
    "a bad account key goes with its account": (
        "    Bad Key:\n      deployments:\n" + CHAT + SHARED_SUBDOMAIN,
        ("accounts.Bad Key", 6, "key 'Bad Key': keys are stable logical names"),
        14,
        ("accounts", "Bad Key"),
    ),
    "an unknown key goes alone": (
        SHARED_SUBDOMAIN.replace("    y:\n", "    y:\n      colour: blue\n"),
        ("accounts.y.colour", 11, "unknown key 'colour'"),
        12,
        ("accounts", "y", "colour"),
    ),
}


@pytest.mark.parametrize(
    ("accounts", "mistake", "subdomain_line", "part"), LEFT_OUT.values(), ids=list(LEFT_OUT)
)
def test_the_smallest_part_goes_and_the_stack_is_still_judged(
    tmp_path: Path, accounts: str, mistake: tuple[str, int, str], subdomain_line: int, part: tuple[str, ...]
) -> None:
    validation = validation_of(tmp_path, accounts)
    shared = ("accounts.y.customSubdomain", subdomain_line, SUBDOMAIN_TAKEN)
    assert_reported(validation, sorted([mistake, shared]))
    assert part in validation.left_out


def test_a_badly_written_account_location_goes_and_the_stack_is_still_judged(tmp_path: Path) -> None:
    # The location is a region or auto: pydantic names the member of the union that failed after
    # the field; what goes is the field. (Each member's message is reported, hence the set.)
    accounts = SHARED_SUBDOMAIN.replace("    y:\n", "    y:\n      location: West Europe\n")
    validation = validation_of(tmp_path, accounts)
    assert sorted({(path, line) for path, line, _ in reported(validation)}) == [
        ("accounts.y.customSubdomain", 12),
        ("accounts.y.location", 11),
    ]
    assert validation.left_out[0] == ("accounts", "y", "location")


def test_an_accounts_rule_and_a_rule_of_the_stack_about_it_both_count(tmp_path: Path) -> None:
    # A rule of the account names the fields it is about: only those go, so the stack's rules
    # still judge the account (API keys on a protected stack).
    accounts = (
        "    primary:\n      placement: {regions: [westeurope]}\n      localAuth: true\n      deployments:\n"
        + CHAT
    )
    validation = validation_of(tmp_path, accounts, environment="prod")
    assert_reported(
        validation,
        [
            ("accounts.primary.localAuth", 8, "API keys on a protected stack"),
            ("accounts.primary.placement.regions", 7, "candidate regions only apply with location: auto"),
        ],
    )


def test_a_bad_name_prefix_gets_a_stand_in_and_the_rest_is_judged(tmp_path: Path) -> None:
    path = stack_file(tmp_path, SHARED_SUBDOMAIN)
    path.write_text(path.read_text().replace("namePrefix: contoso", "namePrefix: Contoso_X"))
    validation = resolve_layers(path, "t").validate()
    assert_reported(
        validation,
        [
            ("accounts.y.customSubdomain", 11, SUBDOMAIN_TAKEN),
            ("namePrefix", 2, "use lower-case letters, digits and single hyphens"),
        ],
    )


def test_a_bad_name_prefix_and_environment_both_get_stand_ins(tmp_path: Path) -> None:
    path = stack_file(tmp_path, SHARED_SUBDOMAIN, environment="Dev!")
    path.write_text(path.read_text().replace("namePrefix: contoso", "namePrefix: Contoso_X"))
    problems = reported(resolve_layers(path, "t").validate())
    assert [where for where, _, _ in problems] == ["accounts.y.customSubdomain", "environment", "namePrefix"]


def test_names_made_from_a_stand_in_are_not_judged(tmp_path: Path) -> None:
    # With namePrefix X (invalid) the stand-in x makes accounts.b's default name x-dev-b, which
    # accounts.a states: a clash the real prefix would not have.
    accounts = "    a:\n      name: x-dev-b\n      deployments:\n" + CHAT
    accounts += "    b:\n      deployments:\n" + CHAT
    path = stack_file(tmp_path, accounts)
    path.write_text(path.read_text().replace("namePrefix: contoso", "namePrefix: X"))
    assert [where for where, _, _ in reported(resolve_layers(path, "t").validate())] == ["namePrefix"]


def test_names_given_in_the_file_are_judged_whatever_the_name_prefix(tmp_path: Path) -> None:
    # The bug mutation testing showed: with namePrefix invalid, two accounts stating one name were
    # not reported (every name counted as made from the prefix); fixing the prefix revealed them.
    accounts = (
        "    a:\n      name: shared-name\n      deployments:\n" + CHAT
        + "    b:\n      name: shared-name\n      deployments:\n" + CHAT
    )
    path = stack_file(tmp_path, accounts)
    path.write_text(path.read_text().replace("namePrefix: contoso", "namePrefix: Contoso_X"))
    assert_reported(
        resolve_layers(path, "t").validate(),
        [
            ("accounts.b.customSubdomain", 10, "subdomain 'shared-name' is also used by accounts.a"),
            ("accounts.b.name", 11, "account name 'shared-name' is also used by accounts.a"),
            ("namePrefix", 2, "use lower-case letters"),
        ],
    )


def test_a_bad_stack_location_is_one_problem_not_one_per_account_and_group(tmp_path: Path) -> None:
    # Without it, the accounts and the resource group would have no region: echoes.
    validation = validation_of(tmp_path, SHARED_SUBDOMAIN, location="West Europe")
    assert_reported(
        validation,
        [
            ("accounts.y.customSubdomain", 11, SUBDOMAIN_TAKEN),
            ("location", 4, REGION_RULE.format("West Europe")),
        ],
    )
    assert validation.echoes(("accounts", "x", "location"))
    assert validation.echoes(("resourceGroup", "location"))
    assert not validation.echoes(("accounts", "x", "deployments", "chat", "sku"))
    assert not validation.echoes(())  # a problem of the whole file is never an echo


def test_an_account_that_states_its_location_is_judged_without_the_stacks(tmp_path: Path) -> None:
    # The bug mutation testing showed: a protected stack's account with location: auto was not
    # reported while the stack's own location was invalid (every account location counted as the
    # stack's default).
    accounts = "    primary:\n      location: auto\n      placement: {regions: [westeurope]}\n"
    accounts += "      deployments:\n" + CHAT
    validation = validation_of(tmp_path, accounts, environment="prod", location="West Europe")
    assert_reported(
        validation,
        [
            ("accounts.primary.location", 7, "protected stacks need a pinned region"),
            ("location", 4, REGION_RULE.format("West Europe")),
        ],
    )


def test_a_bad_candidate_region_is_not_also_a_missing_one(tmp_path: Path) -> None:
    # The bug mutation testing showed: with its only candidate left out, the account was also told
    # that location: auto needs placement.regions, which the file gives.
    accounts = '    primary:\n      location: auto\n      placement: {regions: ["West Europe"]}\n'
    accounts += "      deployments:\n" + CHAT
    assert_reported(
        validation_of(tmp_path, accounts),
        [("accounts.primary.placement.regions[0]", 8, REGION_RULE.format("West Europe"))],
    )


def test_a_map_that_still_holds_entries_is_judged_as_it_is(tmp_path: Path) -> None:
    # The bug mutation testing showed: a deployment left out made every problem of the accounts
    # map an echo, so 31 accounts in one region (Azure allows 30) went unreported.
    accounts = "".join(f"    a{i:02}:\n      deployments:\n" + CHAT for i in range(31))
    accounts = accounts.replace("capacity: 1}", "capacity: 0}", 1)
    assert_reported(
        validation_of(tmp_path, accounts),
        [
            ("accounts", 5, "31 accounts in swedencentral: Azure allows 30"),
            ("accounts.a00.deployments.chat.capacity", 8, "must be a positive integer (got 0)"),
        ],
    )


def test_the_only_account_left_out_is_no_missing_account(tmp_path: Path) -> None:
    accounts = "    Bad Key:\n      deployments:\n" + CHAT
    assert [where for where, _, _ in reported(validation_of(tmp_path, accounts))] == ["accounts.Bad Key"]


def test_what_no_removal_can_fix_leaves_the_rest_for_the_catalog(tmp_path: Path) -> None:
    # No region anywhere: the rules of the stack fail on values the file does not have, so nothing
    # can be left out; the config without the stack's rules is what the catalog checks.
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(
        "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
        "  azure-openai:accounts:\n    primary:\n      deployments:\n" + CHAT
    )
    validation = resolve_layers(path, "t").validate()
    assert_reported(
        validation,
        [
            ("accounts.primary.location", 5, "set the account's location"),
            ("resourceGroup.location", None, "the resource group needs a region"),
        ],
    )
    assert validation.config is None
    assert validation.partial is not None
    assert list(validation.partial.accounts["primary"].deployments) == ["chat"]


def test_an_account_rule_no_removal_can_fix_does_not_stop_the_others(tmp_path: Path) -> None:
    # accounts.a's rule fails on placement, which it does not have; accounts.b (before it in the
    # file) has a broken deployment and, once that is left out, a rule of its own that fails.
    accounts = (
        "    b:\n      placement: {regions: [westeurope]}\n      deployments:\n"
        + CHAT.replace("capacity: 1}", "capacity: 0}")
        + "    a:\n      location: auto\n      deployments:\n" + CHAT
    )
    assert_reported(
        validation_of(tmp_path, accounts),
        [
            ("accounts.a.placement", 10, "location: auto needs placement.regions"),
            ("accounts.b.deployments.chat.capacity", 9, "must be a positive integer (got 0)"),
            ("accounts.b.placement.regions", 7, "candidate regions only apply with location: auto"),
        ],
    )


def test_a_value_the_reader_refused_is_not_judged_again(tmp_path: Path) -> None:
    accounts = "    primary:\n      deployments:\n" + CHAT.replace("capacity: 1}", "capacity: 00}")
    assert_reported(
        validation_of(tmp_path, accounts),
        [("accounts.primary.deployments.chat.capacity", 8, "00 has a leading zero")],
    )


def test_a_number_for_a_string_is_quoted_as_the_file_writes_it(tmp_path: Path) -> None:
    accounts = "    primary:\n      deployments:\n" + CHAT.replace('version: "2025-08-07"', "version: 1.10")
    assert_reported(
        validation_of(tmp_path, accounts),
        [
            (
                "accounts.primary.deployments.chat.version",
                8,
                'must be a string (got number 1.1); quote it in YAML, e.g. "1.10"',
            )
        ],
    )


def test_the_values_given_are_not_changed() -> None:
    data = with_changes(lambda d: primary(d).update(colour="blue", location="West Europe"))
    before = copy.deepcopy(data)
    validation = validate_all(data, {})
    paths = sorted({p.path for p in validation.problems})
    assert paths == ["accounts.primary.colour", "accounts.primary.location"]
    assert data == before


GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups"
ENDPOINT = (
    "        pe:\n"
    f"          subnetId: {GROUP}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/pe\n"
    "          privateDnsZoneIds:\n"
    f"            - {GROUP}/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com\n"
)
DEPLOYMENTS = "      deployments:\n" + CHAT


def test_only_an_accounts_own_fields_default_from_the_stacks_location(tmp_path: Path) -> None:
    # Two accounts in their own regions put endpoints in one virtual network: the endpoints' region
    # comes from the accounts' locations, not the stack's, so the problem stands beside it.
    accounts = (
        "    a:\n      location: swedencentral\n      privateEndpoints:\n" + ENDPOINT + DEPLOYMENTS
        + "    b:\n      location: westeurope\n      privateEndpoints:\n" + ENDPOINT + DEPLOYMENTS
    )
    in_different_regions = "the endpoints of virtual network vnet-hub would be placed in different regions"
    assert_reported(
        validation_of(tmp_path, accounts, location="West Europe"),
        [
            ("accounts.a.privateEndpoints.pe.location", 9, in_different_regions),
            ("accounts.b.privateEndpoints.pe.location", 18, in_different_regions),
            ("location", 4, REGION_RULE.format("West Europe")),
        ],
    )


def test_the_resource_group_takes_no_region_from_an_account_location_left_out(tmp_path: Path) -> None:
    # The bug mutation testing showed: with no region of its own or the stack's, the resource group
    # takes the account's; with that misspelt, the group was also said to need a region.
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(
        "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
        "  azure-openai:accounts:\n    primary:\n      location: West Europe\n" + DEPLOYMENTS
    )
    problems = reported(resolve_layers(path, "t").validate())
    # (The location is a region or auto: each member's message is reported.)
    assert {(where, line) for where, line, _ in problems} == {("accounts.primary.location", 6)}


def test_an_account_left_out_leaves_the_others_to_be_counted(tmp_path: Path) -> None:
    accounts = "    Bad Key:\n" + DEPLOYMENTS
    accounts += "".join(f"    a{i:02}:\n" + DEPLOYMENTS for i in range(31))
    assert_reported(
        validation_of(tmp_path, accounts),
        [
            ("accounts", 5, "31 accounts in swedencentral: Azure allows 30"),
            ("accounts.Bad Key", 6, "key 'Bad Key': keys are stable logical names"),
        ],
    )


def test_an_optional_field_of_a_deployment_goes_alone(tmp_path: Path) -> None:
    # The deployment stays: the account's rules still judge it once the field is left out.
    accounts = "    primary:\n      placement: {dataZone: EU}\n" + DEPLOYMENTS.replace(
        "capacity: 1}", "capacity: 1, versionUpgrade: Sometimes}"
    )
    validation = validation_of(tmp_path, accounts)
    assert [where for where, _, _ in reported(validation)] == [
        "accounts.primary.deployments.chat.sku",
        "accounts.primary.deployments.chat.versionUpgrade",
    ]
    assert reported(validation)[0][2].startswith("GlobalStandard may process data in any region")
