"""Fine-tuned model ids: `<base model>-<base version>.ft-<job id>`.

Azure OpenAI names a fine-tuned model after its base and the fine-tuning job, for example
`gpt-4.1-mini-2025-04-14.ft-b044a9d3cf9c4228b5d393567f693b83` ("Deploy a fine-tuned model",
fine-tuning-deploy.md; "formatted as `base-model.ft-{jobid}`", fine-tune-supported-models.md).
The job id is 32 lower-case hex digits; the base version is the base model's dated version.
A fine-tuned model is deployed with model version "1" (the same articles' REST and CLI examples).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FINE_TUNED_VERSION = "1"
MARKER = ".ft-"
_ID = re.compile(r"^(?P<base>[a-z0-9][a-z0-9.-]*?)-(?P<version>\d{4}-\d{2}-\d{2})\.ft-(?P<job>[0-9a-f]{32})$")
EXAMPLE = "gpt-4.1-mini-2025-04-14.ft-b044a9d3cf9c4228b5d393567f693b83"


@dataclass(frozen=True)
class FineTunedModel:
    base: str
    base_version: str
    job: str

    @property
    def base_label(self) -> str:
        return f"{self.base} {self.base_version}"


def looks_fine_tuned(model: str) -> bool:
    """Whether the name is meant as a fine-tuned model id (well-formed or not)."""
    return MARKER in model


def parse_fine_tuned(model: str) -> FineTunedModel | None:
    """The parts of a well-formed fine-tuned model id; None for anything else."""
    match = _ID.match(model)
    if match is None:
        return None
    return FineTunedModel(match["base"], match["version"], match["job"])


def malformed_reason(model: str) -> str:
    """Why a name with `.ft-` is not a fine-tuned model id, in words that show the form."""
    base, _, job = model.partition(MARKER)
    if not re.fullmatch(r"[0-9a-f]{32}", job):
        what = f"{job!r} is not the 32 lower-case hex digits of a fine-tuning job id"
    elif not re.search(r"-\d{4}-\d{2}-\d{2}$", base):
        what = f"{base!r} does not end with the base model's version (YYYY-MM-DD)"
    else:
        what = "it is not of the form <base model>-<version>.ft-<job id>"
    return (
        f"{model!r} is not a fine-tuned model id: {what}. Copy the id from the fine-tuning job's "
        f"`fine_tuned_model` field; it looks like {EXAMPLE}"
    )
