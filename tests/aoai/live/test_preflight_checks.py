"""Each preflight check with a passing and a failing fake state, through the real client.

The fake starts healthy for the scenario stack (tests/aoai/live/scenario.py); each case plants
one problem in the fake's state (or the stack) and expects exactly that finding.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from aoai.live.facts import ModelOffer, SkuOffer
from aoai.live.preflight_checks import _capacity, _lifecycle
from tests.conftest import parse
from tests.fake_arm import FakeArm, model_offer, sku_offer, usage

from .scenario import NOW, RG, changed, codes, preflight, seed_healthy, stack_data

Plant = Callable[[FakeArm], object]


def _offer_only(region: str, *models: dict[str, Any]) -> Plant:
    def plant(fake: FakeArm) -> None:
        fake.state.models[region] = list(models)

    return plant


def _in_days(days: int) -> str:
    return (NOW + datetime.timedelta(days=days)).strftime("%Y-%m-%dT00:00:00Z")


SECONDARY_CHAT = ("secondary", "chat")
# (what is planted, the finding's code, account, deployment, severity)
FAILING: list[tuple[str, Plant, str, str | None, str | None, str]] = [
    (
        "kind OpenAI S0 not offered to the subscription",
        lambda f: f.state.refused_skus.update(
            uksouth=(
                "SpecialFeatureOrQuotaIdRequired",
                "The subscription does not have QuotaId/Feature required by SKU 'S0' from kind 'OpenAI' .",
            )
        ),
        "AccountSkuNotAvailable",
        "secondary",
        None,
        "error",
    ),
    (
        "model not offered in the region",
        _offer_only("uksouth", model_offer("gpt-4o-mini", "2024-07-18")),
        "ModelNotOffered",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "version not offered",
        _offer_only("uksouth", model_offer("gpt-5", "2025-10-01")),
        "ModelVersionNotOffered",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "SKU not offered for that version",
        _offer_only("uksouth", model_offer("gpt-5", "2025-08-07", [sku_offer("DataZoneStandard", "gpt-5")])),
        "SkuNotOffered",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "model retired",
        _offer_only(
            "uksouth",
            model_offer("gpt-5", "2025-08-07", lifecycle="Deprecated", inference_deprecation=_in_days(-10)),
        ),
        "ModelRetired",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "model retiring within 90 days",
        _offer_only("uksouth", model_offer("gpt-5", "2025-08-07", inference_deprecation=_in_days(30))),
        "ModelDeprecating",
        *SECONDARY_CHAT,
        "warning",
    ),
    (
        "SKU retiring within 90 days",
        _offer_only(
            "uksouth",
            model_offer(
                "gpt-5", "2025-08-07", [sku_offer("GlobalStandard", "gpt-5", deprecation_date=_in_days(20))]
            ),
        ),
        "ModelDeprecating",
        *SECONDARY_CHAT,
        "warning",
    ),
    (
        "capacity above the SKU's maximum",
        _offer_only(
            "uksouth",
            model_offer("gpt-5", "2025-08-07", [sku_offer("GlobalStandard", "gpt-5", maximum=30)]),
        ),
        "CapacityOutOfRange",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "capacity not a multiple of the step",
        _offer_only(
            "uksouth",
            model_offer("gpt-5", "2025-08-07", [sku_offer("GlobalStandard", "gpt-5", minimum=25, step=25)]),
        ),
        "CapacityOutOfRange",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "quota too small",
        lambda f: f.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 980, 1000)),
        "InsufficientQuota",
        *SECONDARY_CHAT,
        "error",
    ),
    (
        "no quota listed under the usage name",
        lambda f: f.state.set_usages("uksouth", usage("OpenAI.Standard.gpt-5", 0, 1000)),
        "QuotaNotListed",
        *SECONDARY_CHAT,
        "warning",
    ),
    (
        "subdomain used by someone else",
        lambda f: f.state.taken_subdomains.add("contoso-dev-secondary"),
        "SubdomainTaken",
        "secondary",
        None,
        "error",
    ),
    (
        "subdomain held by another soft-deleted account of the subscription",
        lambda f: f.state.add_deleted_account(
            "westeurope", "rg-old", "old-aoai", subdomain="contoso-dev-secondary"
        ),
        "SubdomainHeldBySoftDeletedAccount",
        "secondary",
        None,
        "error",
    ),
    (
        "soft-deleted account of the same name",
        lambda f: f.state.add_deleted_account("uksouth", RG, "contoso-dev-secondary"),
        "SoftDeletedAccount",
        "secondary",
        None,
        "error",
    ),
    (
        "the account exists in another region",
        lambda f: f.state.add_account(RG, "contoso-dev-secondary", "westeurope"),
        "AccountRegionMismatch",
        "secondary",
        None,
        "error",
    ),
]


@pytest.mark.parametrize(
    ("plant", "code", "account", "deployment", "severity"),
    [case[1:] for case in FAILING],
    ids=[case[0] for case in FAILING],
)
def test_each_planted_problem_is_found_with_a_fix(
    fake_arm: FakeArm, plant: Plant, code: str, account: str | None, deployment: str | None, severity: str
) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    plant(fake_arm)
    findings, missing = preflight(fake_arm, data)
    assert missing == []
    assert codes(findings) == [(code, account, deployment)]
    (finding,) = findings
    assert finding.severity == severity
    assert finding.message and finding.fix and finding.region


def test_a_healthy_state_passes_every_check(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    findings, missing = preflight(fake_arm, data)
    assert (findings, missing) == ([], [])


def test_the_quota_message_says_the_numbers(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 980, 1000))
    (finding,) = preflight(fake_arm, data)[0]
    assert "needs 40" in finding.message and "only 20 of 1000 is free (980 in use)" in finding.message
    assert "aka.ms/oai/quotaincrease" in finding.fix


def test_quota_is_shared_by_the_accounts_of_one_region(fake_arm: FakeArm) -> None:
    def both_in_sweden(data: dict[str, Any]) -> None:
        data["accounts"]["secondary"]["location"] = "swedencentral"

    data = changed(both_in_sweden)
    seed_healthy(fake_arm, data)
    fake_arm.state.set_usages(
        "swedencentral",
        usage("OpenAI.GlobalStandard.gpt-5", 0, 80),  # 50 + 40 = 90 needed
        usage("OpenAI.Standard.text-embedding-3-large", 0, 1000),
    )
    (finding,) = preflight(fake_arm, data)[0]
    assert (finding.code, finding.account, finding.deployment) == ("InsufficientQuota", None, None)
    assert (
        "accounts.primary.deployments.chat (50) + accounts.secondary.deployments.chat (40)" in finding.message
    )


@pytest.mark.parametrize(("live_name", "expected"), [("chat", []), ("old-chat", ["InsufficientQuota"])])
def test_capacity_the_stacks_existing_deployment_holds_is_subtracted(
    fake_arm: FakeArm, live_name: str, expected: list[str]
) -> None:
    """Limit 60, 40 in use. If the 40 are held by the stack's own `chat` (to be updated to 50),
    only 10 more are needed: fits. If some other deployment holds them, 50 more: does not."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account(RG, "contoso-dev-primary", "swedencentral")
    fake_arm.state.add_deployment(
        RG,
        "contoso-dev-primary",
        live_name,
        model="gpt-5",
        version="2025-08-07",
        sku="GlobalStandard",
        capacity=40,
    )
    fake_arm.state.set_usages(
        "swedencentral",
        usage("OpenAI.GlobalStandard.gpt-5", 40, 60),
        usage("OpenAI.Standard.text-embedding-3-large", 0, 1000),
    )
    findings, _ = preflight(fake_arm, data)
    assert [f.code for f in findings] == expected


def test_quota_that_fits_exactly_is_enough(fake_arm: FakeArm) -> None:
    """uksouth's chat needs 40; 960 of 1000 in use leaves exactly 40: no finding. 961: one short."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 960, 1000))
    assert preflight(fake_arm, data) == ([], [])
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 961, 1000))
    assert [f.code for f in preflight(fake_arm, data)[0]] == ["InsufficientQuota"]


def test_capacity_held_in_another_quota_is_not_subtracted(fake_arm: FakeArm) -> None:
    """The stack's `chat` exists live as Standard gpt-5 (40): those 40 count against
    OpenAI.Standard.gpt-5, not the GlobalStandard quota the stack's chat (50) will draw from, which
    has 10 free. So 50 more are needed there, not 10."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account(RG, "contoso-dev-primary", "swedencentral")
    fake_arm.state.add_deployment(
        RG, "contoso-dev-primary", "chat", model="gpt-5", version="2025-08-07", sku="Standard", capacity=40
    )
    fake_arm.state.offer(
        "swedencentral", model_offer("gpt-5", "2025-08-07", [sku_offer("Standard", "gpt-5")])
    )
    fake_arm.state.set_usages(
        "swedencentral",
        usage("OpenAI.GlobalStandard.gpt-5", 50, 60),
        usage("OpenAI.Standard.gpt-5", 40, 1000),
        usage("OpenAI.Standard.text-embedding-3-large", 0, 1000),
    )
    findings, _ = preflight(fake_arm, data)
    assert [(f.code, f.account, f.deployment) for f in findings] == [("InsufficientQuota", "primary", "chat")]
    assert "so 50 more is needed but only 10 of 60 is free" in findings[0].message


def test_quota_uses_the_usage_name_the_models_api_gives(fake_arm: FakeArm) -> None:
    """The spec's example names gpt-4o's Standard quota OpenAI.Standard.GPT4o, not
    OpenAI.Standard.gpt-4o: the models API's usageName is what the usages API lists, so that is the
    one compared (a deployment the catalog no longer lists, checked live only)."""

    def gpt_4o_standard(data: dict[str, Any]) -> None:
        chat = data["accounts"]["secondary"]["deployments"]["chat"]
        chat.update(model="gpt-4o", version="2024-08-06", sku="Standard", skipCatalogCheck=True)

    data = changed(gpt_4o_standard)
    seed_healthy(fake_arm, data)
    fake_arm.state.models["uksouth"] = [
        model_offer(
            "gpt-4o", "2024-08-06", [sku_offer("Standard", "gpt-4o", usage_name="OpenAI.Standard.GPT4o")]
        )
    ]
    fake_arm.state.set_usages(
        "uksouth", usage("OpenAI.Standard.GPT4o", 0, 30), usage("OpenAI.Standard.gpt-4o", 0, 1000)
    )
    (finding,) = preflight(fake_arm, data)[0]
    assert finding.code == "InsufficientQuota" and "OpenAI.Standard.GPT4o" in finding.message


def test_a_subdomain_taken_by_the_account_itself_is_ours(fake_arm: FakeArm) -> None:
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account(RG, "contoso-dev-secondary", "uksouth")
    assert preflight(fake_arm, data)[0] == []


@pytest.mark.parametrize(
    ("deleted_in", "expected"),
    [
        ("uksouth", []),  # restore: true recovers it: fine
        ("westeurope", [("RestoreRegionMismatch", "error")]),
        (None, [("NothingToRestore", "warning")]),
    ],
)
def test_restore_true_against_the_soft_deleted_account(
    fake_arm: FakeArm, deleted_in: str | None, expected: list[tuple[str, str]]
) -> None:
    data = changed(lambda d: d["accounts"]["secondary"].update(restore=True))
    seed_healthy(fake_arm, data)
    if deleted_in:
        fake_arm.state.add_deleted_account(deleted_in, RG, "contoso-dev-secondary")
    findings, _ = preflight(fake_arm, data)
    assert [(f.code, f.severity) for f in findings] == expected


@pytest.mark.parametrize(("policy_exists", "expected"), [(True, []), (False, ["ContentFilterMissing"])])
def test_existing_content_filters_referenced_must_exist(
    fake_arm: FakeArm, policy_exists: bool, expected: list[str]
) -> None:
    def use_shared(data: dict[str, Any]) -> None:
        secondary = data["accounts"]["secondary"]
        secondary["existingContentFilters"] = ["shared-strict"]
        secondary["deployments"]["chat"]["contentFilter"] = "shared-strict"

    data = changed(use_shared)
    seed_healthy(fake_arm, data)
    fake_arm.state.add_account(RG, "contoso-dev-secondary", "uksouth")
    if policy_exists:
        fake_arm.state.add_rai_policy(RG, "contoso-dev-secondary", "shared-strict")
    assert [f.code for f in preflight(fake_arm, data)[0]] == expected


def test_an_existing_filter_on_an_account_not_created_yet_cannot_exist(fake_arm: FakeArm) -> None:
    def use_shared(data: dict[str, Any]) -> None:
        data["accounts"]["secondary"]["existingContentFilters"] = ["shared-strict"]
        data["accounts"]["secondary"]["deployments"]["chat"]["contentFilter"] = "shared-strict"

    data = changed(use_shared)
    seed_healthy(fake_arm, data)
    (finding,) = preflight(fake_arm, data)[0]
    assert finding.code == "ContentFilterMissing" and "does not exist yet" in finding.message


def test_every_planted_problem_at_once_is_found(fake_arm: FakeArm) -> None:
    """One run finds everything: nothing is hidden behind the first error."""
    data = stack_data()
    seed_healthy(fake_arm, data)
    fake_arm.state.set_usages("uksouth", usage("OpenAI.GlobalStandard.gpt-5", 990, 1000))
    fake_arm.state.models["swedencentral"] = [
        model_offer("gpt-5", "2025-08-07", [sku_offer("GlobalStandard", "gpt-5", maximum=20)]),
        model_offer("text-embedding-3-large", "1", [sku_offer("GlobalStandard", "text-embedding-3-large")]),
    ]
    fake_arm.state.taken_subdomains.add("contoso-dev-primary")
    fake_arm.state.add_deleted_account("uksouth", RG, "contoso-dev-secondary")
    assert codes(preflight(fake_arm, data)[0]) == [
        ("CapacityOutOfRange", "primary", "chat"),
        ("InsufficientQuota", "secondary", "chat"),
        ("SkuNotOffered", "primary", "embeddings"),
        ("SoftDeletedAccount", "secondary", None),
        ("SubdomainTaken", "primary", None),
    ]


# -- edge rules, on facts built directly --------------------------------------------------------


def _sku(**kw: Any) -> SkuOffer:
    base: dict[str, Any] = {
        "name": "ProvisionedManaged",
        "usage_name": None,
        "minimum": 15,
        "maximum": 1000,
        "step": 5,
        "allowed_values": (),
        "deprecation": None,
    }
    return SkuOffer(**{**base, **kw})


@pytest.mark.parametrize(
    ("capacity", "ok"), [(15, True), (20, True), (10, False), (17, False), (1005, False)]
)
def test_capacity_bounds(capacity: int, ok: bool) -> None:
    deployment = (
        parse(changed(lambda d: None))
        .accounts["primary"]
        .deployments["chat"]
        .model_copy(update={"capacity": capacity})
    )
    assert (list(_capacity(deployment, _sku())) == []) == ok


def test_capacity_allowed_values() -> None:
    deployment = parse(stack_data()).accounts["primary"].deployments["chat"]  # capacity 50
    assert list(_capacity(deployment, _sku(minimum=None, step=None, allowed_values=(100, 200))))
    assert not list(_capacity(deployment, _sku(minimum=None, step=None, allowed_values=(50, 100))))


@pytest.mark.parametrize(
    ("lifecycle", "days", "expected"),
    [
        ("GenerallyAvailable", 365, []),
        ("GenerallyAvailable", 89, ["ModelDeprecating"]),
        ("GenerallyAvailable", -1, ["ModelRetired"]),
        ("Deprecating", 200, ["ModelDeprecating"]),
        ("Deprecated", None, ["ModelRetired"]),
        ("Legacy", None, ["ModelDeprecating"]),
    ],
)
def test_lifecycle_rules(lifecycle: str, days: int | None, expected: list[str]) -> None:
    deployment = parse(stack_data()).accounts["primary"].deployments["chat"]
    when = NOW + datetime.timedelta(days=days) if days is not None else None
    offer = ModelOffer(
        "OpenAI", "OpenAI", "gpt-5", "2025-08-07", lifecycle, True, when, (), "gpt-4.1 2025-04-14"
    )
    findings = list(_lifecycle(NOW, deployment, offer, _sku(deprecation=None)))
    assert [f.code for f in findings] == expected
    if findings:
        assert "gpt-4.1 2025-04-14" in findings[0].fix
