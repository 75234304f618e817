"""Policy pack: the azure-openai toolkit's rules, served to `pulumi preview --policy-pack policy`.

The rules (aoai_rules.py) and their pulumi-policy adapters (aoai_pack.py) are installed with the
toolkit; `aoai plan --policy` runs the same rules offline. To change a rule, copy aoai_rules.py
from the toolkit into this folder: this folder comes first on the import path, and `aoai plan
--policy` reads it too.
"""

import sys
from pathlib import Path

from aoai.bundled import policy_pack

sys.path[:0] = [str(Path(__file__).resolve().parent), str(policy_pack())]

from aoai_pack import PACK_NAME, policies  # noqa: E402  (found through the path set above)
from pulumi_policy import EnforcementLevel, PolicyPack  # noqa: E402

PolicyPack(name=PACK_NAME, enforcement_level=EnforcementLevel.MANDATORY, policies=policies())
