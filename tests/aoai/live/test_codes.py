"""Finding codes: each documented code is one a check emits, and no check emits an undocumented one."""

from __future__ import annotations

import re

import pytest

from aoai.live import preflight_checks, upgrade_checks, verify_checks
from aoai.live.codes import CODES
from aoai.live.findings import Finding
from tests.conftest import PROJECT_ROOT


def test_every_documented_code_is_emitted_by_a_check() -> None:
    sources = "".join(
        (PROJECT_ROOT / "aoai" / "live" / f"{module.__name__.rsplit('.', 1)[1]}.py").read_text()
        for module in (preflight_checks, verify_checks, upgrade_checks)
    )
    emitted = set(re.findall(r'"([A-Z][A-Za-z]+)"', sources)) & set(CODES)
    assert emitted == set(CODES)


def test_an_undocumented_code_or_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="not documented"):
        Finding("error", "SomethingNew", "a", None, "m", "f")
    with pytest.raises(ValueError, match="not documented"):
        Finding("warning", "InsufficientQuota", "a", None, "m", "f")
