"""Fixtures shared by the live tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait of the run, recorded instead of slept: the throttle gate's, the retry policies'
    (azure-core's transport) and the operations' polls all sleep through the time module."""
    recorded: list[float] = []
    monkeypatch.setattr("time.sleep", recorded.append)
    return recorded
