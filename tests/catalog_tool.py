"""tools/build_catalog.py as a module, for the tests that check the shipped snapshot against it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import PROJECT_ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_catalog", PROJECT_ROOT / "tools" / "build_catalog.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    return module


build_catalog = _load()
