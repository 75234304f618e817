"""Folders that ship inside the CLI: the project template and the policy pack.

In the wheel they are aoai/project_template and aoai/policy_pack (pyproject.toml maps them from
templates/project and policy/). From a clone, including the editable install, whose import hook
cannot find data packages mapped below an already mapped package, they are read where they live
in the repository. Either way the files are the same: the wheel is built from these folders.
"""

from __future__ import annotations

from pathlib import Path

_AOAI = Path(__file__).resolve().parent


def _bundled(in_wheel: str, in_repository: str) -> Path:
    packaged = _AOAI / in_wheel
    return packaged if packaged.is_dir() else _AOAI.parent / in_repository


def project_template() -> Path:
    """The Pulumi template `aoai init` renders (`pulumi new` reads the same folder)."""
    return _bundled("project_template", "templates/project")


def policy_pack() -> Path:
    """The toolkit's policy pack: aoai_rules.py, aoai_pack.py and the pack's __main__.py."""
    return _bundled("policy_pack", "policy")
