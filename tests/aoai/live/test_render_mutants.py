"""render.py: the live report as people and machines read it (docs/live-checks.md), pinned line
by line where `make mutate` showed no test looked (issue 16). Reports built by hand."""

from __future__ import annotations

import json

import pytest

from aoai.live.findings import AccountState, Finding, NotChecked, Report
from aoai.live.render import print_report, summary

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def report(*findings: Finding, not_checked: tuple[NotChecked, ...] = (), **fields: object) -> Report:
    return Report("verify", "dev", SUBSCRIPTION, findings=list(findings), not_checked=list(not_checked),
                  **fields)  # type: ignore[arg-type]


ERROR = Finding("error", "CapacityDrift", "primary", "chat", "the capacity is 11", "Run it.", "swedencentral")
WARNING = Finding("warning", "QuotaNotListed", "primary", None, "no quota [listed]", "Check.")
INFO = Finding("info", "AutoUpgradeStatus", "primary", None, "scheduled", "Nothing.", "swedencentral")
UNREAD = NotChecked("region uksouth", "HTTP 503")


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (report(), "0 errors, 0 warnings"),
        (report(ERROR, WARNING), "1 error, 1 warning"),
        (report(ERROR, ERROR, WARNING, WARNING, INFO), "2 errors, 2 warnings, 1 note"),
        (report(INFO, INFO), "0 errors, 0 warnings, 2 notes"),
        (report(not_checked=(UNREAD, UNREAD)), "0 errors, 0 warnings, 2 not checked"),
    ],
)
def test_the_summary_counts(built: Report, expected: str) -> None:
    assert summary(built) == expected


def test_the_report_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    built = report(
        ERROR,
        WARNING,
        not_checked=(NotChecked("soft-deleted accounts", "HTTP 500", ("primary", "secondary")), UNREAD),
        checked=["primary", "secondary"],
        arm_requests=9,
        accounts=[
            AccountState("secondary", "OpenAI", "none", "no automatic upgrade reported"),
            AccountState("primary", "AIServices", "upgraded", "upgraded [from OpenAI]"),
        ],
    )
    print_report(built, as_json=False)
    assert capsys.readouterr().out.splitlines() == [
        "✗ error CapacityDrift accounts.primary.deployments.chat (swedencentral)",
        "    the capacity is 11",
        "    fix: Run it.",
        "! warning QuotaNotListed accounts.primary",
        "    no quota [listed]",  # markup-like text is shown as written
        "    fix: Check.",
        "? not checked soft-deleted accounts (accounts: primary, secondary)",
        "    HTTP 500",
        "? not checked region uksouth",
        "    HTTP 503",
        "checked: primary, secondary",
        "account primary: kind AIServices, upgraded [from OpenAI]",
        "account secondary: kind OpenAI, no automatic upgrade reported",
        f"✗ verify of stack dev (subscription {SUBSCRIPTION}): 1 error, 1 warning, 2 not checked; "
        "9 ARM requests",
    ]


def test_a_passing_report_and_one_with_errors_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    print_report(report(INFO), as_json=False, requests=False)
    assert capsys.readouterr().out.splitlines() == [
        "i info AutoUpgradeStatus accounts.primary (swedencentral)",
        "    scheduled",
        "    fix: Nothing.",
        "checked: nothing",
        f"✓ verify of stack dev (subscription {SUBSCRIPTION}): 0 errors, 0 warnings, 1 note",
    ]
    print_report(report(ERROR), as_json=False)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"✗ verify of stack dev (subscription {SUBSCRIPTION}): 1 error, 0 warnings; 0 ARM requests"
    # Incomplete without errors: neither passed nor failed.
    print_report(report(WARNING, not_checked=(UNREAD,)), as_json=False)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (
        f"? verify of stack dev (subscription {SUBSCRIPTION}): 0 errors, 1 warning, 1 not checked; "
        "0 ARM requests"
    )


def test_the_report_for_machines_is_its_json(capsys: pytest.CaptureFixture[str]) -> None:
    built = report(ERROR, not_checked=(UNREAD,), arm_requests=3)
    print_report(built, as_json=True)
    assert json.loads(capsys.readouterr().out) == built.as_json()


def test_long_lines_are_never_broken(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI log or a pipe gets each line whole, however narrow the console thinks it is: a line
    broken by the console would split a message a script greps for."""
    from aoai.console import out

    monkeypatch.setattr(out, "_width", 40)  # the console's own width, restored afterwards
    long = " ".join(["word"] * 30)
    item = Finding("error", "CapacityDrift", "primary", "chat-" + "x" * 40, long, long, "swedencentral")
    built = report(
        item,
        not_checked=(NotChecked("region " + "y" * 50, long, ("a" * 30, "b" * 30)),),
        checked=["c" * 30, "d" * 30],
        accounts=[AccountState("primary", "OpenAI", "none", long)],
    )
    print_report(built, as_json=False)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8
    assert lines[0] == f"✗ error CapacityDrift accounts.primary.deployments.chat-{'x' * 40} (swedencentral)"
    assert lines[1:3] == [f"    {long}", f"    fix: {long}"]
    assert lines[3] == f"? not checked region {'y' * 50} (accounts: {'a' * 30}, {'b' * 30})"
    assert lines[4] == f"    {long}"
    assert lines[5] == f"checked: {'c' * 30}, {'d' * 30}"
    assert lines[6] == f"account primary: kind OpenAI, {long}"
    assert lines[7] == (
        f"✗ verify of stack dev (subscription {SUBSCRIPTION}): 1 error, 0 warnings, 1 not checked; "
        "0 ARM requests"
    )
