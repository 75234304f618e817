"""config/foundry.py: the name, category, URL and text rules `make mutate` showed no test checked.

Limits from the 2025-06-01 REST specification's path patterns (raiBlocklistNameParameter and
raiBlocklistItemNameParameter: 1 to 64 characters, ProjectProperties.displayName) and the
contract's own descriptions; every message is written here from the rule.
"""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from azure_openai_toolkit.config.foundry import _text, check_regex
from tests.components.config.test_foundry_contract import CONNECTION, blocklist, foundry
from tests.conftest import parse, problems_of

RAI_NAME_RULE = "1 to 64 letters, digits, '_', '.' and '-', starting with a letter or digit"


def test_blocklist_item_names_are_1_to_64_characters() -> None:
    longest = "b" * 64
    account = parse(foundry(blocklists=blocklist(**{longest: {"pattern": "Fabrikam"}}))).accounts["primary"]
    assert list(account.blocklists["competitors"].items) == [longest]
    too_long = "b" * 65
    problems = problems_of(foundry(blocklists=blocklist(**{too_long: {"pattern": "Fabrikam"}})))
    assert problems == {
        f"accounts.primary.blocklists.competitors.items.{too_long}": (
            f"key '{too_long}': {RAI_NAME_RULE} (got '{too_long}')"
        )
    }


def test_a_blocklist_name_starts_with_a_letter_or_digit() -> None:
    problems = problems_of(foundry(blocklists={"_terms": {"items": {"fabrikam": {"pattern": "Fabrikam"}}}}))
    assert problems == {"accounts.primary.blocklists._terms": f"key '_terms': {RAI_NAME_RULE} (got '_terms')"}


def test_a_connection_category_is_a_word_of_letters_and_digits() -> None:
    problems = problems_of(foundry(connections={"search": {**CONNECTION, "category": "Cognitive Search"}}))
    assert problems == {
        "accounts.primary.connections.search.category": (
            "a connection category such as AzureOpenAI, AIServices, CognitiveSearch, AzureBlob or CosmosDb "
            "(letters and digits) (got 'Cognitive Search')"
        )
    }


def test_a_targets_host_may_be_written_in_capitals() -> None:
    target = "https://Search-Contoso.search.windows.net:443/indexes"
    account = parse(foundry(connections={"search": {**CONNECTION, "target": target}})).accounts["primary"]
    assert account.connections["search"].target == target


@pytest.mark.parametrize(
    ("field", "limit"), [("displayName", 128), ("description", 1024)], ids=["display-name", "description"]
)
def test_project_texts_are_1_to_their_limit_of_characters(field: str, limit: int) -> None:
    fits = parse(foundry(projects={"research": {field: "r" * limit}})).accounts["primary"]
    assert fits.projects["research"].model_dump(by_alias=True)[field] == "r" * limit
    where = f"accounts.primary.projects.research.{field}"
    too_long = problems_of(foundry(projects={"research": {field: "r" * (limit + 1)}}))
    assert too_long == {where: f"1 to {limit} characters of text (got {limit + 1})"}
    blank = problems_of(foundry(projects={"research": {field: "   "}}))
    assert blank == {where: f"1 to {limit} characters of text (got 3)"}


def test_the_text_rule_itself() -> None:
    """_text builds the validator at import time, before `make mutate` switches a mutant in: the
    rule is checked once more on a validator built here."""
    short = TypeAdapter(Annotated[str, _text(3)])
    assert short.validate_python("abc") == "abc"
    for value, length in (("abcd", 4), (" \t", 2)):
        with pytest.raises(ValidationError) as caught:
            short.validate_python(value)
        assert caught.value.errors()[0]["msg"] == f"Value error, 1 to 3 characters of text (got {length})"


def test_a_dotnet_named_group_can_be_referred_to_by_name() -> None:
    # A conditional on a named group is written alike in .NET and Python: `(?(name)yes|no)`.
    assert check_regex(r'(?<quote>")?\w+(?(quote)")') is None
    assert check_regex(r"(?<quote>x)(?(other)y)") is not None  # no group named other


def test_a_connection_without_a_resource_id_is_shown_one() -> None:
    problems = problems_of(foundry(connections={"search": {**CONNECTION, "resourceId": "search-contoso"}}))
    assert problems == {
        "accounts.primary.connections.search.resourceId": (
            "the resource id of the target, like /subscriptions/<guid>/resourceGroups/<group>/providers/"
            "Microsoft.Search/searchServices/search-contoso (got 'search-contoso')"
        )
    }
