"""preflight_checks.py as pure functions: what `make mutate` showed no test checked (issue 16).

The facts are written out by hand as preflight's fetch would parse them from ARM's answers (the
models list, usages, checkSkuAvailability, checkDomainAvailability, deleted accounts); the stack
is a small one: account `primary` (contoso-dev-primary, swedencentral) with one deployment
`chat` (gpt-5 2025-08-07, GlobalStandard, capacity 10). Expected findings are written from
preflight's rules: quota fits when the need is at most what is free (exact fit passes), capacity
already held by the account's deployment in the same quota is not needed again, retirement warns
90 days ahead and fails on the day.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from typing import Any

import pytest

from aoai.live.facts import (
    AccountFacts,
    DeletedAccount,
    LiveAccount,
    ModelOffer,
    PreflightFacts,
    Quota,
    RegionFacts,
    SkuOffer,
)
from aoai.live.findings import Finding
from aoai.live.preflight_checks import preflight_findings, usage_name
from tests.conftest import SUBNET, ZONE, base_config, parse

from .deployed import CHAT, NOW, account, stack_with, stack_with_chat

USAGE = "OpenAI.GlobalStandard.gpt-5"
QUOTA_URL = "https://aka.ms/oai/quotaincrease"
QUOTA_FIX = (
    "Lower the capacity, free quota by removing unused deployments in swedencentral, request more "
    f"at {QUOTA_URL}, or move the account to a region with free quota."
)
GLOBAL = SkuOffer("GlobalStandard", USAGE, 1, 1000, 1, (), None)
GPT5 = ModelOffer("OpenAI", "OpenAI", "gpt-5", "2025-08-07", "GenerallyAvailable", True, None, (GLOBAL,))
REGION = RegionFacts("swedencentral", (GPT5,), (Quota(USAGE, 0, 100),), {"OpenAI": (True, None)})
NEW = AccountFacts(live=None, subdomain_available=True)


def facts(
    region: RegionFacts = REGION,
    account: AccountFacts = NEW,
    deleted: tuple[DeletedAccount, ...] | None = (),
) -> PreflightFacts:
    return PreflightFacts(regions={"swedencentral": region}, accounts={"primary": account}, deleted=deleted)


def findings(found: PreflightFacts, stack: dict[str, Any] | None = None) -> list[Finding]:
    config = parse(stack or base_config())
    return preflight_findings(config, {"primary": "swedencentral"}, found, NOW, "dev")


def region_with(*models: ModelOffer, quotas: tuple[Quota, ...] = (Quota(USAGE, 0, 100),)) -> RegionFacts:
    return dataclasses.replace(REGION, models=models, quotas=quotas)


def gpt5(**changes: Any) -> ModelOffer:
    return dataclasses.replace(GPT5, **changes)


def sku(**changes: Any) -> SkuOffer:
    return dataclasses.replace(GLOBAL, **changes)


def at_chat(severity: str, code: str, message: str, fix: str) -> Finding:
    return Finding(severity, code, "primary", "chat", message, fix, "swedencentral")  # type: ignore[arg-type]


def at_account(severity: str, code: str, message: str, fix: str) -> Finding:
    return Finding(severity, code, "primary", None, message, fix, "swedencentral")  # type: ignore[arg-type]


def live(**changes: Any) -> LiveAccount:
    """The deployed account, without deployments unless given."""
    return account(**{"deployments": (), **changes})


def test_a_new_account_everything_offered_has_no_findings() -> None:
    assert findings(facts()) == []


# -- the account's kind and SKU ----------------------------------------------------------------


def test_s0_refused_to_the_subscription() -> None:
    refused = dataclasses.replace(REGION, account_skus={"OpenAI": (False, "SpecialFeatureOrQuotaIdRequired")})
    assert findings(facts(refused)) == [
        at_account(
            "error",
            "AccountSkuNotAvailable",
            "this subscription cannot create kind OpenAI accounts (sku S0) in swedencentral: "
            "SpecialFeatureOrQuotaIdRequired",
            "Use a subscription approved for Azure OpenAI (the error SpecialFeatureOrQuotaIdRequired "
            "means it is not), or set this account's location to a region where S0 is offered.",
        )
    ]
    no_reason = dataclasses.replace(REGION, account_skus={"OpenAI": (False, None)})
    assert findings(facts(no_reason))[0].message.endswith("in swedencentral: no reason given")
    # An account that exists already needs no new S0.
    assert findings(facts(refused, AccountFacts(live=live()))) == []


def test_an_existing_account_in_another_region() -> None:
    assert findings(facts(account=AccountFacts(live=live(location="West Europe")))) == [
        at_account(
            "error",
            "AccountRegionMismatch",
            "account contoso-dev-primary already exists in West Europe, but the stack puts it in "
            "swedencentral: pulumi up would replace it (new endpoint, deployments re-created, the "
            "subdomain blocked for 48 hours)",
            "Set accounts.primary.location: westeurope, or rename the account.",
        )
    ]
    assert findings(facts(account=AccountFacts(live=live(location="Sweden Central")))) == []


def test_an_existing_account_of_another_service() -> None:
    assert findings(facts(account=AccountFacts(live=live(kind="TextAnalytics")))) == [
        at_account(
            "error",
            "AccountKindMismatch",
            "account contoso-dev-primary already exists with kind TextAnalytics; this toolkit manages "
            "kinds OpenAI and AIServices",
            "Give the account another name, or remove the existing one if it is unused.",
        )
    ]
    assert findings(facts(account=AccountFacts(live=live(kind="openai")))) == []


# -- models --------------------------------------------------------------------------------------


def test_a_model_not_offered_lists_what_is_offered() -> None:
    others = tuple(gpt5(name=f"model-{n:02}") for n in range(13))
    assert findings(facts(region_with(*others))) == [
        at_chat(
            "error",
            "ModelNotOffered",
            "gpt-5 (OpenAI) is not offered in swedencentral to this subscription",
            "Deploy it from an account in a region that offers gpt-5, or pick a model offered in "
            "swedencentral: " + ", ".join(f"model-{n:02}" for n in range(12)) + ", ....",
        )
    ]
    assert findings(facts(region_with()))[0].fix.endswith("pick a model offered in swedencentral: none.")


def test_a_version_not_offered_names_the_offered_ones_and_the_default() -> None:
    older = gpt5(version="2025-01-01", is_default_version=False)
    newer = gpt5(version="2026-01-01", is_default_version=True)
    assert findings(facts(region_with(newer, older))) == [
        at_chat(
            "error",
            "ModelVersionNotOffered",
            "gpt-5 version 2025-08-07 is not offered in swedencentral; offered: 2025-01-01, 2026-01-01",
            "Set version to one of 2025-01-01, 2026-01-01 (the default is 2026-01-01).",
        )
    ]
    assert findings(facts(region_with(older)))[0].fix == "Set version to one of 2025-01-01."


def test_a_sku_not_offered_names_the_offered_ones() -> None:
    standard = sku(name="Standard")
    assert findings(facts(region_with(gpt5(skus=(standard,))))) == [
        at_chat(
            "error",
            "SkuNotOffered",
            "gpt-5 2025-08-07 is not offered as GlobalStandard in swedencentral; it is offered as: Standard",
            "Set sku to one of Standard, or deploy it from a region that offers GlobalStandard.",
        )
    ]


def test_a_retired_model() -> None:
    retired = gpt5(inference_deprecation=NOW, replacement="gpt-5.1 2026-01-01")
    assert findings(facts(region_with(retired))) == [
        at_chat(
            "error",
            "ModelRetired",
            "gpt-5 2025-08-07 (GlobalStandard) was retired on 2026-12-01: "
            "Azure refuses new deployments of it",
            "Move the deployment to gpt-5.1 2026-01-01 (set model/version in the stack).",
        )
    ]
    deprecated = gpt5(lifecycle_status="Deprecated")
    assert findings(facts(region_with(deprecated))) == [
        at_chat(
            "error",
            "ModelRetired",
            "gpt-5 2025-08-07 (GlobalStandard) was retired: Azure refuses new deployments of it",
            "Move the deployment to a newer version (set model/version in the stack).",
        )
    ]


def test_retirement_within_90_days_warns() -> None:
    in_90_days = NOW + datetime.timedelta(days=90)
    fix = "Move the deployment to a newer version before then (set model/version in the stack)."
    assert findings(facts(region_with(gpt5(skus=(sku(deprecation=in_90_days),))))) == [
        at_chat(
            "warning",
            "ModelDeprecating",
            "gpt-5 2025-08-07 (GlobalStandard) retires on 2027-03-01 (90 days) "
            "(lifecycle GenerallyAvailable)",
            fix,
        )
    ]
    # The earlier of the model's and the SKU's dates counts.
    both = gpt5(inference_deprecation=NOW + datetime.timedelta(days=30), skus=(sku(deprecation=in_90_days),))
    assert "retires on 2026-12-31 (30 days)" in findings(facts(region_with(both)))[0].message
    later = NOW + datetime.timedelta(days=91)
    assert findings(facts(region_with(gpt5(inference_deprecation=later)))) == []


def test_a_deprecating_model_without_a_date_warns_and_no_auto_upgrade_stops_working() -> None:
    legacy = gpt5(lifecycle_status="Legacy")
    stack = stack_with_chat(versionUpgrade="NoAutoUpgrade")
    assert findings(facts(region_with(legacy)), stack) == [
        at_chat(
            "warning",
            "ModelDeprecating",
            "gpt-5 2025-08-07 (GlobalStandard) is being retired (lifecycle Legacy); with versionUpgrade: "
            "NoAutoUpgrade the deployment stops working then",
            "Move the deployment to a newer version before then (set model/version in the stack).",
        )
    ]
    assert findings(facts(region_with(gpt5(lifecycle_status="Deprecating"))))[0].code == "ModelDeprecating"


@pytest.mark.parametrize(
    ("offer", "problem", "bounds"),
    [
        (sku(minimum=20), "below the minimum 20", "minimum 20, maximum 1000, step 1"),
        (sku(maximum=5), "above the maximum 5", "minimum 1, maximum 5, step 1"),
        (sku(step=4), "not a multiple of 4", "minimum 1, maximum 1000, step 4"),
        (sku(minimum=None, maximum=None, step=None, allowed_values=(50, 100)), "not one of 50, 100", ""),
        (
            sku(minimum=20, step=3),
            "below the minimum 20 and not a multiple of 3",
            "minimum 20, maximum 1000, step 3",
        ),
    ],
)
def test_capacity_outside_the_skus_bounds(offer: SkuOffer, problem: str, bounds: str) -> None:
    assert findings(facts(region_with(gpt5(skus=(offer,))))) == [
        at_chat(
            "error",
            "CapacityOutOfRange",
            f"capacity 10 is {problem} for gpt-5 2025-08-07 as GlobalStandard",
            f"Set capacity within the SKU's bounds ({bounds}).",
        )
    ]


def test_capacity_on_the_bounds_is_within_them() -> None:
    assert (
        findings(facts(region_with(gpt5(skus=(sku(minimum=10, maximum=10, step=5, allowed_values=(10,)),)))))
        == []
    )


# -- quota -----------------------------------------------------------------------------------


def test_quota_that_fits_exactly_passes_and_one_less_fails() -> None:
    assert findings(facts(region_with(GPT5, quotas=(Quota(USAGE, 90, 100),)))) == []
    assert findings(facts(region_with(GPT5, quotas=(Quota(USAGE, 91, 100),)))) == [
        at_chat(
            "error",
            "InsufficientQuota",
            f"quota {USAGE} in swedencentral: the stack needs 10 (accounts.primary.deployments.chat (10)), "
            "so 10 more is needed but only 9 of 100 is free (91 in use)",
            QUOTA_FIX,
        )
    ]


def test_quota_not_listed_warns() -> None:
    assert findings(facts(region_with(GPT5, quotas=()))) == [
        at_chat(
            "warning",
            "QuotaNotListed",
            f"swedencentral lists no quota named {USAGE} for this subscription "
            "(needed by accounts.primary.deployments.chat (10)); "
            "the deployment may fail with InsufficientQuota",
            "Check the quota in the Azure AI Foundry portal (Management > Quota) and request it "
            f"at {QUOTA_URL}.",
        )
    ]


def held_by(capacity: int, **deployment: Any) -> AccountFacts:
    chat = dataclasses.replace(CHAT, capacity=capacity, **deployment)
    return AccountFacts(live=live(deployments=(chat,)))


def test_capacity_the_account_holds_in_the_same_quota_is_not_needed_again() -> None:
    full = region_with(GPT5, quotas=(Quota(USAGE, 100, 100),))
    assert findings(facts(full, held_by(10))) == []
    assert findings(facts(full, held_by(4))) == [
        at_chat(
            "error",
            "InsufficientQuota",
            f"quota {USAGE} in swedencentral: the stack needs 10 (accounts.primary.deployments.chat (10)), "
            "its existing deployments already hold 4, so 6 more is needed but only 0 of 100 is free "
            "(100 in use)",
            QUOTA_FIX,
        )
    ]


def test_capacity_held_in_another_quota_still_counts_as_needed() -> None:
    standard = sku(name="Standard", usage_name="OpenAI.Standard.gpt-5")
    region = region_with(gpt5(skus=(GLOBAL, standard)), quotas=(Quota(USAGE, 91, 100),))
    # The live deployment is Standard: its 10 are in OpenAI.Standard.gpt-5, not in the stack's
    # quota, so all 10 are needed where 9 are free.
    assert findings(facts(region, held_by(10, sku="Standard"))) == [
        at_chat(
            "error",
            "InsufficientQuota",
            f"quota {USAGE} in swedencentral: the stack needs 10 (accounts.primary.deployments.chat (10)), "
            "so 10 more is needed but only 9 of 100 is free (91 in use)",
            QUOTA_FIX,
        )
    ]
    region = region_with(gpt5(skus=(GLOBAL, standard)), quotas=(Quota(USAGE, 95, 100),))
    # Without a model, version or SKU the quota it holds is unknown: nothing is subtracted.
    assert [f.code for f in findings(facts(region, held_by(10, model=None)))] == ["InsufficientQuota"]
    assert [f.code for f in findings(facts(region, held_by(10, version=None)))] == ["InsufficientQuota"]
    assert [f.code for f in findings(facts(region, held_by(10, sku=None)))] == ["InsufficientQuota"]


def test_two_deployments_in_one_quota_are_added_up() -> None:
    stack = copy.deepcopy(base_config())
    deployments = stack["accounts"]["primary"]["deployments"]
    deployments["chat2"] = dict(deployments["chat"], capacity=15)
    found = findings(facts(region_with(GPT5, quotas=(Quota(USAGE, 80, 100),))), stack)
    assert found == [
        Finding(
            "error",
            "InsufficientQuota",
            "primary",
            None,
            f"quota {USAGE} in swedencentral: the stack needs 25 (accounts.primary.deployments.chat (10) + "
            "accounts.primary.deployments.chat2 (15)), so 25 more is needed but only 20 of 100 is free "
            "(80 in use)",
            QUOTA_FIX,
            "swedencentral",
        )
    ]


def test_the_quota_name_is_the_models_usage_name_else_built_from_sku_and_model() -> None:
    region = region_with(gpt5(skus=(sku(usage_name="OpenAI.GlobalStandard.gpt5-shared"),)))
    assert (
        usage_name(region, "OpenAI", "gpt-5", "2025-08-07", "GlobalStandard")
        == "OpenAI.GlobalStandard.gpt5-shared"
    )
    assert (
        usage_name(
            region_with(gpt5(skus=(sku(usage_name=None),))), "OpenAI", "gpt-5", "2025-08-07", "GlobalStandard"
        )
        == USAGE
    )
    assert usage_name(None, "OpenAI", "gpt-4o", "2024-08-06", "Standard") == "OpenAI.Standard.gpt-4o"


# -- subdomains and soft-deleted accounts ------------------------------------------------------


def test_a_taken_subdomain() -> None:
    taken = AccountFacts(live=None, subdomain_available=False, subdomain_reason="the name is in use")
    fix = (
        "Set accounts.primary.customSubdomain to another globally unique name (subdomains are unique "
        "across all of Azure; a deleted account's stays blocked until it is purged)."
    )
    assert findings(facts(account=taken)) == [
        at_account(
            "error",
            "SubdomainTaken",
            "subdomain contoso-dev-primary is not available: the name is in use "
            "(pulumi up would fail with CustomDomainInUse)",
            fix,
        )
    ]
    no_reason = AccountFacts(live=None, subdomain_available=False)
    assert "not available: it is in use (" in findings(facts(account=no_reason))[0].message
    # Taken by this very account: ours.
    ours = AccountFacts(live=live(subdomain="CONTOSO-DEV-PRIMARY"), subdomain_available=False)
    assert findings(facts(account=ours)) == []


def deleted(**changes: Any) -> DeletedAccount:
    account = DeletedAccount(
        "contoso-dev-primary",
        "swedencentral",
        "rg-contoso-openai-dev",
        "contoso-dev-primary",
        "2026-12-20T00:00:00Z",
    )
    return dataclasses.replace(account, **changes)


def test_a_subdomain_held_by_another_soft_deleted_account() -> None:
    taken = AccountFacts(live=None, subdomain_available=False)
    other = deleted(name="old-primary", resource_group="rg-old", location="westeurope")
    assert findings(facts(account=taken, deleted=(other,))) == [
        at_account(
            "error",
            "SubdomainHeldBySoftDeletedAccount",
            "subdomain contoso-dev-primary is held by the soft-deleted account old-primary (resource group "
            "rg-old, westeurope) of this subscription until 2026-12-20T00:00:00Z",
            "Purge it (az cognitiveservices account purge --name old-primary --resource-group rg-old "
            "--location westeurope), or set accounts.primary.customSubdomain to another name.",
        )
    ]
    no_date = dataclasses.replace(other, scheduled_purge=None)
    assert findings(facts(account=taken, deleted=(no_date,)))[0].message.endswith("of this subscription")


def test_this_account_soft_deleted_must_be_restored_or_purged() -> None:
    fix = (
        "Set accounts.primary.restore: true to recover it, or purge it for good: "
        "aoai purge --stack dev --account primary."
    )
    # Its subdomain is taken by itself: only the soft-deleted finding, not a subdomain one.
    taken = AccountFacts(live=None, subdomain_available=False)
    assert findings(facts(account=taken, deleted=(deleted(name="Contoso-Dev-Primary"),))) == [
        at_account(
            "error",
            "SoftDeletedAccount",
            "a soft-deleted account contoso-dev-primary exists in resource group rg-contoso-openai-dev "
            "(swedencentral, purged by Azure on 2026-12-20T00:00:00Z): creating it again fails with "
            "FlagMustBeSetForRestore",
            fix,
        )
    ]
    no_date = deleted(scheduled_purge=None)
    assert "(swedencentral): creating it again" in findings(facts(deleted=(no_date,)))[0].message
    # Same name in another resource group is another account.
    assert findings(facts(deleted=(deleted(resource_group="rg-other"),))) == []


def test_restore_recovers_in_the_region_it_was_deleted_from() -> None:
    stack = stack_with(restore=True)
    assert findings(facts(deleted=(deleted(),)), stack) == []
    assert findings(facts(deleted=(deleted(location="West Europe"),)), stack) == [
        at_account(
            "error",
            "RestoreRegionMismatch",
            "restore: true recovers the soft-deleted contoso-dev-primary in West Europe, but the stack puts "
            "the account in swedencentral",
            "Set accounts.primary.location: westeurope to restore it, or remove restore and purge it: "
            "aoai purge --stack dev --account primary.",
        )
    ]


def test_restore_with_nothing_to_restore_warns() -> None:
    assert findings(facts(), stack_with(restore=True)) == [
        at_account(
            "warning",
            "NothingToRestore",
            "restore: true but no soft-deleted account contoso-dev-primary exists in resource group "
            "rg-contoso-openai-dev",
            "Remove accounts.primary.restore (it only applies to re-creating a deleted account).",
        )
    ]
    # Deleted accounts not listed (not checked) and an existing account: nothing said.
    assert findings(facts(deleted=None), stack_with(restore=True)) == []


# -- content filters managed elsewhere ---------------------------------------------------------


def test_a_content_filter_managed_elsewhere_must_exist_on_the_account() -> None:
    stack = stack_with(existingContentFilters=["shared-strict"])
    stack["accounts"]["primary"]["deployments"]["chat"]["contentFilter"] = "shared-strict"
    fix = (
        "Declare it under accounts.primary.contentFilters so the stack creates it, or create it on the "
        "account before pulumi up."
    )
    assert findings(facts(), stack) == [
        at_chat(
            "error",
            "ContentFilterMissing",
            "content filter shared-strict is listed in existingContentFilters but the account does not "
            "exist yet",
            fix,
        )
    ]
    without = AccountFacts(live=live(rai_policies=("Microsoft.DefaultV2",)))
    assert findings(facts(account=without), stack) == [
        at_chat(
            "error",
            "ContentFilterMissing",
            "content filter shared-strict is listed in existingContentFilters but the account has no such "
            "RAI policy",
            fix,
        )
    ]
    present = AccountFacts(live=live(rai_policies=("Shared-Strict",)))
    assert findings(facts(account=present), stack) == []


def test_built_in_and_declared_content_filters_need_no_check() -> None:
    built_in = stack_with_chat(contentFilter="Microsoft.DefaultV2")
    assert findings(facts(), built_in) == []
    declared = stack_with(contentFilters={"strict": {}})
    declared["accounts"]["primary"]["deployments"]["chat"]["contentFilter"] = "strict"
    assert findings(facts(), declared) == []


# -- fine-tuned models: the region must offer fine-tuning of the base model version ----------------

FINE_TUNED = "gpt-4o-2024-08-06.ft-0123456789abcdef0123456789abcdef"


def fine_tuned_stack() -> dict[str, Any]:
    return stack_with_chat(model=FINE_TUNED, version="1", sku="Standard")


def gpt4o(version: str = "2024-08-06", fine_tune: bool = True) -> ModelOffer:
    standard = sku(name="Standard", usage_name="OpenAI.Standard.gpt-4o")
    return gpt5(name="gpt-4o", version=version, fine_tune=fine_tune, skus=(standard,))


def test_a_fine_tuned_model_whose_base_allows_fine_tuning_passes_without_a_quota_check() -> None:
    # Its quota name is not in the models list, so no quota finding either way.
    assert findings(facts(region_with(gpt4o(), quotas=())), fine_tuned_stack()) == []


def test_a_fine_tuned_model_whose_base_version_is_not_offered() -> None:
    region = region_with(gpt4o("2024-11-20"), gpt4o("2024-05-13"))
    assert findings(facts(region), fine_tuned_stack()) == [
        at_chat(
            "error",
            "ModelNotOffered",
            f"{FINE_TUNED} is fine-tuned from gpt-4o 2024-08-06, which swedencentral does not offer to "
            "this subscription (versions of gpt-4o there: 2024-05-13, 2024-11-20)",
            "Deploy it from an account in a region that offers gpt-4o 2024-08-06 with fine-tuning.",
        )
    ]
    assert findings(facts(region_with(GPT5)), fine_tuned_stack())[0].message.endswith(
        "(versions of gpt-4o there: none)"
    )


def test_a_fine_tuned_model_whose_base_cannot_be_fine_tuned_in_the_region() -> None:
    assert findings(facts(region_with(gpt4o(fine_tune=False))), fine_tuned_stack()) == [
        at_chat(
            "error",
            "SkuNotOffered",
            "swedencentral offers gpt-4o 2024-08-06, but not fine-tuning of it: models fine-tuned from it "
            "cannot be deployed there",
            f"Deploy {FINE_TUNED} from a region whose models list offers fine-tuning of gpt-4o 2024-08-06.",
        )
    ]


SHARED = "OpenAI.GlobalStandard.gpt5-shared"  # a usage name other than OpenAI.<sku>.<model>


def test_the_quota_a_live_deployment_holds_is_read_from_the_models_list() -> None:
    region = region_with(gpt5(skus=(sku(usage_name=SHARED),)), quotas=(Quota(SHARED, 100, 100),))
    # Its 10 are held in the shared quota: nothing more is needed.
    assert findings(facts(region, held_by(10))) == []
    # A live deployment without a format is an OpenAI one.
    assert findings(facts(region, held_by(10, format=None))) == []


def test_a_live_deployment_of_a_version_no_longer_listed_holds_an_unknown_quota() -> None:
    region = region_with(GPT5, quotas=(Quota(USAGE, 95, 100),))
    # Version 2024-01-01 is not in the models list: its quota is taken as OpenAI.<sku>.<model>,
    # the stack's own here, so its 10 count as held.
    assert findings(facts(region, held_by(10, version="2024-01-01"))) == []


def test_a_foundry_account_draws_from_the_quota_its_kinds_offer_names() -> None:
    # A model Azure offers only to AIServices accounts, under its own usage name.
    stack = stack_with(kind="AIServices")
    stack["accounts"]["primary"]["deployments"]["chat"].update(
        model="DeepSeek-R1", version="1", format="DeepSeek", skipCatalogCheck=True
    )
    usage = "AIServices.GlobalStandard.DeepSeek-R1"
    deepseek = gpt5(
        kind="AIServices", format="DeepSeek", name="DeepSeek-R1", version="1", skus=(sku(usage_name=usage),)
    )
    region = dataclasses.replace(
        REGION, models=(deepseek,), quotas=(Quota(usage, 0, 100),), account_skus={"AIServices": (True, None)}
    )
    assert findings(facts(region), stack) == []


def test_a_model_not_offered_to_a_foundry_account_lists_its_kinds_models() -> None:
    stack = stack_with(kind="AIServices")
    stack["accounts"]["primary"]["deployments"]["chat"].update(skipCatalogCheck=True)
    models = (
        gpt5(name="gpt-4o"),
        gpt5(kind="AIServices", format="DeepSeek", name="DeepSeek-R1"),
        gpt5(kind="Speech", format="Microsoft", name="whisper"),  # another service's model
    )
    region = dataclasses.replace(REGION, models=models, account_skus={"AIServices": (True, None)})
    (finding,) = findings(facts(region), stack)
    assert finding.fix.endswith("pick a model offered in swedencentral: DeepSeek-R1, gpt-4o.")
    # An OpenAI account is offered OpenAI's models only.
    (finding,) = findings(facts(dataclasses.replace(REGION, models=models)))
    assert finding.fix.endswith("pick a model offered in swedencentral: gpt-4o.")


def test_twelve_models_are_listed_without_an_ellipsis() -> None:
    twelve = tuple(gpt5(name=f"model-{n:02}") for n in range(12))
    (finding,) = findings(facts(region_with(*twelve)))
    assert finding.fix.endswith("swedencentral: " + ", ".join(f"model-{n:02}" for n in range(12)) + ".")


# -- what each check skips, and the rest of the stack still checked -------------------------------


def test_a_region_that_did_not_answer_for_the_accounts_kind_is_not_reported() -> None:
    assert findings(facts(dataclasses.replace(REGION, account_skus={}))) == []


def test_a_deployment_not_offered_gets_no_quota_finding_of_its_own() -> None:
    not_offered = region_with(gpt5(skus=(sku(name="Standard"),)), quotas=())
    assert [f.code for f in findings(facts(not_offered))] == ["SkuNotOffered"]


def test_each_deployment_is_checked_after_one_that_is_skipped_or_refused() -> None:
    stack = copy.deepcopy(base_config())
    deployments = stack["accounts"]["primary"]["deployments"]
    # Sorted by name: the fine-tuned one (not checked against the list) and one not offered first.
    deployments["a-tuned"] = dict(deployments["chat"], model=FINE_TUNED, version="1", sku="Standard")
    deployments["b-missing"] = dict(deployments["chat"], model="gpt-4.1")
    region = region_with(gpt4o(), gpt5(skus=(sku(maximum=5),)))
    assert [(f.code, f.deployment) for f in findings(facts(region), stack)] == [
        ("ModelNotOffered", "b-missing"),
        ("CapacityOutOfRange", "chat"),
    ]


def test_an_account_whose_region_was_not_fetched_does_not_stop_the_next() -> None:
    stack = copy.deepcopy(base_config())
    stack["accounts"]["secondary"] = copy.deepcopy(stack["accounts"]["primary"])
    locations = {"primary": "westeurope", "secondary": "swedencentral"}
    found = PreflightFacts(
        regions={"swedencentral": region_with(gpt5(skus=(sku(maximum=5),)))},
        accounts={"primary": NEW, "secondary": NEW},
        deleted=(),
    )
    checked = preflight_findings(parse(stack), locations, found, NOW, "dev")
    assert [(f.code, f.account) for f in checked] == [("CapacityOutOfRange", "secondary")]


def test_fixes_name_the_stack_or_a_placeholder_for_it() -> None:
    config = parse(base_config())
    found = facts(deleted=(deleted(),))
    (named,) = preflight_findings(config, {"primary": "swedencentral"}, found, NOW, "dev")
    assert named.fix.endswith("aoai purge --stack dev --account primary.")
    (unnamed,) = preflight_findings(config, {"primary": "swedencentral"}, found, NOW)
    assert unnamed.fix.endswith("aoai purge --stack <stack> --account primary.")


def test_the_upgrade_findings_name_the_stack() -> None:
    zones = [ZONE.replace("openai", name) for name in ("openai", "cognitiveservices", "services.ai")]
    stack = stack_with(
        kind="AIServices", privateEndpoints={"hub": {"subnetId": SUBNET, "privateDnsZoneIds": zones}}
    )
    (finding,) = findings(facts(account=AccountFacts(live=live())), stack)
    assert finding.code == "FoundryUpgradeOnDeploy"
    assert "-s dev --replace on each endpoint's URN" in finding.message


def two_accounts() -> dict[str, Any]:
    """Accounts primary and secondary (contoso-dev-secondary), both in swedencentral."""
    stack = copy.deepcopy(base_config())
    stack["accounts"]["secondary"] = copy.deepcopy(stack["accounts"]["primary"])
    return stack


def both(
    primary: AccountFacts, secondary: AccountFacts, deleted: tuple[DeletedAccount, ...] = ()
) -> list[Finding]:
    found = PreflightFacts(
        regions={"swedencentral": REGION},
        accounts={"primary": primary, "secondary": secondary},
        deleted=deleted,
    )
    locations = {"primary": "swedencentral", "secondary": "swedencentral"}
    return preflight_findings(parse(two_accounts()), locations, found, NOW, "dev")


TAKEN = AccountFacts(live=None, subdomain_available=False)


@pytest.mark.parametrize(
    "primary",
    [
        AccountFacts(live=live(), subdomain_available=False),  # taken by itself: ours
        TAKEN,  # held by itself, soft-deleted (that finding is the soft-deleted one)
    ],
)
def test_a_subdomain_that_is_the_accounts_own_does_not_stop_the_next(primary: AccountFacts) -> None:
    found = both(primary, TAKEN, deleted=(deleted(),))
    assert ("SubdomainTaken", "secondary") in [(f.code, f.account) for f in found]


def test_a_subdomain_held_by_another_deleted_account_does_not_stop_the_next() -> None:
    other = deleted(name="old", resource_group="rg-old", subdomain="contoso-dev-primary")
    found = both(TAKEN, TAKEN, deleted=(other,))
    assert [(f.code, f.account) for f in found] == [
        ("SubdomainHeldBySoftDeletedAccount", "primary"),
        ("SubdomainTaken", "secondary"),
    ]


def test_an_existing_or_unknown_account_has_nothing_to_restore() -> None:
    # The soft-deleted copy of an account that exists again is not this stack's problem.
    secondary = deleted(name="contoso-dev-secondary", subdomain="contoso-dev-secondary")
    assert [(f.code, f.account) for f in both(AccountFacts(live=live()), NEW, (deleted(), secondary))] == [
        ("SoftDeletedAccount", "secondary")
    ]
    found = PreflightFacts(regions={"swedencentral": REGION}, accounts={}, deleted=(deleted(),))
    assert preflight_findings(parse(base_config()), {"primary": "swedencentral"}, found, NOW, "dev") == []


def test_capacity_held_by_several_live_deployments_adds_up() -> None:
    stack = copy.deepcopy(base_config())
    deployments = stack["accounts"]["primary"]["deployments"]
    deployments["chat2"] = dict(deployments["chat"], capacity=15)
    held = live(deployments=(CHAT, dataclasses.replace(CHAT, name="chat2", capacity=15)))
    full = region_with(GPT5, quotas=(Quota(USAGE, 100, 100),))
    assert findings(facts(full, AccountFacts(live=held)), stack) == []


def test_a_content_filter_check_goes_on_after_a_deployment_that_needs_none() -> None:
    stack = stack_with(existingContentFilters=["shared-ok", "shared-strict"])
    deployments = stack["accounts"]["primary"]["deployments"]
    deployments["a-default"] = dict(deployments["chat"])  # no filter: nothing to check
    deployments["b-ok"] = dict(deployments["chat"], contentFilter="shared-ok")  # on the account
    deployments["chat"]["contentFilter"] = "shared-strict"
    account = AccountFacts(live=live(rai_policies=("shared-ok",)))
    quota = region_with(GPT5, quotas=(Quota(USAGE, 0, 1000),))
    assert [(f.code, f.deployment) for f in findings(facts(quota, account), stack)] == [
        ("ContentFilterMissing", "chat")
    ]


def test_a_sku_not_offered_lists_every_sku_or_none() -> None:
    two = gpt5(skus=(sku(name="Standard"), sku(name="ProvisionedManaged")))
    (finding,) = findings(facts(region_with(two)))
    assert finding.message.endswith("it is offered as: Standard, ProvisionedManaged")
    (finding,) = findings(facts(region_with(gpt5(skus=()))))
    assert finding.message.endswith("it is offered as: none")


def test_a_content_filter_of_an_account_not_fetched_does_not_stop_the_next() -> None:
    stack = two_accounts()
    for settings in stack["accounts"].values():
        settings["existingContentFilters"] = ["shared-strict"]
        settings["deployments"]["chat"]["contentFilter"] = "shared-strict"
    found = PreflightFacts(regions={"swedencentral": REGION}, accounts={"secondary": NEW}, deleted=())
    locations = {"primary": "swedencentral", "secondary": "swedencentral"}
    checked = preflight_findings(parse(stack), locations, found, NOW, "dev")
    assert [(f.code, f.account) for f in checked if f.code == "ContentFilterMissing"] == [
        ("ContentFilterMissing", "secondary")
    ]
