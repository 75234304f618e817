"""RoleAssignments: what `make mutate` showed no test checked (issue 16).

The values sent for an assignment's description, delegated identity and ABAC condition, and the
condition rule at the Python door. Expected values are written from the rules: a version alone is
refused ("conditionVersion only applies with a condition", ARM refuses it too), a condition alone
is sent with version 2.0, the only version ARM documents.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from azure_openai_toolkit import RoleAssignment, RoleAssignments, RoleAssignmentsArgs
from azure_openai_toolkit.args import InvalidArgsError
from tests.conftest import IDENTITY, PRINCIPAL, run_components

SCOPE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/acct"
)
CONDITION = (
    "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR "
    "(@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))"
)


def assignments(**values: str) -> Callable[[], None]:
    def build() -> None:
        app = RoleAssignment(principal_id=PRINCIPAL, role="Reader", **values)
        RoleAssignments("ra", RoleAssignmentsArgs(scope=SCOPE, assignments={"app": app}))

    return build


def sent(**values: str) -> dict[str, object]:
    """The inputs of the one RoleAssignment registered for an assignment with `values`."""
    run = run_components(assignments(**values))
    (registration,) = run.by_type("azure-native:authorization:RoleAssignment")
    return dict(registration.inputs)


def refused(**values: str) -> dict[str, str]:
    with pytest.raises(InvalidArgsError) as caught:
        assignments(**values)()
    return {problem.path: problem.message for problem in caught.value.problems}


def test_description_and_delegated_identity_are_sent() -> None:
    inputs = sent(description="reads the logs", delegated_managed_identity_resource_id=IDENTITY)
    assert inputs["description"] == "reads the logs"
    assert inputs["delegatedManagedIdentityResourceId"] == IDENTITY


def test_a_condition_with_its_version_is_sent_as_given() -> None:
    inputs = sent(condition=CONDITION, condition_version="2.0")
    assert (inputs["condition"], inputs["conditionVersion"]) == (CONDITION, "2.0")


def test_a_condition_alone_is_sent_with_version_2_0() -> None:
    inputs = sent(condition=CONDITION)
    assert (inputs["condition"], inputs["conditionVersion"]) == (CONDITION, "2.0")


def test_no_condition_sends_neither_condition_nor_version() -> None:
    inputs = sent()
    assert "condition" not in inputs
    assert "conditionVersion" not in inputs


def test_a_version_without_a_condition_is_refused_in_the_python_spelling() -> None:
    assert refused(condition_version="2.0") == {
        "RoleAssignmentsArgs.assignments['app'].condition_version": (
            "condition_version only applies with a condition; remove it or add the condition"
        )
    }


def test_a_version_other_than_2_0_is_refused() -> None:
    # Why `version = assignment.condition_version` replaced by None is an equivalent mutant: the
    # only version that gets this far is 2.0, the value the default fills in.
    problems = refused(condition=CONDITION, condition_version="1.0")
    assert problems == {
        "RoleAssignmentsArgs.assignments['app'].condition_version": "must be one of 2.0 (got str '1.0'); "
        "did you mean '2.0'?"
    }
