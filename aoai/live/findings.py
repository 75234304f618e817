"""Findings of the live checks and the report they make: one shape for preflight and verify."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..exit_codes import ExitCode
from .codes import CODES


def deploy_command(stack: str) -> str:
    """The `pulumi up` a fix names. Always with --refresh: ignore_changes keeps the value recorded
    in the state (an account Azure upgraded to AIServices would be sent kind OpenAI again), and
    drift not yet refreshed into the state is no difference to Pulumi, so it would not be repaired."""
    return f"pulumi up --refresh -s {stack}"


# info: worth knowing, never a problem (an account's upgrade status); not counted in the exit code.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One problem: how bad, a stable code, where (account key / deployment name), what, the fix."""

    severity: Severity
    code: str
    account: str | None
    deployment: str | None
    message: str
    fix: str
    region: str | None = None

    def __post_init__(self) -> None:
        code = CODES.get(self.code)
        if code is None or code.severity != self.severity:
            raise ValueError(
                f"finding code {self.code!r} ({self.severity}) is not documented in aoai/live/codes.py"
            )

    def at(self, account: str, deployment: str | None, region: str) -> Finding:
        """This finding, placed: checks of one deployment leave the place to their caller."""
        return replace(self, account=account, deployment=deployment, region=region)

    @property
    def where(self) -> str:
        if self.account is None:
            return "stack"
        where = f"accounts.{self.account}"
        return f"{where}.deployments.{self.deployment}" if self.deployment else where

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "account": self.account,
            "deployment": self.deployment,
            "region": self.region,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class AccountState:
    """What an account is in Azure: its kind and where it stands with the upgrade to Foundry."""

    key: str
    kind: str | None
    upgrade_status: str
    upgrade: str  # the status in words

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "upgradeStatus": self.upgrade_status, "upgrade": self.upgrade}


@dataclass(frozen=True)
class NotChecked:
    """A part of the stack the run could not check, and why. Never counted as passed."""

    scope: str  # "region swedencentral", "account primary", "soft-deleted accounts"
    reason: str
    accounts: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "reason": self.reason, "accounts": list(self.accounts)}


@dataclass
class Report:
    command: str
    stack: str
    subscription: str
    findings: list[Finding] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # regions (preflight) or accounts (verify)
    arm_requests: int = 0
    accounts: list[AccountState] = field(default_factory=list)  # the existing accounts read

    def __post_init__(self) -> None:
        self.sort()

    def sort(self) -> None:
        order = {"error": 0, "warning": 1, "info": 2}
        self.findings.sort(key=lambda f: (order[f.severity], f.account or "", f.deployment or "", f.code))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    @property
    def exit_code(self) -> ExitCode:
        """3 when anything could not be checked (the result is incomplete), 1 on errors, else 0."""
        if self.not_checked:
            return ExitCode.AZURE
        if self.errors:
            return ExitCode.PROBLEMS
        return ExitCode.OK

    def as_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "stack": self.stack,
            "subscription": self.subscription,
            "ok": self.exit_code == ExitCode.OK,
            "exitCode": int(self.exit_code),
            "checked": self.checked,
            "notChecked": [n.as_json() for n in self.not_checked],
            "findings": [f.as_json() for f in self.findings],
            "accounts": {a.key: a.as_json() for a in sorted(self.accounts, key=lambda a: a.key)},
            "armRequests": self.arm_requests,
        }
