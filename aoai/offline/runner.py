"""Run the real `__main__.py` under Pulumi's mocks with a stack file's config.

No Pulumi CLI, no provider plugin, no cloud: the program registers its resources with an
in-process mock engine (see mocks.py), which records them. Each run happens in a fresh
contextvars.Context, because Pulumi keeps its settings, config and root stack in context
variables; that way several stacks can be planned in one process without leaking into each other.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import inspect
import logging
import os
import runpy
import sys
import warnings
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from azure_openai_toolkit.config import NAMESPACE

from ..project import load_project
from .mocks import AzureMocks, RecordingMonitor, Registration

# The project name of runs without a project file (component tests): this repository's.
DEFAULT_PROJECT = "azure-openai"


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
    project: str = DEFAULT_PROJECT

    def by_type(self, type_token: str) -> list[Registration]:
        return [r for r in self.registrations if r.type == type_token]

    def by_urn(self) -> dict[str, Registration]:
        return {r.urn: r for r in self.registrations}


class _LevelPrefix(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


class _Stderr(logging.StreamHandler):
    """Writes to the sys.stderr of the moment: a handler keeping the stream it was made with
    would write to a closed one once that stream is replaced (by a test runner's capture)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _program_log() -> logging.Logger:
    """Where pulumi.log messages of the program go: stderr, marked like the Pulumi CLI marks them."""
    logger = logging.getLogger("aoai.program")
    if not logger.handlers:
        handler = _Stderr()
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
    config_namespace: str = NAMESPACE,
    mocks: Callable[[], pulumi.runtime.Mocks] = AzureMocks,
) -> ProgramRun:
    """Plan the project's program for `stack`, as Pulumi would run it. Raises ProgramFailed.

    The program is Pulumi.yaml's `main` (default: the project folder's __main__.py), run with its
    folder as working directory and first import path, under the project's name; AoaiError (exit 2)
    when the project file is unusable. `raw_config` is the `config_namespace:` part of the stack's
    config; a program that creates resources the toolkit does not (examples/) brings `mocks` for them.
    """
    project = load_project(project_dir)
    program, folder = project.python_program()
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

    def run() -> object:
        previous = Path.cwd()
        os.chdir(folder)  # relative paths in the program mean what they mean under `pulumi up`
        try:
            return runpy.run_path(str(program), run_name="__main__")
        finally:
            os.chdir(previous)

    return run_in_mock_engine(
        run,
        stack,
        raw_config,
        secret_keys,
        project=project.name,
        config_namespace=config_namespace,
        mocks=mocks,
    )


def run_in_mock_engine(
    program: Callable[[], object],
    stack: str,
    raw_config: Mapping[str, str] | None = None,
    secret_keys: Iterable[str] = (),
    project: str = DEFAULT_PROJECT,
    *,
    config_namespace: str = NAMESPACE,
    mocks: Callable[[], pulumi.runtime.Mocks] = AzureMocks,
) -> ProgramRun:
    """Run `program` against a fresh recording mock engine and wait for every registration."""
    settings = _Engine(project, config_namespace, mocks)
    with _no_cycle_collection(), own_thread_pool():
        return contextvars.Context().run(_run, program, stack, raw_config or {}, list(secret_keys), settings)


@dataclass(frozen=True)
class _Engine:
    project: str
    config_namespace: str
    mocks: Callable[[], pulumi.runtime.Mocks]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the mock engine runs.

    Every registration leaves hundreds of asyncio tasks, futures and Outputs behind, nearly all of
    them alive until the run ends, so each full collection walks a growing heap and frees almost
    nothing: measured at 12 accounts x 30 deployments, collections were 60% of the plan's time
    (7.1 s with them, 2.8 s without, for a peak memory of 226 against 253 MiB). Reference counting
    still frees what it can. The collector resumes, as it was, when the run ends; its first
    collection then walks everything the run left (1.4 s at that size), which is why the `aoai`
    process keeps it off altogether (aoai/cli.py main()).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def own_thread_pool() -> Iterator[None]:
    """Run the plan with a thread pool of its own, shut down after it.

    Pulumi sends every registration through the event loop's default thread pool
    (run_in_executor(None, ...)). A pool kept across plans keeps its threads, and a process forked
    after a plan (a mutation tester's worker, a forking test runner) inherits the pool without
    them: the child's first registration is queued to threads that do not exist and the plan
    waits forever. So each plan gets a pool that is shut down (its threads joined) when it ends,
    and the loop is left a fresh pool that starts no thread until used. The loop itself is kept:
    Pulumi holds objects bound to it between runs. Called from a running loop (an async caller),
    the plan uses that loop's pool, as Pulumi's _sync_await would.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        yield
        return
    loop = _current_event_loop()
    pool = ThreadPoolExecutor(thread_name_prefix="aoai-plan")
    loop.set_default_executor(pool)
    try:
        yield
    finally:
        pool.shutdown(wait=True)
        loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="aoai-idle"))


def _current_event_loop() -> asyncio.AbstractEventLoop:
    """The thread's event loop, as Pulumi's _sync_await finds or makes it (get_event_loop() warns
    of implicit loops on 3.12+)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return asyncio.get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            return loop


def _run(
    program: Callable[[], object],
    stack: str,
    raw_config: Mapping[str, str],
    secret_keys: list[str],
    engine: _Engine,
) -> ProgramRun:
    namespace, project = engine.config_namespace, engine.project
    pulumi.runtime.set_all_config(
        {f"{namespace}:{key}": value for key, value in raw_config.items()},
        [f"{namespace}:{key}" for key in secret_keys],
    )
    mocks = engine.mocks()
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project=project, stack=stack, preview=False, monitor=monitor, logger=_program_log()
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
    return ProgramRun(stack=stack, registrations=monitor.registrations, outputs=outputs, project=project)
