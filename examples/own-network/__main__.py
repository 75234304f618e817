"""Bring your own network: an Azure OpenAI account inside a network this program creates.

The program creates a resource group, a virtual network with a subnet for private endpoints, a
Log Analytics workspace and a user-assigned identity with pulumi-azure-native, then hands their
Outputs (ids, names, the identity's principal id) to the toolkit's components:

- PrivateDnsZone: privatelink.openai.azure.com, linked to the new virtual network;
- OpenAIAccount: no public access, a private endpoint in the new subnet registered in that zone,
  diagnostics to the new workspace, the identity attached and given "Cognitive Services OpenAI
  User", one model deployment.

Nothing here is known before `pulumi up` creates it; the components take the Outputs as they are
and Pulumi orders the work (the endpoint waits for the subnet, the role for the identity).
"""

import pulumi
from pulumi_azure_native import managedidentity, network, operationalinsights, resources

import azure_openai_toolkit as aoai

config = pulumi.Config()
prefix = config.require("prefix")
location = config.get("location") or "swedencentral"

group = resources.ResourceGroup("group", resource_group_name=f"rg-{prefix}-openai", location=location)

vnet = network.VirtualNetwork(
    "vnet",
    virtual_network_name=f"vnet-{prefix}-openai",
    resource_group_name=group.name,
    location=group.location,
    address_space=network.AddressSpaceArgs(address_prefixes=[config.get("addressSpace") or "10.20.0.0/16"]),
)
subnet = network.Subnet(
    "private-endpoints",
    subnet_name="snet-private-endpoints",
    virtual_network_name=vnet.name,
    resource_group_name=group.name,
    address_prefix=config.get("privateEndpointSubnet") or "10.20.1.0/24",
    private_endpoint_network_policies=network.VirtualNetworkPrivateEndpointNetworkPolicies.DISABLED,
)
workspace = operationalinsights.Workspace(
    "logs",
    workspace_name=f"law-{prefix}-openai",
    resource_group_name=group.name,
    location=group.location,
    sku=operationalinsights.WorkspaceSkuArgs(name=operationalinsights.WorkspaceSkuNameEnum.PER_GB2018),
    retention_in_days=30,
)
identity = managedidentity.UserAssignedIdentity(
    "app", resource_name_=f"id-{prefix}-chat", resource_group_name=group.name, location=group.location
)

dns = aoai.PrivateDnsZone(
    "dns",
    aoai.PrivateDnsZoneArgs(resource_group_name=group.name, virtual_networks={"openai": vnet.id}),
)

account = aoai.OpenAIAccount(
    "chat",
    aoai.OpenAIAccountArgs(
        account_name=f"{prefix}-chat",
        location=location,
        resource_group_name=group.name,
        managed_identities=aoai.ManagedIdentities(user_assigned_resource_ids=[identity.id]),
        private_endpoints={
            "app": aoai.AccountPrivateEndpoint(subnet_id=subnet.id, private_dns_zone_ids=[dns.zone_id]),
        },
        diagnostic_settings={"logs": aoai.DiagnosticSetting(workspace_resource_id=workspace.id)},
        role_assignments={
            "app": aoai.RoleAssignment(
                principal_id=identity.principal_id,
                role="Cognitive Services OpenAI User",
                principal_type="ServicePrincipal",
            ),
        },
        deployments={
            "chat": aoai.ModelDeployment(
                model="gpt-5.4", version="2026-03-05", sku="GlobalStandard", capacity=10
            ),
        },
    ),
)

pulumi.export("endpoint", account.endpoint)
pulumi.export("accountId", account.account_id)
pulumi.export("identityClientId", identity.client_id)
