"""A deployed stack's state (`pulumi stack export`) as a plan to compare with: `--against state:FILE`.

The state holds, per resource, the inputs the engine diffs the program against: what the last
`pulumi up` sent, updated by `pulumi refresh` with what changed in Azure (pulumi-azure-native's
Read copies changed outputs into the recorded inputs). So after Microsoft upgraded an account and
a refresh recorded it, the state says kind AIServices while the stack still says OpenAI: comparing
the plan with the state shows what `pulumi up` would do about it.

Read: `deployment.resources[]` of an export (version 3): urn, custom, id, type, inputs, parent,
protect. Providers and the stack resource are left out; inputs the provider adds itself
(azure-native's `azureApiVersion`) are dropped, as the program never sets them. Secrets stay
secret ("[secret]"). Everything else in the file is ignored; a file that is not an export is
refused with what was expected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..exit_codes import AoaiError
from .document import FORMAT, Document, Resource, clean, resource_key

# Inputs azure-native's Check adds to what the program registered (provider.go applyDefaults).
PROVIDER_ADDED_INPUTS = ("azureApiVersion", "__createBeforeDelete")
# Reading a state file is bounded: an export of thousands of resources is a few MB.
MAX_STATE_BYTES = 64 * 1024 * 1024


def _refuse(path: Path, what: str) -> AoaiError:
    return AoaiError(
        f"--against state:{path}: {what}; expected the output of `pulumi stack export --file FILE`"
    )


def read_state(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse(path, f"cannot read it ({error.strerror or error})") from None
    if size > MAX_STATE_BYTES:
        raise _refuse(path, f"{size} bytes is more than a state export of {MAX_STATE_BYTES} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refuse(path, f"not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("deployment"), dict):
        raise _refuse(path, "no `deployment` object")
    resources = data["deployment"].get("resources", [])
    if not isinstance(resources, list):
        raise _refuse(path, "`deployment.resources` is not a list")
    return data


def _resource(item: Any, index: int, path: Path) -> Resource | None:
    where = f"deployment.resources[{index}]"
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("urn", "type")):
        raise _refuse(path, f"{where} has no urn and type")
    urn, type_ = item["urn"], item["type"]
    if type_.startswith("pulumi:providers:") or type_ == "pulumi:pulumi:Stack":
        return None
    if urn.count("::") < 3:
        raise _refuse(path, f"{where}: {urn!r} is not a Pulumi URN")
    inputs = item.get("inputs") or {}
    if not isinstance(inputs, dict):
        raise _refuse(path, f"{where}.inputs is not an object")
    inputs = {key: value for key, value in inputs.items() if key not in PROVIDER_ADDED_INPUTS}
    return {
        "urn": urn,
        "key": resource_key(urn),
        "type": type_,
        "name": urn.rsplit("::", 1)[-1],
        "custom": bool(item.get("custom")),
        "parent": item.get("parent") or None,
        "protect": bool(item.get("protect")),
        "id": item.get("id") or None,
        "ignoreChanges": [],
        "inputs": clean(inputs),
    }


def state_document(path: Path) -> Document:
    """The state export at `path` as a plan document (the fields plan diffs read)."""
    data = read_state(path)
    resources = [
        resource
        for index, item in enumerate(data["deployment"].get("resources", []))
        if (resource := _resource(item, index, path)) is not None
    ]
    stack = next((r["urn"].split("::")[0].removeprefix("urn:pulumi:") for r in resources), "")
    return {
        "format": FORMAT,
        "project": "",
        "stack": stack,
        "counts": {
            "azureResources": sum(r["custom"] for r in resources),
            "components": sum(not r["custom"] for r in resources),
            "protected": sum(r["protect"] for r in resources),
        },
        "resources": sorted(resources, key=lambda r: r["urn"]),
        "outputs": {},
    }
