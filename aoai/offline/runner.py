"""Run the real `__main__.py` under Pulumi's mocks with a stack file's config.

No Pulumi CLI, no provider plugin, no cloud: the program registers its resources with an
in-process mock engine (see mocks.py), which records them. Each run happens in a fresh
contextvars.Context, because Pulumi keeps its settings, config and root stack in context
variables; that way several stacks can be planned in one process without leaking into each other.
"""

from __future__ import annotations

import contextvars
import inspect
import logging
import runpy
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from azure_openai_toolkit.config import NAMESPACE

from .mocks import AzureMocks, RecordingMonitor, Registration

PROJECT = "azure-openai"


class ProgramFailed(Exception):
    """The program stopped with an error (for example an invalid stack config)."""

    def __init__(self, message: str, registrations: list[Registration]) -> None:
        super().__init__(message)
        self.registrations = registrations


@dataclass
class ProgramRun:
    stack: str
    registrations: list[Registration]
    outputs: dict[str, Any] = field(default_factory=dict)

    def by_type(self, type_token: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_token]

    def by_urn(self) -> dict[str, Registration]:
        return {r.urn: r for r in self.registrations}


class _LevelPrefix(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _program_log() -> logging.Logger:
    """Where pulumi.log messages of the program go: stderr, marked like the Pulumi CLI marks them."""
    logger = logging.getLogger("aoai.program")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_LevelPrefix())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def run_program(
    project_dir: Path,
    stack: str,
    raw_config: Mapping[str, str],
    secret_keys: Iterable[str] = (),
    *,
    engine: MockEngine | None = None,
) -> ProgramRun:
    """Plan `project_dir/__main__.py` for `stack`. Raises ProgramFailed with the program's message."""
    root = str(project_dir.resolve())
    if root not in sys.path:
        sys.path.insert(0, root)
    program = project_dir / "__main__.py"
    return run_in_mock_engine(
        lambda: runpy.run_path(str(program), run_name="__main__"),
        stack,
        raw_config,
        secret_keys,
        engine=engine,
    )


@dataclass(frozen=True)
class MockEngine:
    """Who the program runs as: project, config namespace of `raw_config`, and the mocks.

    The default is this project's program; another Pulumi program (examples/) names its own
    project and namespace, and mocks for the resources it creates besides the toolkit's.
    """

    project: str = PROJECT
    config_namespace: str = NAMESPACE
    mocks: Callable[[], pulumi.runtime.Mocks] = AzureMocks


def run_in_mock_engine(
    program: Callable[[], object],
    stack: str,
    raw_config: Mapping[str, str] | None = None,
    secret_keys: Iterable[str] = (),
    *,
    engine: MockEngine | None = None,
) -> ProgramRun:
    """Run `program` against a fresh recording mock engine and wait for every registration."""
    return contextvars.Context().run(
        _run, program, stack, raw_config or {}, list(secret_keys), engine or MockEngine()
    )


def _run(
    program: Callable[[], object],
    stack: str,
    raw_config: Mapping[str, str],
    secret_keys: list[str],
    engine: MockEngine,
) -> ProgramRun:
    namespace = engine.config_namespace
    pulumi.runtime.set_all_config(
        {f"{namespace}:{key}": value for key, value in raw_config.items()},
        [f"{namespace}:{key}" for key in secret_keys],
    )
    mocks = engine.mocks()
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project=engine.project, stack=stack, preview=False, monitor=monitor, logger=_program_log()
    )

    def run() -> Awaitable[None] | None:
        # An async program (tests that speak a provider's protocol) is awaited like Pulumi does.
        result = program()
        return result if inspect.isawaitable(result) else None

    try:
        _sync_await(run_pulumi_func(run))
    except pulumi.RunError as error:
        raise ProgramFailed(str(error), monitor.registrations) from None
    stack_resource = pulumi.runtime.get_root_resource()
    outputs: dict[str, Any] = {}
    for name, value in getattr(stack_resource, "outputs", {}).items():
        outputs[name] = _sync_await(pulumi.Output.from_input(value).future())
    return ProgramRun(stack=stack, registrations=monitor.registrations, outputs=outputs)
