"""Pulumi mocks that answer like Azure: ARM ids, endpoints, principal ids; and a recorder.

`AzureMocks` returns, for each azure-native resource, the id ARM would give it and the outputs the
provider would read back (name, endpoint, identity.principalId, provisioningState). Values are
derived from the inputs (uuid5 for GUIDs), so two runs give the same answers.

`RecordingMonitor` keeps what the engine would see for every registration: type, logical name,
parent, dependencies, inputs and options such as protect; tests and the offline plan read it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs
from pulumi.runtime.settings import get_project, get_stack

from .resource_types import azure_type

SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"
TENANT_ID = "00000000-0000-0000-0000-0000000000aa"
_GUIDS = uuid.UUID("2b1d6e0c-51a5-4f8e-9d2f-0f5a3c1e7b11")


def fake_guid(*parts: str) -> str:
    return str(uuid.uuid5(_GUIDS, "/".join(parts)))


def _opened(value: Any) -> tuple[dict[str, Any], bool]:
    """A map input and whether it was secret (a secret input arrives wrapped, rpc.is_rpc_secret)."""
    return dict(rpc.unwrap_rpc_secret(value) or {}), rpc.is_rpc_secret(value)


def _closed(value: dict[str, Any], secret: bool) -> Any:
    return rpc.wrap_rpc_secret(value) if secret else value


def _identity_outputs(inputs: dict[str, Any], arm_id: str) -> dict[str, Any]:
    """An account's or project's identity as ARM answers it: principal ids filled in."""
    identity, secret = _opened(inputs.get("identity"))
    if "SystemAssigned" in str(identity.get("type", "")):
        identity.update(principalId=fake_guid(arm_id, "principal"), tenantId=TENANT_ID)
    if identity.get("userAssignedIdentities"):
        # Input is a list of ids; ARM (and the provider's output type) answer with a map.
        identity["userAssignedIdentities"] = {
            uai: {"principalId": fake_guid(uai, "principal"), "clientId": fake_guid(uai, "client")}
            for uai in identity["userAssignedIdentities"]
        }
    return {"identity": _closed(identity, secret)} if identity else {}


def _account_outputs(inputs: dict[str, Any], arm_id: str) -> dict[str, Any]:
    properties, secret = _opened(inputs.get("properties"))
    subdomain = properties.get("customSubDomainName")
    # A Foundry resource created as such answers on cognitiveservices.azure.com (one upgraded from
    # OpenAI keeps its openai.azure.com endpoint, which the mocks cannot know).
    host = "cognitiveservices.azure.com" if inputs.get("kind") == "AIServices" else "openai.azure.com"
    endpoint = (
        f"https://{subdomain}.{host}/"
        if subdomain
        else f"https://{inputs['location']}.api.cognitive.microsoft.com/"
    )
    properties.update(endpoint=endpoint, provisioningState="Succeeded")
    outputs: dict[str, Any] = {
        "properties": _closed(properties, secret),
        "type": "Microsoft.CognitiveServices/accounts",
    }
    return {**outputs, **_identity_outputs(inputs, arm_id)}


class AzureMocks(pulumi.runtime.Mocks):
    """Answers resource registrations and invokes the way Azure and azure-native would.

    `subscription_id` is the subscription the ids are made in: a placeholder by default, the real
    one when a plan must name things exactly as `pulumi up` will (export-arm --subscription, adopt).
    """

    def __init__(self, subscription_id: str = SUBSCRIPTION_ID) -> None:
        super().__init__()
        self.subscription_id = subscription_id

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if not args.custom:
            return None, {}
        known = azure_type(args.typ)
        if known is None:
            raise ValueError(f"AzureMocks does not know {args.typ}; add it to resource_types.AZURE_TYPES")
        arm_id = known.arm_id(args.inputs, self.subscription_id)
        outputs = {**args.inputs, "name": args.inputs[known.name_inputs[-1]], "id": arm_id}
        if args.typ == "azure-native:cognitiveservices:Account":
            outputs.update(_account_outputs(args.inputs, arm_id))
        if args.typ == "azure-native:cognitiveservices:Project":
            outputs.update(_identity_outputs(args.inputs, arm_id))
        if args.typ == "azure-native:cognitiveservices:Deployment":
            properties = dict(args.inputs.get("properties") or {})
            properties["provisioningState"] = "Succeeded"
            outputs["properties"] = properties
        return arm_id, outputs

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        if args.token == "azure-native:authorization:getClientConfig":
            return {
                "subscriptionId": self.subscription_id,
                "tenantId": TENANT_ID,
                "clientId": fake_guid("client"),
                "objectId": fake_guid("object"),
            }, None
        raise ValueError(f"AzureMocks does not answer the invoke {args.token}")


@dataclass
class Registration:
    """One resource as the engine saw it register."""

    urn: str
    type: str
    name: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    protect: bool
    ignore_changes: list[str] = field(default_factory=list)
    id: str | None = None
    replace_on_changes: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    outputs: dict[str, Any] = field(default_factory=dict)


class RecordingMonitor(MockMonitor):
    """MockMonitor that also records dependencies, parents and options of each registration."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[Registration] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the real engine builds them, so snapshots of them mean what `pulumi up` sees.

        Pulumi's MockMonitor keeps only the parent's last type; the engine keeps the parent's
        whole qualified type (`a$b$c`) and leaves out the root stack's type.
        """
        if parent:
            qualified = parent.split("::")[2]
            if qualified != "pulumi:pulumi:Stack":
                type_ = f"{qualified}${type_}"
        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            return response
        registered = self.resources[response.urn]
        self.registrations.append(
            Registration(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent,
                custom=bool(request.custom),
                inputs=rpc.deserialize_properties(request.object),
                dependencies=sorted(request.dependencies),
                property_dependencies={
                    key: sorted(deps.urns) for key, deps in request.propertyDependencies.items()
                },
                protect=bool(request.protect),
                ignore_changes=list(request.ignoreChanges),
                id=registered.id or None,
                replace_on_changes=list(request.replaceOnChanges),
                delete_before_replace=bool(request.deleteBeforeReplace),
                outputs=dict(registered.state or {}),
            )
        )
        return response
