"""Entry point of the component package: Pulumi runs `python <this folder> <engine address>`.

It serves azure_openai_toolkit.package.ComponentPackage over gRPC: the schema pulumi infers from
the components' Args, and construct for OpenAIAccount, PrivateDnsZone, RoleAssignments and
DiagnosticSettings. docs/components.md shows how programs in other languages add and use it.
"""

import sys

from pulumi.provider import main

from azure_openai_toolkit.package import ComponentPackage

if __name__ == "__main__":
    main(ComponentPackage(), sys.argv[1:])
