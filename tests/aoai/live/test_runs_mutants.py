"""runs.py: the report of a live command over several stacks, where `make mutate` showed no test
looked (issue 16). The stacks' reports are built here by hand (findings of documented codes, parts
not checked); the totals, groups, exit codes and words expected are written from the module's
rules (its docstring: the worst stack's exit code, 3 over 2 over 1 over 0), not computed by it."""

from __future__ import annotations

from typing import Any

import pytest

from aoai.console import out
from aoai.exit_codes import ExitCode
from aoai.live.findings import Finding, NotChecked, Report
from aoai.live.runs import RunReport, StackResult, print_run

SUB_A = "5b0f1c4e-8d2a-4c1e-9f3a-2d7b6e8a9c01"
SUB_B = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


def error(code: str = "InsufficientQuota") -> Finding:
    return Finding("error", code, "primary", "chat", "not enough quota", "ask for more", "uksouth")


def warning() -> Finding:
    return Finding("warning", "ModelDeprecating", "primary", "chat", "retires soon", "move on")


def note() -> Finding:
    return Finding("info", "AutoUpgradeStatus", "primary", None, "not scheduled", "nothing")


def report(stack: str, subscription: str, *findings: Finding, not_checked: int = 0) -> Report:
    gaps = [NotChecked(f"region r{i}", "throttled") for i in range(not_checked)]
    return Report("preflight", stack, subscription, list(findings), gaps, ["swedencentral"], 7)


def checked(stack: str, subscription: str, *findings: Finding, not_checked: int = 0) -> StackResult:
    return StackResult(
        stack, f"stacks/Pulumi.{stack}.yaml", subscription,
        report=report(stack, subscription, *findings, not_checked=not_checked),
    )


def failed(stack: str, subscription: str | None, why: str, code: ExitCode) -> StackResult:
    return StackResult(stack, f"stacks/Pulumi.{stack}.yaml", subscription, error=why, error_code=code)


def a_run() -> RunReport:
    """Six stacks over two subscriptions and none: one of each outcome."""
    return RunReport(
        "preflight",
        [
            checked("ok-a", SUB_A, warning(), note()),
            checked("errors-a", SUB_A, error(), error("CapacityOutOfRange"), warning()),
            failed("invalid", None, "capacity: must be a positive integer (got 0)", ExitCode.INVALID),
            checked("partial-b", SUB_B, note(), not_checked=2),
            failed("denied-b", SUB_B, "not authorized: 403 AuthorizationFailed: no", ExitCode.AZURE),
            checked("ok-b", SUB_B),
        ],
        {SUB_A: 11, SUB_B: 4},
    )


def test_a_stack_not_checked_has_its_error_s_code_and_invalid_by_default() -> None:
    assert failed("x", None, "no", ExitCode.AZURE).exit_code == ExitCode.AZURE
    assert StackResult("x", "p", None, error="no").exit_code == ExitCode.INVALID
    assert checked("x", SUB_A, error()).exit_code == ExitCode.PROBLEMS
    assert checked("x", SUB_A, warning()).exit_code == ExitCode.OK


@pytest.mark.parametrize(
    ("results", "code"),
    [
        ([], 0),
        ([checked("a", SUB_A), checked("b", SUB_A, warning())], 0),
        ([checked("a", SUB_A), checked("b", SUB_A, error())], 1),
        ([checked("a", SUB_A, error()), failed("b", None, "bad", ExitCode.INVALID)], 2),
        ([failed("b", None, "bad", ExitCode.INVALID), checked("a", SUB_A, not_checked=1)], 3),
        ([checked("a", SUB_A, error()), failed("b", SUB_A, "403", ExitCode.AZURE)], 3),
    ],
)
def test_the_run_exits_with_the_worst_stack_s_code(results: list[StackResult], code: int) -> None:
    assert RunReport("verify", results).exit_code == code


def test_stacks_are_grouped_per_subscription_in_order_of_first_appearance() -> None:
    run = RunReport(
        "verify",
        [checked("1", SUB_B), failed("2", None, "x", ExitCode.INVALID), checked("3", SUB_A),
         checked("4", SUB_B), failed("5", None, "y", ExitCode.INVALID)],
    )
    assert [(s, [r.name for r in rs]) for s, rs in run.groups()] == [
        (SUB_B, ["1", "4"]),
        (None, ["2", "5"]),
        (SUB_A, ["3"]),
    ]


def test_the_totals_count_each_outcome_once() -> None:
    assert a_run().totals() == {
        "stacks": 6,
        "subscriptions": 2,  # stacks with no subscription are not one
        "ok": 2,  # ok-a (a warning and a note do not fail it) and ok-b
        "withErrors": 1,
        "notFullyChecked": 2,  # partial-b, and denied-b which was not checked at all
        "invalid": 1,
        "errors": 2,
        "warnings": 2,
        "notes": 2,
        "armRequests": 15,
    }


def test_an_empty_run_totals_nothing() -> None:
    assert RunReport("verify", []).totals() == {
        "stacks": 0, "subscriptions": 0, "ok": 0, "withErrors": 0, "notFullyChecked": 0, "invalid": 0,
        "errors": 0, "warnings": 0, "notes": 0, "armRequests": 0,
    }


def test_the_json_report_per_subscription_and_per_stack() -> None:
    data = a_run().as_json()
    assert data["command"] == "preflight" and data["exitCode"] == 3
    assert data["total"]["stacks"] == 6
    assert data["subscriptions"] == [
        {"subscription": SUB_A, "stacks": ["ok-a", "errors-a"], "armRequests": 11},
        {"subscription": None, "stacks": ["invalid"], "armRequests": 0},
        {"subscription": SUB_B, "stacks": ["partial-b", "denied-b", "ok-b"], "armRequests": 4},
    ]
    stacks: list[dict[str, Any]] = data["stacks"]
    assert [s["stack"] for s in stacks] == ["ok-a", "errors-a", "invalid", "partial-b", "denied-b", "ok-b"]
    assert stacks[2] == {
        "command": "preflight",
        "stack": "invalid",
        "path": "stacks/Pulumi.invalid.yaml",
        "subscription": None,
        "ok": False,
        "exitCode": 2,
        "error": "capacity: must be a positive integer (got 0)",
    }
    assert stacks[4]["exitCode"] == 3 and stacks[4]["subscription"] == SUB_B
    # A checked stack: its own report, its path, and no request count (counted per subscription).
    first = stacks[0]
    assert "armRequests" not in first
    assert (first["path"], first["stack"], first["subscription"], first["exitCode"], first["ok"]) == (
        "stacks/Pulumi.ok-a.yaml", "ok-a", SUB_A, 0, True,
    )
    assert [f["code"] for f in first["findings"]] == ["ModelDeprecating", "AutoUpgradeStatus"]
    assert stacks[1]["exitCode"] == 1 and stacks[1]["ok"] is False


def test_a_subscription_without_a_request_count_reports_none() -> None:
    run = RunReport("verify", [checked("a", SUB_A)], {})
    assert run.as_json()["subscriptions"] == [{"subscription": SUB_A, "stacks": ["a"], "armRequests": 0}]


def printed(run: RunReport, as_json: bool) -> str:
    with out.capture() as captured:
        print_run(run, as_json)
    return captured.get()


def test_the_json_printout_is_the_run_s_json() -> None:
    import json

    assert json.loads(printed(a_run(), as_json=True)) == a_run().as_json()


def test_the_text_report_per_subscription_per_stack_and_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out, "width", 200)
    run = a_run()
    run.results[2].error = "capacity [bold]0[/] is not a positive integer"  # markup shown as written
    text = printed(run, as_json=False)
    lines = text.splitlines()
    assert f"── subscription {SUB_A}: 2 stack(s), 11 ARM requests" in lines
    assert f"── subscription {SUB_B}: 3 stack(s), 4 ARM requests" in lines
    assert "── no subscription: 1 stack(s)" in lines
    assert "✗ preflight of stack invalid: capacity [bold]0[/] is not a positive integer" in lines
    assert "✗ preflight of stack denied-b: not authorized: 403 AuthorizationFailed: no" in lines
    # Each checked stack's own report, without its request count.
    assert f"✗ preflight of stack errors-a (subscription {SUB_A}): 2 errors, 1 warning" in lines
    partial = f"? preflight of stack partial-b (subscription {SUB_B}): 0 errors, 0 warnings, 1 note, 2 not"
    assert f"{partial} checked" in lines
    assert "preflight, per stack" in text
    rows = {line.split()[0]: line.split() for line in lines if line.strip().startswith(
        ("ok-a ", "errors-a ", "invalid ", "denied-b ", "ok-b "))}
    assert rows["invalid"][1:] == ["-", "not", "checked:", "see", "above", "2"]
    assert rows["denied-b"][1:] == [SUB_B, "not", "checked:", "see", "above", "3"]
    assert rows["errors-a"][1:] == [SUB_A, "2", "errors,", "1", "warning", "1"]
    assert rows["ok-b"][1:] == [SUB_B, "0", "errors,", "0", "warnings", "0"]
    assert lines[-1] == (
        "preflight of 6 stack(s) in 2 subscription(s): 2 ok, 1 with errors, 2 not fully checked, "
        "1 invalid; 15 ARM requests; exit code 3"
    )
    # The groups in order: subscription A's stacks, then the stack without one, then B's.
    heads = [line for line in lines if line.startswith("── ")]
    assert [h.split(":")[0] for h in heads] == [
        f"── subscription {SUB_A}", "── no subscription", f"── subscription {SUB_B}",
    ]
    stacks = [line.split(" of stack ")[1] for line in lines if " of stack " in line]
    assert [s.split(":")[0].split(" (")[0] for s in stacks] == [
        "ok-a", "errors-a", "invalid", "partial-b", "denied-b", "ok-b",
    ]


def test_a_subscription_none_of_whose_stacks_was_read_has_made_no_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A subscription whose reads were refused (no access) has no request count: 0, not a guess."""
    monkeypatch.setattr(out, "width", 200)
    run = RunReport("verify", [failed("denied", SUB_B, "not authorized: 403", ExitCode.AZURE)], {})
    assert f"── subscription {SUB_B}: 1 stack(s), 0 ARM requests" in printed(run, as_json=False).splitlines()


def test_the_table_has_a_left_title_named_columns_and_a_rule_under_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(out, "width", 200)
    lines = [line.rstrip() for line in printed(a_run(), as_json=False).splitlines()]
    title = lines.index("preflight, per stack")  # left-justified: nothing before it
    header = next(line for line in lines[title + 1:] if line)
    assert header.split() == ["stack", "subscription", "result", "exit"]
    rule = lines[lines.index(header) + 1].strip()
    assert rule and set(rule) == {"─"}


def test_at_a_narrow_width_nothing_in_the_table_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names and subscription ids are folded onto more lines, never cut short with an ellipsis."""
    monkeypatch.setattr(out, "width", 48)
    text = printed(a_run(), as_json=False)
    lines = text[text.index("preflight, per stack"):].splitlines()
    assert "…" not in "".join(lines)
    first = next(i for i, line in enumerate(lines) if line.startswith("  ok-a "))
    then = next(i for i, line in enumerate(lines) if line.startswith("  errors-a "))
    # ok-a's subscription, folded down its column: the second cell of its first line, then the
    # first of each line after it (the stack cell is empty there).
    pieces = [lines[first].split()[1]] + [line.split()[0] for line in lines[first + 1:then]]
    assert "".join(pieces) == SUB_A
