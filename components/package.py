"""The components as a Pulumi component package, for TypeScript, Go, C#, Java and YAML programs.

`provider/__main__.py` serves `component_package()` as a Pulumi provider plugin; `pulumi package
add` runs it, reads its schema and generates an SDK in the consumer's language. The schema is
inferred by pulumi's own analyzer (pulumi.provider.experimental, pulumi 3.272) from the
components' classes: each Args dataclass (field annotations and docstrings) becomes the inputs,
the annotated outputs the properties. `pulumi.Input[str]` fields take Outputs in every language;
plain fields are marked `plain` (maps, switches, SKUs).

What is served differs from the Python API in two ways, both required by that SDK:

- Type tokens are `aoai:index:<Class>` (the analyzer puts every component in module `index`),
  so construct registers each component under the token the consumer asked for, through a
  subclass that changes nothing but TYPE. The Python API keeps its `aoai:openai:Account` tokens:
  changing them would change every URN of existing stacks.
- Only components whose ordering needs no resource references are served: OpenAIAccount,
  PrivateDnsZone, RoleAssignments and DiagnosticSettings. ContentFilters, ModelDeployments and
  PrivateEndpoint are writes on an account that must wait for its other writes (`after=`); the
  inferred schema cannot carry that, so other languages get them through OpenAIAccount.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.errors import InputPropertiesError, InputPropertyErrorDetails
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.experimental.util import camel_case
from pulumi.provider.provider import ConstructResult
from pulumi.provider.server import ComponentInitError

from . import __version__
from .account import OpenAIAccount
from .args import ArgsBase, InvalidArgsError, build
from .config.rules import Key, Path
from .identity import RoleAssignments
from .monitoring import DiagnosticSettings
from .network import PrivateDnsZone

PACKAGE = "aoai"
SERVED: list[type[pulumi.ComponentResource]] = [
    OpenAIAccount,
    PrivateDnsZone,
    RoleAssignments,
    DiagnosticSettings,
]


def args_type(component: type[pulumi.ComponentResource]) -> type[ArgsBase]:
    """The Args class a component's __init__ takes (what the schema's inputs come from)."""
    annotation = inspect.get_annotations(component.__init__)["args"]
    if not (isinstance(annotation, type) and issubclass(annotation, ArgsBase)):
        raise TypeError(f"{component.__name__}.__init__ must annotate args with its Args class")
    return annotation


def hosted(component: type[pulumi.ComponentResource]) -> type[pulumi.ComponentResource]:
    """`component` under the package's token, taking the inputs construct maps to Python names."""
    args_class = args_type(component)
    create: Callable[..., None] = component.__init__

    def construct(self: Any, name: str, args: Any, opts: pulumi.ResourceOptions | None = None) -> None:
        if isinstance(args, Mapping):
            args = build(args_class, args)
        create(self, name, args, opts)

    token = f"{PACKAGE}:index:{component.__name__}"
    return type(
        component.__name__, (component,), {"TYPE": token, "__init__": construct, "__doc__": component.__doc__}
    )


def property_path(parts: Path) -> str:
    """A problem's path as the consumer wrote it: `privateEndpoints.app.subnetId`, `ipRules[0]`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif isinstance(part, Key):
            text += f".{part}" if part.isidentifier() else f"[{json.dumps(str(part))}]"
        else:
            text += f".{camel_case(part)}"  # the schema's names, as the analyzer made them
    return text.removeprefix(".")


class ComponentPackage(ComponentProvider):
    """pulumi's ComponentProvider for the served components: schema from the classes themselves,
    construct through `hosted` (the package token, Args built from the inputs)."""

    def __init__(self, version: str = __version__) -> None:
        super().__init__(SERVED, PACKAGE, None, version)
        # The analyzer read the real classes (their docstrings are the schema's descriptions);
        # the SDK's construct instantiates what this map holds: the hosted subclass of each.
        # tests/provider/test_package.py constructs through it, so an SDK change shows there.
        self._components = {name: hosted(cls) for name, cls in self._components.items()}

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: pulumi.Inputs,
        options: pulumi.ResourceOptions | None = None,
    ) -> ConstructResult:
        """The SDK's construct; bad plain inputs become input property errors, one per argument,
        which the engine shows against the consumer's properties (no Python traceback)."""
        try:
            return super().construct(name, resource_type, inputs, options)
        except ComponentInitError as error:
            if not isinstance(error.inner, InvalidArgsError):
                raise
            details: list[InputPropertyErrorDetails] = [
                {"property_path": property_path(p.parts), "reason": p.message} for p in error.inner.problems
            ]
            raise InputPropertiesError(f"invalid inputs for {resource_type} {name!r}", details) from None
