"""docs/components.md: its Python examples run, under the same mocks as examples/."""

from __future__ import annotations

import re

from aoai.offline.runner import ProgramRun, run_in_mock_engine
from tests.conftest import PROJECT_ROOT
from tests.examples.mocks import ExampleMocks

PAGE = (PROJECT_ROOT / "docs" / "components.md").read_text()
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


def run_block(code: str) -> ProgramRun:
    def program() -> None:
        exec(compile("import azure_openai_toolkit as aoai\n" + code, "docs/components.md", "exec"), {})

    return run_in_mock_engine(program, "docs", mocks=ExampleMocks)


def test_the_page_has_its_python_examples() -> None:
    assert len(PYTHON_BLOCKS) == 2


def test_the_network_example_creates_the_account_in_the_programs_network() -> None:
    names = [r.name for r in run_block(PYTHON_BLOCKS[0]).registrations]
    for name in (
        "chat-account",
        "chat-private-endpoint-app-endpoint",
        "dns-link-openai",
        "chat-role-assignments-app",
    ):
        assert name in names


def test_the_standalone_children_example_orders_deployments_after_the_policy() -> None:
    run = run_block(PYTHON_BLOCKS[1])
    by_name = {r.name: r for r in run.registrations}
    assert by_name["filters-strict"].urn in by_name["deployments-chat"].dependencies
