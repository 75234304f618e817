"""A stand-in for the Pulumi engine's side of a Construct call, served over gRPC.

When the engine asks a provider plugin to construct a component, the plugin registers the
component and its children with the engine's resource monitor, at the `monitorEndpoint` the
request names. Here that monitor is aoai.offline's RecordingMonitor (Pulumi's MockMonitor that
answers like Azure and records every registration), served over gRPC, plus an Engine service
that takes the plugin's log messages. Calls run one at a time, in the context the mocks were
set up in, because MockMonitor reads the project and stack from Pulumi's context variables.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
import pulumi
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2_grpc, resource_pb2, resource_pb2_grpc

from aoai.offline.mocks import AzureMocks, RecordingMonitor

PROJECT, STACK = "consumer", "dev"


class _Monitor(resource_pb2_grpc.ResourceMonitorServicer):
    def __init__(self, monitor: RecordingMonitor, context: contextvars.Context) -> None:
        self.monitor, self.context = monitor, context

    def _run(self, method: str, request: Any) -> Any:
        return self.context.run(getattr(self.monitor, method), request)

    def GetDeploymentInfo(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC names
        return self._run("GetDeploymentInfo", request)

    def SupportsFeature(self, request: Any, context: Any) -> Any:  # noqa: N802
        answer = self._run("SupportsFeature", request)
        return resource_pb2.SupportsFeatureResponse(hasSupport=answer.hasSupport)

    def RegisterResource(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self._run("RegisterResource", request)

    def RegisterResourceOutputs(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self._run("RegisterResourceOutputs", request)

    def Invoke(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self._run("Invoke", request)

    def RegisterPackage(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self._run("RegisterPackage", request)

    def SignalAndWaitForShutdown(self, request: Any, context: Any) -> Any:  # noqa: N802
        return empty_pb2.Empty()


class _Engine(engine_pb2_grpc.EngineServicer):
    def __init__(self, logs: list[str]) -> None:
        self.logs = logs

    def Log(self, request: Any, context: Any) -> Any:  # noqa: N802 - gRPC name
        self.logs.append(request.message)
        return empty_pb2.Empty()


@dataclass
class FakeEngine:
    address: str
    monitor: RecordingMonitor
    logs: list[str] = field(default_factory=list)


@contextmanager
def fake_engine() -> Iterator[FakeEngine]:
    """The monitor and engine services on 127.0.0.1, with Azure-like mocks behind them."""
    context = contextvars.Context()
    mocks = AzureMocks()
    monitor = RecordingMonitor(mocks)
    context.run(pulumi.runtime.set_mocks, mocks, project=PROJECT, stack=STACK, preview=False, monitor=monitor)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1))
    engine = FakeEngine("", monitor)
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(_Monitor(monitor, context), server)
    engine_pb2_grpc.add_EngineServicer_to_server(_Engine(engine.logs), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    engine.address = f"127.0.0.1:{port}"
    try:
        yield engine
    finally:
        server.stop(grace=None)
