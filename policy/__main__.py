"""Entry point of the policy pack: `pulumi preview --policy-pack policy` runs this file.

The rules and their adapters live in aoai_rules.py and aoai_pack.py next to it (the same rules
`aoai plan --policy` runs offline). PolicyPack serves them to the Pulumi engine over gRPC.
"""

from aoai_pack import PACK_NAME, policies
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(name=PACK_NAME, enforcement_level=EnforcementLevel.MANDATORY, policies=policies())
