"""Latency and faults the fake injects per route (operationId, or "Token" for Entra ID's token
endpoint), optionally per path parameter."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# status: ARM's error envelope; entra: an OAuth error of Entra ID's token endpoint (error,
# error_description "AADSTS<n>: ...", error_codes); text: a plain-text body (no JSON at all);
# null: 200 with the JSON null.
FaultKind = Literal["status", "drop", "malformed", "entra", "text", "null"]


@dataclass(frozen=True)
class Fault:
    """One injected failure. Build with the class methods; `times` is how often it fires."""

    kind: FaultKind
    status: int = 0
    code: str = ""
    message: str = ""
    retry_after: str | None = None

    @classmethod
    def throttled(cls, retry_after: str = "1") -> Fault:
        # ARM's own throttling answer (subscription read limit).
        return cls(
            "status",
            429,
            "SubscriptionRequestsThrottled",
            "Number of 'read' requests for subscription exceeded the limit of '12000' for time "
            "interval '01:00:00'. Please try again after '1' seconds.",
            retry_after,
        )

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        if status == 503:
            return cls("status", 503, "ServiceUnavailable", "The service is temporarily unavailable.")
        return cls("status", status, "InternalServerError", "Encountered internal server error.")

    @classmethod
    def conflict(cls, parent: str = "") -> Fault:
        return cls(
            "status",
            409,
            "RequestConflict",
            f"Another operation is being performed on the parent resource '{parent}'. "
            "Please try again later.",
        )

    @classmethod
    def forbidden(cls, action: str, scope: str) -> Fault:
        return cls(
            "status",
            403,
            "AuthorizationFailed",
            "The client 'ci@contoso.com' with object id '0b9c5f3e-1d2a-4e6f-8a7b-9c0d1e2f3a4b' does "
            f"not have authorization to perform action '{action}' over scope '{scope}' or the "
            "scope is invalid. If access was recently granted, please refresh your credentials.",
        )

    # -- Entra ID's token endpoint (inject on route "Token") ---------------------------------------

    @classmethod
    def entra(cls, status: int, error: str, description: str, retry_after: str | None = None) -> Fault:
        """An OAuth error answer; `description` starts with its AADSTS code."""
        return cls("entra", status, error, description, retry_after)

    @classmethod
    def entra_unavailable(cls, retry_after: str | None = None) -> Fault:
        # Entra ID's answer in an outage, as azure-sdk-for-python#14241 quotes it (a 503).
        return cls.entra(
            503, "temporarily_unavailable", "AADSTS90033: A transient error has occurred. Please try again.",
            retry_after,
        )

    @classmethod
    def entra_throttled(cls, retry_after: str = "1") -> Fault:
        # The token endpoint's throttling: 429, Retry-After and a body that is not JSON
        # (MSAL.NET #2855 quotes it: "ResponseBody: Too Many Requests, Headers: Retry-After: 60").
        return cls("text", 429, "", "Too Many Requests", retry_after)

    @classmethod
    def secret_expired(cls, client_id: str) -> Fault:
        # A service principal whose secret expired (a 401, as Entra ID answers it today).
        return cls.entra(
            401,
            "invalid_client",
            f"AADSTS7000222: The provided client secret keys for app '{client_id}' are expired. Visit "
            "the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or "
            "consider using certificate credentials for added security: https://aka.ms/certCreds.",
        )

    @classmethod
    def dropped(cls) -> Fault:
        return cls("drop")

    @classmethod
    def malformed(cls) -> Fault:
        return cls("malformed")

    @classmethod
    def null_body(cls) -> Fault:
        """200 with the JSON `null` as its body: valid JSON, no resource."""
        return cls("null")


@dataclass
class _Planned:
    fault: Fault
    where: Mapping[str, str]
    remaining: int | None  # None: every matching request


def _matches(where: Mapping[str, str], params: Mapping[str, str]) -> bool:
    return all(params.get(k, "").lower() == v.lower() for k, v in where.items())


@dataclass
class FaultPlan:
    """Per-route latency and a FIFO of faults; thread-safe (the server is threaded)."""

    latency: dict[str | None, list[tuple[Mapping[str, str], float]]] = field(default_factory=dict)
    faults: dict[str, list[_Planned]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_latency(self, route: str | None, seconds: float, where: Mapping[str, str]) -> None:
        with self.lock:
            self.latency.setdefault(route, []).append((dict(where), seconds))

    def add_fault(self, route: str, fault: Fault, times: int | None, where: Mapping[str, str]) -> None:
        with self.lock:
            self.faults.setdefault(route, []).append(_Planned(fault, dict(where), times))

    def delay_for(self, route: str, params: Mapping[str, str]) -> float:
        with self.lock:
            rules = [*self.latency.get(None, []), *self.latency.get(route, [])]
        return max((s for where, s in rules if _matches(where, params)), default=0.0)

    def take(self, route: str, params: Mapping[str, str]) -> Fault | None:
        with self.lock:
            for planned in self.faults.get(route, []):
                if planned.remaining != 0 and _matches(planned.where, params):
                    if planned.remaining is not None:
                        planned.remaining -= 1
                    return planned.fault
        return None

    def clear(self) -> None:
        with self.lock:
            self.latency.clear()
            self.faults.clear()
