"""Project-level config: the `config:` section of Pulumi.yaml, read and checked as Pulumi does.

Pulumi's rules (pulumi/pulumi sdk/go/common/workspace/project.go and project.json; docs: "Project
file reference", `config` options, Pulumi CLI v3.44+):

- A key without a colon, or `<project>:<key>`, is namespaced by the project; any other namespace
  (`azure-native:location`, or `azure-openai:` keys in a project with another name) is not.
- Shorthand (RewriteShorthandConfigValues): a string, integer, boolean or list written directly is
  a `default` for a project key and a `value` for another namespace's key. Anything else is a
  declaration: `type` (string, integer, boolean, array, object), `items` (required for arrays),
  `description`, `secret`, `default` and `value`; no other attribute (the JSON schema's
  configTypeDeclaration has additionalProperties: false), so an object needs `{value: {...}}`
  or `{default: {...}}`, and a float needs one too.
- Validate(): not both `default` and `value`; an array type needs `items`; a typed default must
  match its type; another namespace's key may not have a type or a default and must have a value.
- Deprecated `config: <folder>` means stackConfigDir, and may not be combined with it.

Every problem is reported (Pulumi stops at the first), in Pulumi's words where it has them, and
what Pulumi takes silently but no one would mean too: a namespace that is nearly ours, one key
given in two forms (keys.py). Pulumi.yaml is read by the one bounded reader of every file
(source.py); aoai/project.py reads the rest of it from the same document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Problem
from .keys import BadKey, KeyForms, misspelt_namespace, project_key
from .secrets import PROVIDER_CREDENTIALS, plaintext_credential_message
from .source import SourceError, YamlDocument, load_file

MISSING: Any = object()
SIMPLE_TYPES = ("string", "integer", "boolean", "array", "object")
ATTRIBUTES = ("type", "items", "description", "secret", "default", "value")
# strconv.Atoi's integers: ASCII digits (not every Unicode digit, as \d), an optional sign, int64.
# Leading zeros aside, at most 19 digits reach int(), never a hostile file's 5,000 (which int()
# refuses with a ValueError).
_INTEGER_TEXT = re.compile(r"([+-]?)0*([0-9]{1,19})")
_INT64 = range(-(2**63), 2**63)


@dataclass(frozen=True)
class Declaration:
    """One key of Pulumi.yaml's config section, after the shorthand rewrite."""

    key: str  # as written
    namespace: str
    name: str  # may be a property path (tags.owner)
    type: str | None = None
    items: Mapping[str, Any] | None = None
    description: str = ""
    secret: bool = False
    default: Any = MISSING
    value: Any = MISSING

    @property
    def full_key(self) -> str:
        return f"{self.namespace}:{self.name}"

    @property
    def given(self) -> Any:
        """The value the stack gets when it sets nothing (the engine takes default over value)."""
        return self.default if self.default is not MISSING else self.value


@dataclass
class ProjectConfig:
    """A project's name and config declarations, with every problem of its config section."""

    file: Path
    name: str
    declarations: list[Declaration] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def problem(self, key: str, message: str) -> Problem:
        where = f"config.{key}" if key else "config"
        return Problem("", message, key=where, file=self.file.name, line=self.lines.get(key))


def full_type_name(type_name: str, items: Mapping[str, Any] | None) -> str:
    """`array` of `string` -> `array<string>` (workspace.InferFullTypeName)."""
    if items is not None:
        return f"array<{full_type_name(str(items.get('type')), items.get('items'))}>"
    return type_name


def value_matches(type_name: str, items: Mapping[str, Any] | None, value: Any) -> bool:
    """workspace.ValidateConfigValue: may `value` (YAML data, or a stack value's text) be of this type?"""
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return math.isfinite(value) and value == math.trunc(value)
        number = _INTEGER_TEXT.fullmatch(value) if isinstance(value, str) else None
        return number is not None and int(number[1] + number[2]) in _INT64
    if type_name == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    if type_name == "object":
        return isinstance(value, dict)
    if not isinstance(value, list) or items is None:
        return False
    return all(value_matches(str(items.get("type")), items.get("items"), item) for item in value)


def _items_problem(items: Any) -> str | None:
    """What is wrong with an `items` declaration (the schema's configItemsType), if anything."""
    if not isinstance(items, dict):
        return "items must be a mapping with a type, e.g. {type: string}"
    unknown = sorted(set(items) - {"type", "items"})
    if unknown:
        return f"items: unknown attribute {unknown[0]!r} (allowed: items, type)"
    if items.get("type") not in SIMPLE_TYPES:
        return f"items: type must be one of {', '.join(SIMPLE_TYPES)} (got {items.get('type')!r})"
    if items["type"] == "array":
        return _items_problem(items.get("items")) if "items" in items else "items: an array needs items"
    return None


class _Reader:
    def __init__(self, project: ProjectConfig) -> None:
        self.project = project
        self.forms = KeyForms()

    def add(self, key: str, message: str) -> None:
        self.project.problems.append(self.project.problem(key, message))

    def declaration(self, key: str, entry: Any) -> Declaration | None:
        project = self.project.name
        try:
            namespace, name = project_key(project, key)
        except BadKey as error:
            self.add(key, str(error))
            return None
        refused = misspelt_namespace(namespace, name, own=project) or self.forms.twice((namespace, name), key)
        if refused:
            self.add(key, refused)
            return None
        by_project = namespace == project
        if isinstance(entry, (str, int, bool, list)):  # shorthand; floats are not (isPrimitiveValue)
            if by_project:
                return Declaration(key, namespace, name, default=entry)
            return Declaration(key, namespace, name, value=entry)
        if not isinstance(entry, dict):
            self.add(
                key,
                f"must be a string, integer, boolean, list or a declaration (got {type(entry).__name__}); "
                "write other values as {value: ...}",
            )
            return None
        unknown = sorted(set(entry) - set(ATTRIBUTES))
        if unknown:
            self.add(
                key,
                f"unknown attribute {unknown[0]!r} (allowed: {', '.join(sorted(ATTRIBUTES))}); "
                "to set an object write {value: {...}}",
            )
            return None
        return self._typed(key, namespace, name, entry)

    def _typed(self, key: str, namespace: str, name: str, entry: dict[str, Any]) -> Declaration | None:
        type_name = entry.get("type")
        problems = []
        if type_name is not None and type_name not in SIMPLE_TYPES:
            problems.append(f"type must be one of {', '.join(SIMPLE_TYPES)} (got {type_name!r})")
        if "items" in entry and (items_problem := _items_problem(entry["items"])):
            problems.append(items_problem)
        if not isinstance(entry.get("description", ""), str):
            problems.append("description must be a string")
        if not isinstance(entry.get("secret", False), bool):
            problems.append("secret must be true or false")
        for message in problems:
            self.add(key, message)
        if problems:
            return None
        return Declaration(
            key,
            namespace,
            name,
            type=type_name,
            items=entry.get("items"),
            description=entry.get("description", ""),
            secret=entry.get("secret", False),
            default=entry["default"] if entry.get("default") is not None else MISSING,
            value=entry["value"] if entry.get("value") is not None else MISSING,
        )

    def check(self, declaration: Declaration) -> None:
        """Project.Validate() for one key, and no provider credential in plain text."""
        key, kind = declaration.key, declaration.type
        credential = (declaration.namespace, declaration.name)
        if credential in PROVIDER_CREDENTIALS and declaration.given not in (MISSING, None, ""):
            self.add(key, plaintext_credential_message(credential, self.project.file.name, None))
        if declaration.default is not MISSING and declaration.value is not MISSING:
            self.add(key, f"project config '{key}' cannot have both a 'default' and 'value' attribute")
        if declaration.namespace == self.project.name:
            if kind == "array" and declaration.items is None:
                self.add(
                    key,
                    f"The configuration key '{key}' declares an array but does not specify the "
                    "underlying type via the 'items' attribute",
                )
            elif (
                kind is not None
                and declaration.default is not MISSING
                and not value_matches(kind, declaration.items, declaration.default)
            ):
                self.add(
                    key,
                    f"The default value specified for configuration key '{key}' is not of the "
                    f"expected type '{full_type_name(kind, declaration.items)}'",
                )
            return
        if kind is not None:
            self.add(
                key,
                f"Configuration key '{key}' is not namespaced by the project and should not define a type",
            )
        elif declaration.default is not MISSING:
            self.add(
                key,
                f"Configuration key '{key}' is not namespaced by the project and should not define a "
                "default value. Did you mean to use the 'value' attribute instead of 'default'?",
            )
        elif declaration.value is MISSING:
            self.add(key, f"Configuration key '{key}' is namespaced and must provide an attribute 'value'")


def project_config_from(document: YamlDocument, file: Path) -> ProjectConfig:
    """The project's name and config declarations from Pulumi.yaml as the bounded reader read it."""
    data = document.data
    if not isinstance(data, dict):
        project = ProjectConfig(file, "")
        project.problems.append(
            Problem("", "a project file is a YAML mapping with name: and runtime:", file=file.name)
        )
        return project
    name = data.get("name")
    lines = {
        str(path[1]): line for path, line in document.lines.items() if len(path) == 2 and path[0] == "config"
    }
    project = ProjectConfig(file, name if isinstance(name, str) else "", lines=lines)
    for _, line, message in document.problems:  # duplicate keys, ambiguous numbers
        project.problems.append(Problem("", message, file=file.name, line=line))
    if not project.name:
        project.problems.append(
            Problem("", "project is missing a non-empty string 'name' attribute", key="name", file=file.name)
        )
        return project
    config = data.get("config")
    if config is None:
        return project
    if isinstance(config, str):  # the deprecated stack-folder form
        if "stackConfigDir" in data:
            project.problems.append(
                project.problem(
                    "",
                    "Should not use both config and stackConfigDir to define the stack directory. "
                    "Use only stackConfigDir instead.",
                )
            )
        return project
    if not isinstance(config, dict):
        project.problems.append(
            project.problem("", "must be a mapping of config keys to values or declarations")
        )
        return project
    reader = _Reader(project)
    if "secret" in config and not isinstance(config["secret"], bool):  # project.json: config.secret
        reader.add("secret", "must be true or false (Pulumi's project schema)")
    for key in sorted(config, key=str):
        declaration = reader.declaration(str(key), config[key])
        if declaration is not None:
            reader.check(declaration)
            project.declarations.append(declaration)
    return project


def read_project_config(file: Path) -> ProjectConfig:
    """Pulumi.yaml's name and config section, read by the bounded reader. ConfigError (naming
    the file) when it cannot be read at all."""
    try:
        document = load_file(file)
    except SourceError as error:
        raise ConfigError(
            str(file),
            [
                Problem(
                    "", f"cannot read the project file: {error.reason}", line=error.line, column=error.column
                )
            ],
        ) from None
    return project_config_from(document, file)
