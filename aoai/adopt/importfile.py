"""The `pulumi import --file` document: the plan's resources under the names the program registers.

Format (pulumi/pulumi, pkg/cmd/pulumi import.go: importFile/importSpec; documented at
pulumi.com/docs/iac/cli/commands/pulumi_import): `{"resources": [{type, name, id, parent,
logicalName, component, version}, ...]}`. `name` is the entry's handle within the file (a parent
is named by it), `logicalName` the Pulumi name the program gives (the last part of the URN). The
program's component resources are entries with `component: true` and no id: Pulumi creates them
empty as the parents of the imported resources (pulumi/pulumi#14467), so each imported resource
gets the URN the program registers it under, parent types included, and the first `pulumi up`
finds it in the state instead of creating it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..offline.document import Document, resource_key

PROVIDER_PREFIX = "azure-native:"


def provider_version() -> str:
    """The azure-native version the program's SDK asks for (the plugin Pulumi must import with)."""
    from pulumi_azure_native import _utilities

    return str(_utilities.get_version())


def import_file(document: Document, ids: Mapping[str, str], version: str) -> dict[str, Any]:
    """Entries for the plan's components and for the custom resources `ids` maps (urn -> live id).

    Custom resources without a live id are left out: they do not exist, and the first `pulumi up`
    would create them (the caller reports that).
    """
    resources = document["resources"]
    labels = {r["urn"]: resource_key(r["urn"]) for r in resources}
    entries: list[dict[str, Any]] = []
    for resource in resources:
        if resource["custom"] and resource["urn"] not in ids:
            continue
        entry: dict[str, Any] = {
            "type": resource["type"],
            "name": labels[resource["urn"]],
            "logicalName": resource["name"],
        }
        if resource["parent"] in labels:
            entry["parent"] = labels[resource["parent"]]
        if resource["custom"]:
            entry["id"] = ids[resource["urn"]]
            if resource["type"].startswith(PROVIDER_PREFIX):
                entry["version"] = version
        else:
            entry["component"] = True
        entries.append(entry)
    return {"resources": entries}
