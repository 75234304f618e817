"""The policy pack served the way the Pulumi CLI serves it, and a client that speaks its protocol.

`python -m pulumi.policy <engine> policy/` is what Pulumi's Python policy host runs: it executes
policy/__main__.py, whose PolicyPack prints the port of its gRPC Analyzer server (on 127.0.0.1).
The client sends what the engine sends: GetAnalyzerInfo, Configure (every policy's enforcement
level and settings), Analyze per resource (inputs and options) and AnalyzeStack (all resources
with property dependencies), and returns the diagnostics the engine would print.
"""

from __future__ import annotations

import select
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from aoai.offline.mocks import Registration
from tests.conftest import PROJECT_ROOT

POLICY_DIR = PROJECT_ROOT / "policy"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # Pulumi's sentinel for values unknown in a preview


@dataclass(frozen=True)
class Diagnostic:
    policy: str
    mandatory: bool
    urn: str
    message: str


def _struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(dict(values))
    return struct


class PackClient:
    def __init__(self, folder: Path = POLICY_DIR) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        port = self.process.stdout.readline().strip() if ready else ""
        if not port.isdigit():
            self.close()
            raise RuntimeError(f"the policy pack did not start (printed {port!r})")
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)
        self.info = self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    def close(self) -> None:
        if hasattr(self, "channel"):
            self.channel.close()
        self.process.kill()
        self.process.wait(timeout=10)

    @property
    def policy_names(self) -> list[str]:
        return [p.name for p in self.info.policies]

    def configure(self, settings: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """Like the engine: every policy with its declared level, plus the given settings."""
        settings = settings or {}
        config = {
            policy.name: analyzer_pb2.PolicyConfig(
                enforcementLevel=policy.enforcementLevel, properties=_struct(settings.get(policy.name, {}))
            )
            for policy in self.info.policies
        }
        self.stub.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=config))

    @staticmethod
    def _diagnostics(response: Any) -> list[Diagnostic]:
        return [
            Diagnostic(d.policyName, d.enforcementLevel == analyzer_pb2.MANDATORY, d.urn, d.message)
            for d in response.diagnostics
        ]

    def analyze(
        self, type_: str, inputs: Mapping[str, Any], *, protect: bool = False, urn: str = "", name: str = "r"
    ) -> list[Diagnostic]:
        request = analyzer_pb2.AnalyzeRequest(
            type=type_,
            properties=_struct(inputs),
            urn=urn or f"urn:pulumi:test::azure-openai::{type_}::{name}",
            name=name,
            options=analyzer_pb2.AnalyzerResourceOptions(protect=protect),
        )
        return [
            d if d.urn else Diagnostic(d.policy, d.mandatory, request.urn, d.message)
            for d in self._diagnostics(self.stub.Analyze(request))
        ]

    def analyze_stack(self, registrations: Iterable[Registration]) -> list[Diagnostic]:
        resources = [
            analyzer_pb2.AnalyzerResource(
                type=r.type,
                properties=_struct(r.inputs),
                urn=r.urn,
                name=r.name,
                options=analyzer_pb2.AnalyzerResourceOptions(protect=r.protect),
                parent=r.parent,
                dependencies=r.dependencies,
                propertyDependencies={
                    key: analyzer_pb2.AnalyzerPropertyDependencies(urns=urns)
                    for key, urns in r.property_dependencies.items()
                },
            )
            for r in registrations
        ]
        response = self.stub.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(resources=resources))
        return self._diagnostics(response)

    def preview(self, registrations: list[Registration]) -> list[Diagnostic]:
        """What `pulumi preview --policy-pack policy` reports: each resource, then the stack."""
        found = []
        for r in registrations:
            if r.custom:
                found += self.analyze(r.type, r.inputs, protect=r.protect, urn=r.urn, name=r.name)
        return found + self.analyze_stack(registrations)
