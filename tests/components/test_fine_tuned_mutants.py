"""Fine-tuned model ids (azure_openai_toolkit.fine_tuned): the rules `make mutate` found unpinned.

Expected values by hand from the id's form `<base model>-<YYYY-MM-DD>.ft-<32 lower-case hex>`
("Deploy a fine-tuned model", fine-tuning-deploy.md).
"""

from __future__ import annotations

from azure_openai_toolkit.fine_tuned import FineTunedModel, malformed_reason, parse_fine_tuned

JOB = "b044a9d3cf9c4228b5d393567f693b83"
HINT = (
    "Copy the id from the fine-tuning job's `fine_tuned_model` field; it looks like "
    "gpt-4.1-mini-2025-04-14.ft-b044a9d3cf9c4228b5d393567f693b83"
)


def test_a_well_formed_id_parses_into_base_version_and_job() -> None:
    assert parse_fine_tuned(f"gpt-4.1-mini-2025-04-14.ft-{JOB}") == FineTunedModel(
        "gpt-4.1-mini", "2025-04-14", JOB
    )


def test_the_job_id_is_what_follows_the_first_marker() -> None:
    # The base is well formed; the job part holds a second `.ft-`, so it is the job that is wrong.
    model = f"gpt-4o-2024-08-06.ft-{JOB}.ft-{JOB}"
    assert malformed_reason(model) == (
        f"{model!r} is not a fine-tuned model id: '{JOB}.ft-{JOB}' is not the 32 lower-case hex "
        f"digits of a fine-tuning job id. {HINT}"
    )


def test_a_dated_base_with_a_valid_job_but_upper_case_is_named_by_its_form() -> None:
    # The job and the trailing date are right; the upper-case base is what breaks the form.
    model = f"GPT-4o-2024-08-06.ft-{JOB}"
    assert malformed_reason(model) == (
        f"{model!r} is not a fine-tuned model id: it is not of the form "
        f"<base model>-<version>.ft-<job id>. {HINT}"
    )
