"""The rules of aoai_rules.py as pulumi-policy policies, for `pulumi preview --policy-pack policy`.

A resource rule becomes a ResourceValidationPolicy: Pulumi hands it each resource's inputs
(`args.props`) and options (`args.opts.protect`) before the resource is created or updated. A
stack rule becomes a StackValidationPolicy: it sees every resource of the stack with its
properties, options and property dependencies (during `pulumi up` after the update, so run
`pulumi preview` first to stop a violation before anything changes).

Each policy reads its settings with pulumi-policy's config mechanism (`args.get_config()`, filled
from `--policy-pack-config FILE` or the Pulumi Cloud policy group), over the defaults declared in
its config schema. Values still unknown during a preview raise pulumi-policy's
UnknownValueError, which Pulumi reports as "can't run policy ... during preview".
"""

from __future__ import annotations

from typing import Any

from aoai_rules import RULES, ResourceView, Rule, stack_is_protected
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

PACK_NAME = "azure-openai"


def view_of_args(args: ResourceValidationArgs) -> ResourceView:
    return ResourceView(
        type=args.resource_type, name=args.name, urn=args.urn, inputs=args.props, protect=args.opts.protect
    )


def view_of_resource(resource: PolicyResource) -> ResourceView:
    return ResourceView(
        type=resource.resource_type,
        name=resource.name,
        urn=resource.urn,
        inputs=resource.props,
        protect=resource.opts.protect,
        property_dependencies={
            key: [dependency.urn for dependency in dependencies]
            for key, dependencies in resource.property_dependencies.items()
        },
    )


def _schema(rule: Rule) -> PolicyConfigSchema | None:
    if not rule.config:
        return None
    return PolicyConfigSchema(properties={prop.name: prop.schema() for prop in rule.config})


def _metadata(rule: Rule) -> dict[str, Any]:
    """What Pulumi shows of a policy: name, description, level, config schema, how to fix."""
    return {
        "name": rule.name,
        "description": rule.description,
        "enforcement_level": EnforcementLevel(rule.level.value),
        "config_schema": _schema(rule),
        "remediation_steps": rule.remediation,
    }


def resource_policy(rule: Rule) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        settings = rule.settings(args.get_config())
        for finding in rule.evaluate_resource(view_of_args(args), settings):
            report_violation(finding.message, None)

    return ResourceValidationPolicy(validate=validate, **_metadata(rule))


def stack_policy(rule: Rule) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = [view_of_resource(r) for r in args.resources]
        settings = rule.settings(args.get_config())
        findings = rule.evaluate_stack(resources, settings)
        if not findings and not rule.applies(stack_is_protected(resources)):
            args.not_applicable(f"applies to {rule.scope.value} only")
        for finding in findings:
            report_violation(finding.message, finding.urn)

    return StackValidationPolicy(validate=validate, **_metadata(rule))


def policies() -> list[Policy]:
    """One pulumi-policy policy per rule, in the order of aoai_rules.RULES."""
    return [stack_policy(rule) if rule.is_stack_rule else resource_policy(rule) for rule in RULES]
