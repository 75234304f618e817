"""A stack and the fake Azure state it meets: healthy by default, each test plants one problem."""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aoai.live.client import LiveSession, open_session
from aoai.live.facts import PreflightFacts
from aoai.live.findings import Finding, NotChecked
from aoai.live.preflight_checks import preflight_findings
from aoai.live.settings import ConnectionSettings, Limits, resolve_settings
from aoai.live.subscription import StackInRun, preflight_facts, read_for_preflight
from azure_openai_toolkit.config import StackConfig
from azure_openai_toolkit.resolve import resolve_stack
from tests.conftest import FIXTURES, base_config, parse
from tests.fake_arm import FakeArm, model_offer, sku_offer, usage

RG = "rg-contoso-openai-dev"
NOW = datetime.datetime.now(datetime.UTC)


def stack_data() -> dict[str, Any]:
    """tests/conftest's base stack grown to two accounts in two regions: primary (swedencentral)
    with chat (gpt-5 GlobalStandard 50, content filter strict) and embeddings, secondary
    (uksouth) with chat (40)."""
    data = base_config()
    primary = data["accounts"]["primary"]
    chat = primary["deployments"]["chat"]
    data["accounts"]["secondary"] = {"location": "uksouth", "deployments": {"chat": {**chat, "capacity": 40}}}
    primary["location"] = "swedencentral"
    primary["contentFilters"] = {"strict": {}}
    chat.update(capacity=50, contentFilter="strict")
    primary["deployments"]["embeddings"] = {
        "model": "text-embedding-3-large",
        "version": "1",
        "sku": "Standard",
        "capacity": 30,
    }
    return data


def changed(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(stack_data())
    change(data)
    return data


def seed_healthy(fake: FakeArm, data: dict[str, Any]) -> None:
    """Offer every deployment's model, version and SKU in its region, with plenty of quota, and
    kind OpenAI and AIServices / S0 accounts in those regions (the subscription's SKU list).

    Read from the stack data as written (an account without a location is in the stack's), not
    through the product's parsing, so a wrong derivation there cannot hide in the seed."""
    offers: dict[str, dict[tuple[str, str], set[str]]] = {}
    for account in data["accounts"].values():
        region = account.get("location", data["location"]).lower()
        for d in account.get("deployments", {}).values():
            offers.setdefault(region, {}).setdefault((d["model"], str(d["version"])), set()).add(d["sku"])
    for region, models in offers.items():
        for (model, version), skus in sorted(models.items()):
            fake.state.offer(region, model_offer(model, version, [sku_offer(s, model) for s in sorted(skus)]))
        names = sorted({f"OpenAI.{s}.{m}" for (m, _), skus in models.items() for s in skus})
        fake.state.set_usages(region, *(usage(n, 0, 1000) for n in names))
    for kind in ("OpenAI", "AIServices"):
        listed = {item["locations"][0].lower() for item in fake.state.resource_skus if item["kind"] == kind}
        fake.state.list_account_skus(*sorted(set(offers) - listed), kind=kind)


def write_stack(folder: Path, data: dict[str, Any], name: str = "dev") -> Path:
    """A stack file of the azure-openai: config (JSON is YAML)."""
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text(json.dumps({"config": {f"azure-openai:{k}": v for k, v in data.items()}}, indent=2))
    return path


def settings_for(fake: FakeArm, **limits: Any) -> ConnectionSettings:
    """Settings as the CLI resolves them, from the environment the fake_arm fixture set."""
    base = {"retries": 2, "retry_backoff": 0.01, "timeout": 30.0, "request_timeout": 10.0}
    return resolve_settings(
        subscription=fake.subscription_id, arm_endpoint=fake.url, limits=Limits(**{**base, **limits})
    )


def read_one_stack(
    session: LiveSession, config: StackConfig, locations: dict[str, str]
) -> tuple[PreflightFacts, list[NotChecked]]:
    """Preflight's reads and facts for one stack, as `aoai preflight` makes them for a run of one."""
    stack = StackInRun("", config, locations)
    return preflight_facts(stack, read_for_preflight(session, [stack]))


def gather(
    fake: FakeArm, data: dict[str, Any], **limits: Any
) -> tuple[StackConfig, dict[str, str], PreflightFacts, list[NotChecked]]:
    config = parse(data)
    locations = resolve_stack(config, "test").locations
    with open_session(settings_for(fake, **limits)) as session:
        facts, missing = read_one_stack(session, config, locations)
    return config, locations, facts, missing


def preflight(fake: FakeArm, data: dict[str, Any], **limits: Any) -> tuple[list[Finding], list[NotChecked]]:
    """Preflight through the real client against the fake: (findings, not checked)."""
    config, locations, facts, missing = gather(fake, data, **limits)
    return preflight_findings(config, locations, facts, NOW), missing


def codes(findings: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.account, f.deployment) for f in findings)


def seed_deployed(fake: FakeArm, *, renamed: tuple[str, str] | None = None) -> None:
    """Azure as it answers after pulumi up of stack_data(): the literal ARM bodies of
    tests/fixtures/live-arm/deployed-dev.json (accounts contoso-dev-primary in swedencentral and
    contoso-dev-secondary in uksouth, their content filters and deployments). They are written from
    the naming rules, not derived by the code under test, so a wrong derivation shows as drift.
    `renamed` (old, new) renames the accounts for a stack of another name prefix."""
    text = (FIXTURES / "live-arm" / "deployed-dev.json").read_text()
    if renamed is not None:
        text = text.replace(*renamed)
    fake.state.load(json.loads(text))
