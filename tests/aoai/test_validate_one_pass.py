"""`aoai validate` reports every problem of a file in one run, in a stable order.

The file below has eight different mistakes: a misspelt namespace (the reader), an unknown key,
a bad value, a rule of a nested model, a rule of an account, two rules of the stack (a subdomain
used twice, API keys on a protected stack) and a model the catalog does not know. Fixing one
must never reveal another: all eight come out of the first run.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aoai.cli import app

runner = CliRunner()

EIGHT_MISTAKES = """\
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: prod
  azure-openai:location: swedencentral
  azure_openai:protect: false
  azure-openai:accounts:
    primary:
      colour: blue
      customSubdomain: contoso-shared
      allowedFqdns: [api.contoso.com]
      networkAcls: {defaultAction: Allow, ipRules: [203.0.113.0/24]}
      deployments:
        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 0}
    secondary:
      customSubdomain: contoso-shared
      localAuth: true
      deployments:
        chat: {model: gpt-9, version: "2025-08-07", sku: GlobalStandard, capacity: 10}
"""

# (where, a fragment of what), in the order reported: by key path.
EXPECTED = [
    ("azure-openai:accounts.primary.allowedFqdns", "only apply with restrictOutboundNetworkAccess: true"),
    ("azure-openai:accounts.primary.colour", "unknown key 'colour'"),
    ("azure-openai:accounts.primary.deployments.chat.capacity", "must be a positive integer (got 0)"),
    ("azure-openai:accounts.primary.networkAcls.defaultAction", "with Allow every network gets in"),
    ("azure-openai:accounts.secondary.customSubdomain", "'contoso-shared' is also used by accounts.primary"),
    ("azure-openai:accounts.secondary.deployments.chat.model", "model 'gpt-9' is not in the catalog"),
    ("azure-openai:accounts.secondary.localAuth", "API keys on a protected stack"),
    ("azure_openai:protect", "unknown namespace 'azure_openai'; did you mean 'azure-openai:protect'?"),
]


def problems(path: Path) -> list[tuple[str, str, int | None]]:
    result = runner.invoke(app, ["validate", "--stack", str(path), "--json"])
    assert result.exit_code == 2, result.output
    (report,) = json.loads(result.stdout)["stacks"]
    return [(p["path"], p["message"], p["line"]) for p in report["problems"]]


def test_eight_mistakes_are_all_reported_in_the_first_run(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.eight.yaml"
    path.write_text(EIGHT_MISTAKES)
    found = problems(path)
    assert [
        (where, fragment in message)
        for (where, message, _), (_, fragment) in zip(found, EXPECTED, strict=True)
    ] == [(where, True) for where, _ in EXPECTED]
    assert [line for _, _, line in found] == [10, 8, 13, 11, 15, 18, 16, 5]
    assert problems(path) == found  # and the same again


def test_the_order_does_not_depend_on_the_order_of_the_file(tmp_path: Path) -> None:
    head, accounts = EIGHT_MISTAKES.split("  azure-openai:accounts:\n")
    primary, secondary = accounts.split("    secondary:\n")
    swapped = tmp_path / "Pulumi.swapped.yaml"
    swapped.write_text(f"{head}  azure-openai:accounts:\n    secondary:\n{secondary}{primary}")
    original = tmp_path / "Pulumi.eight.yaml"
    original.write_text(EIGHT_MISTAKES)
    # The subdomain is reported on whichever account comes second; everything else is identical.
    assert [w for w, _, _ in problems(swapped) if "customSubdomain" not in w] == [
        w for w, _, _ in problems(original) if "customSubdomain" not in w
    ]


def test_an_allow_list_of_everyone_is_a_warning_on_an_unprotected_stack(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(
        "config:\n  azure-openai:namePrefix: contoso\n  azure-openai:environment: dev\n"
        "  azure-openai:location: swedencentral\n  azure-openai:accounts:\n    primary:\n"
        "      networkAcls: {ipRules: [0.0.0.0/1, 128.0.0.0/1]}\n      deployments:\n"
        '        chat: {model: gpt-5, version: "2025-08-07", sku: GlobalStandard, capacity: 10}\n'
    )
    result = runner.invoke(app, ["validate", "--stack", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: azure-openai:accounts.primary.networkAcls.ipRules: these rules together let every "
        "public IPv4 address in" in result.stdout
    )
