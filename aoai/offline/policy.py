"""`aoai plan --policy`: the policy pack's rules over the offline plan, without the Pulumi CLI.

The rules are the project's own `policy/aoai_rules.py` when it has one, the file `pulumi preview
--policy-pack policy` runs, loaded from the project folder (as the plan runs the project's
__main__.py), so an edited rule behaves the same offline and in Pulumi. Otherwise they are the
rules the toolkit ships (aoai.policy_pack), which the thin pack of a project made by `aoai init`
or `pulumi new` serves to Pulumi as well. Each registration of the plan becomes the
rules' neutral ResourceView: type token, inputs (camelCase, as the provider receives them),
protect, and property dependencies.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pulumi.runtime.rpc import is_rpc_secret
from rich.text import Text

from azure_openai_toolkit.config.source import SourceError, read_text

from ..bundled import policy_pack
from ..exit_codes import AoaiError
from ..project import project_dir
from .runner import ProgramRun

if TYPE_CHECKING:
    import aoai_rules

POLICY_DIR = "policy"
RULES_FILE = "aoai_rules.py"


def rules_path() -> Path:
    """The project's policy/aoai_rules.py, else the one the toolkit ships."""
    own = project_dir() / POLICY_DIR / RULES_FILE
    return (own if own.is_file() else policy_pack() / RULES_FILE).resolve()


def load_rules() -> ModuleType:
    """The rules of rules_path() as a module (loaded once per path)."""
    path = rules_path()
    loaded = sys.modules.get("aoai_rules")
    if loaded is not None and Path(str(getattr(loaded, "__file__", ""))).resolve() == path:
        return loaded
    if not path.is_file():
        raise AoaiError(f"no policy rules at {path}: reinstall the toolkit (its policy pack is missing)")
    spec = importlib.util.spec_from_file_location("aoai_rules", path)
    if spec is None or spec.loader is None:
        raise AoaiError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["aoai_rules"] = module  # dataclasses resolve their module while the file executes
    spec.loader.exec_module(module)
    return module


def read_pack_config(path: Path | None) -> aoai_rules.PackConfig:
    """The pack config of `pulumi preview --policy-pack-config FILE` (defaults without a file)."""
    rules = load_rules()
    if path is None:
        return rules.parse_pack_config(None)  # type: ignore[no-any-return]
    try:
        # The same bounded, UTF-8-only reader as stack files; JSON nests as deep as it likes.
        document = json.loads(read_text(path))
    except SourceError as error:
        raise AoaiError(f"{path}: cannot read the policy config: {error}") from None
    except json.JSONDecodeError as error:
        raise AoaiError(f"{path}: not valid JSON: line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise AoaiError(f"{path}: not a policy config: nested too deeply") from None
    if not isinstance(document, dict):
        raise AoaiError(f"{path}: the policy config is a JSON object keyed by policy name")
    try:
        return rules.parse_pack_config(document)  # type: ignore[no-any-return]
    except rules.PolicyConfigError as error:
        raise AoaiError(f"{path}: {error}") from None


def unwrap_secrets(value: Any) -> Any:
    """Inputs with Pulumi's secret wrappers removed: the rules judge what will be deployed (as the
    engine's policy host hands them the values), whether or not it is secret."""
    if is_rpc_secret(value):
        return unwrap_secrets(value["value"])
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def views_of(run: ProgramRun) -> list[aoai_rules.ResourceView]:
    rules = load_rules()
    return [
        rules.ResourceView(
            type=r.type,
            name=r.name,
            urn=r.urn,
            inputs=unwrap_secrets(r.inputs),
            protect=r.protect,
            property_dependencies=r.property_dependencies,
        )
        for r in run.registrations
    ]


@dataclass
class PolicyReport:
    stack: str
    protected: bool
    results: list[aoai_rules.RuleResult]
    names: dict[str, str]  # urn -> logical name

    def violations(self, level: str) -> int:
        return sum(len(r.findings) for r in self.results if r.level.value == level)

    @property
    def failed(self) -> bool:
        return self.violations("mandatory") > 0

    @staticmethod
    def status(result: aoai_rules.RuleResult) -> str:
        if result.level.value == "disabled":
            return "disabled"
        if result.findings:
            return "violated"
        return "passed" if result.applicable else "not-applicable"

    def as_json(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "protected": self.protected,
            "mandatoryViolations": self.violations("mandatory"),
            "advisoryViolations": self.violations("advisory"),
            "policies": [
                {
                    "name": r.rule.name,
                    "level": r.level.value,
                    "scope": r.rule.scope.value,
                    "description": r.rule.description,
                    "status": self.status(r),
                    "violations": [
                        {"resource": self.names.get(f.urn or "", ""), "urn": f.urn, "message": f.message}
                        for f in r.findings
                    ],
                }
                for r in self.results
            ],
        }

    def render(self) -> Text:
        marks = {"violated": ("✗", "red"), "passed": ("✓", "green")}  # the rest: "-", dim
        text = Text()
        kind = "protected" if self.protected else "unprotected"
        text.append(f"policy pack over stack {self.stack} ({kind})\n", style="bold")
        for result in self.results:
            status = self.status(result)
            mark, style = marks.get(status, ("-", "dim"))
            if status == "violated" and result.level.value == "advisory":
                mark, style = "!", "yellow"
            text.append(f"{mark} ", style=style)
            text.append(f"{result.rule.name} [{result.level.value}]", style="bold" if result.findings else "")
            if status == "not-applicable":
                text.append(f"  (applies to {result.rule.scope.value})", style="dim")
            elif status == "disabled":
                text.append("  (disabled by the policy config)", style="dim")
            text.append("\n")
            for finding in result.findings:
                text.append(f"    {finding.message}\n")
        text.append(
            f"{self.violations('mandatory')} mandatory, {self.violations('advisory')} advisory violation(s)",
            style="red" if self.failed else "green",
        )
        return text


def check_policies(run: ProgramRun, config_path: Path | None = None) -> PolicyReport:
    """Evaluate every rule of the pack over a planned stack."""
    rules = load_rules()
    config = read_pack_config(config_path)
    views = views_of(run)
    return PolicyReport(
        stack=run.stack,
        protected=rules.stack_is_protected(views),
        results=rules.evaluate(views, config),
        names={r.urn: r.name for r in run.registrations},
    )
