"""`aoai plan --policy` (policy.py) without planning a stack: which rules file runs (the
project's policy/aoai_rules.py, else the toolkit's), the pack config file's refusals, the
rules' view of each registration (secrets unwrapped: the rules judge what is deployed), and the
report of hand-made rule results in text and JSON as docs/policy.md shows them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.rpc import wrap_rpc_secret

from aoai.exit_codes import AoaiError
from aoai.offline.mocks import Registration
from aoai.offline.policy import (
    PolicyReport,
    check_policies,
    load_rules,
    read_pack_config,
    rules_path,
    unwrap_secrets,
    views_of,
)
from aoai.offline.runner import ProgramRun
from tests.conftest import write_project_file

ACCOUNT = "azure-native:cognitiveservices:Account"


def test_unwrap_secrets_reaches_every_level() -> None:
    value = {"a": wrap_rpc_secret({"b": [wrap_rpc_secret("x"), 1]}), "c": [wrap_rpc_secret(2)], "d": "e"}
    assert unwrap_secrets(value) == {"a": {"b": ["x", 1]}, "c": [2], "d": "e"}


def registration(urn: str, type_: str, **more: Any) -> Registration:
    fields: dict[str, Any] = {
        "urn": urn,
        "type": type_,
        "name": urn.removeprefix("urn:"),
        "parent": "",
        "custom": True,
        "inputs": {},
        "dependencies": [],
        "property_dependencies": {},
        "protect": False,
    }
    return Registration(**{**fields, **more})


def test_each_registration_becomes_a_resource_view() -> None:
    run = ProgramRun(
        "dev",
        [
            registration(
                "urn:a",
                ACCOUNT,
                inputs={"kind": wrap_rpc_secret("OpenAI")},
                protect=True,
                property_dependencies={"x": ["urn:g"]},
            )
        ],
    )
    (view,) = views_of(run)
    assert (view.type, view.name, view.urn, view.inputs, view.protect, view.property_dependencies) == (
        ACCOUNT,
        "a",
        "urn:a",
        {"kind": "OpenAI"},
        True,
        {"x": ["urn:g"]},
    )


def test_the_projects_own_rules_file_runs_once_there_else_the_toolkits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AOAI_PROJECT_DIR", raising=False)
    monkeypatch.delitem(sys.modules, "aoai_rules", raising=False)  # restored when the test ends
    write_project_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    shipped = rules_path()
    assert shipped.name == "aoai_rules.py" and shipped.parent != tmp_path / "policy"
    assert not hasattr(load_rules(), "MARK")  # the toolkit's, loaded first
    own = tmp_path / "policy" / "aoai_rules.py"
    own.parent.mkdir()
    own.write_text("MARK = 'own'\n")
    assert rules_path() == own.resolve()
    loaded = load_rules()
    assert loaded.MARK == "own"
    assert load_rules() is loaded  # once per path


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "pack.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", ": not valid JSON: line 1: Expecting property name enclosed in double quotes"),
        ("[1]", ": the policy config is a JSON object keyed by policy name"),
        ("[" * 100_000 + "]" * 100_000, ": not a policy config: nested too deeply"),
        ('{"no-such-rule": "advisory"}', ": no-such-rule: no such policy (policies: "),
        (b"\xff\xfe", ": cannot read the policy config: "),
    ],
)
def test_a_bad_pack_config_names_the_file(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(AoaiError) as caught:
        read_pack_config(path)
    assert str(caught.value).startswith(f"{path}{message}")


def test_a_pack_config_sets_levels_and_none_gives_the_defaults(tmp_path: Path) -> None:
    config = read_pack_config(write(tmp_path, '{"all": "disabled"}'))
    assert set(config.levels.values()) == {load_rules().Level.DISABLED}
    assert read_pack_config(None).levels == {}


def test_check_policies_judges_the_run_with_the_config(tmp_path: Path) -> None:
    run = ProgramRun(
        "prod", [registration("urn:a", ACCOUNT, protect=True), registration("urn:c", "aoai:x:Y")]
    )
    report = check_policies(run, write(tmp_path, '{"all": "disabled"}'))
    assert (report.stack, report.protected, report.names) == ("prod", True, {"urn:a": "a", "urn:c": "c"})
    assert report.results and {PolicyReport.status(r) for r in report.results} == {"disabled"}
    unprotected = check_policies(ProgramRun("dev", [registration("urn:a", ACCOUNT)]))
    assert not unprotected.protected
    assert "violated" in {PolicyReport.status(r) for r in unprotected.results}  # the defaults apply


def report(protected: bool = True, mandatory_findings: int = 1) -> PolicyReport:
    rules = load_rules()

    def rule(name: str, scope: Any = rules.Scope.ALL) -> Any:
        return rules.Rule(
            name=name,
            description=f"{name} described.",
            level=rules.Level.MANDATORY,
            scope=scope,
            remediation="fix",
        )

    found = [rules.Finding("acct: public network access is Enabled", "urn:a")] * mandatory_findings
    results = [
        rules.RuleResult(rule("m-rule"), rules.Level.MANDATORY, found, True),
        rules.RuleResult(
            rule("a-rule", rules.Scope.PROTECTED),
            rules.Level.ADVISORY,
            [rules.Finding("stack: no diagnostics"), rules.Finding("x", "urn:gone")],
            True,
        ),
        rules.RuleResult(rule("p-rule"), rules.Level.MANDATORY, [], True),
        rules.RuleResult(rule("n-rule", rules.Scope.UNPROTECTED), rules.Level.ADVISORY, [], False),
        rules.RuleResult(rule("d-rule"), rules.Level.DISABLED, [], False),
    ]
    return PolicyReport("prod", protected, results, {"urn:a": "acct"})


def test_the_report_as_text_with_its_colours() -> None:
    text = report().render()
    assert text.plain == (
        "policy pack over stack prod (protected)\n"
        "✗ m-rule [mandatory]\n"
        "    acct: public network access is Enabled\n"
        "! a-rule [advisory]\n"
        "    stack: no diagnostics\n"
        "    x\n"
        "✓ p-rule [mandatory]\n"
        "- n-rule [advisory]  (applies to unprotected stacks)\n"
        "- d-rule [disabled]  (disabled by the policy config)\n"
        "1 mandatory, 2 advisory violation(s)"
    )
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles["✗ "] == "red" and styles["! "] == "yellow" and styles["✓ "] == "green"
    assert styles["m-rule [mandatory]"] == "bold" and "p-rule [mandatory]" not in styles  # bold if violated
    assert styles["policy pack over stack prod (protected)\n"] == "bold"
    assert styles["- "] == "dim"
    assert styles["  (applies to unprotected stacks)"] == "dim"
    assert styles["  (disabled by the policy config)"] == "dim"
    assert styles["1 mandatory, 2 advisory violation(s)"] == "red"
    clean = report(protected=False, mandatory_findings=0).render()
    assert clean.plain.startswith("policy pack over stack prod (unprotected)\n")
    assert clean.plain.endswith("0 mandatory, 2 advisory violation(s)")
    assert {clean.plain[s.start : s.end]: str(s.style) for s in clean.spans}[
        "0 mandatory, 2 advisory violation(s)"
    ] == "green"


def test_the_report_as_json() -> None:
    assert report().failed and not report(mandatory_findings=0).failed
    assert report(mandatory_findings=2).violations("mandatory") == 2
    assert report().as_json() == {
        "stack": "prod",
        "protected": True,
        "mandatoryViolations": 1,
        "advisoryViolations": 2,
        "policies": [
            {
                "name": "m-rule",
                "level": "mandatory",
                "scope": "all stacks",
                "description": "m-rule described.",
                "status": "violated",
                "violations": [
                    {"resource": "acct", "urn": "urn:a", "message": "acct: public network access is Enabled"}
                ],
            },
            {
                "name": "a-rule",
                "level": "advisory",
                "scope": "protected stacks",
                "description": "a-rule described.",
                "status": "violated",
                "violations": [
                    {"resource": "", "urn": None, "message": "stack: no diagnostics"},
                    {"resource": "", "urn": "urn:gone", "message": "x"},
                ],
            },
            {
                "name": "p-rule",
                "level": "mandatory",
                "scope": "all stacks",
                "description": "p-rule described.",
                "status": "passed",
                "violations": [],
            },
            {
                "name": "n-rule",
                "level": "advisory",
                "scope": "unprotected stacks",
                "description": "n-rule described.",
                "status": "not-applicable",
                "violations": [],
            },
            {
                "name": "d-rule",
                "level": "disabled",
                "scope": "all stacks",
                "description": "d-rule described.",
                "status": "disabled",
                "violations": [],
            },
        ],
    }
