"""Validate a whole config in one run: field problems and cross-field problems together.

pydantic runs a model's cross-field rules (its `model_validator(mode="after")`) only when all of
the model's fields are valid, so one broken field would hide every rule of its account and of the
stack until it is fixed: four problems, then one more, then two more, over three runs.

Here a run does not stop at the first layer. After each validation the parts that failed are left
out (the smallest part that can go: an optional field, a map entry, a whole list field, or the
model holding a required field) and the rest is validated again, until it passes. Every problem
of every round is reported; a problem of a later round is dropped when it would only be an echo
of the first: when it is inside a part already left out, about the map or model that lost that
part and holds nothing now, or about a value that defaults from what was left out and is not given
itself (an account's location with the stack's location left out). What passes in the
end (`partial`) is a valid config of everything that is right, which the catalog and placement
checks then examine too. Each round removes something, so the number of rounds is bounded.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Problem, RuleViolations
from .models import SKIP_STACK_RULES, Account, ResourceGroup, StackConfig
from .reporting import Loc, _alias, _model_at, _unwrap, problems_from

MAX_ROUNDS = 50
# A required top-level value that is invalid cannot be left out (the config would not validate at
# all); a neutral stand-in lets the rest be checked. Names derived from it are then not judged.
STAND_INS = {"namePrefix": "x", "environment": "x"}
# The fields of an account (and of the resource group) that default from a top-level value, each
# with the fields whose own value, when given, is used instead: the default name is
# <namePrefix>-<environment>-<key>, the default subdomain is the account name. A given value is not
# derived, so its problems (two accounts with the same name) still count.
NAMES: dict[str, tuple[str, ...]] = {"name": ("name",), "customSubdomain": ("customSubdomain", "name")}
DERIVED_FROM: dict[str, dict[str, tuple[str, ...]]] = {
    "namePrefix": NAMES,
    "environment": NAMES,
    "location": {"location": ("location",)},
}
DEFAULTS_FROM_THE_TOP = (Account, ResourceGroup)
# An account's fields judged against its own location: with the location left out they would be
# judged against the stack's default instead (placement.regions "only apply with location: auto"
# on an account that says auto).
ACCOUNT_FIELDS_DERIVED_FROM = {"location": ("placement",)}
# Without a region of its own or the stack's, the resource group takes the first account's: with
# that left out, "the resource group needs a region" is an echo.
GROUP_REGION = ("resourceGroup", "location")


@dataclass
class Validation:
    config: StackConfig | None  # the config, when everything is valid
    partial: StackConfig | None  # what validates with the broken parts left out
    problems: list[Problem] = field(default_factory=list)
    left_out: list[Loc] = field(default_factory=list)
    # What was validated last: the input with the parts left out (and stand-ins).
    validated: dict[str, Any] = field(default_factory=dict)

    def echoes(self, loc: Loc) -> bool:
        """Whether a problem at `loc` is only a consequence of a part left out."""
        return _echo(loc, self)


def validate_all(
    data: Mapping[str, Any],
    context: Mapping[str, Any],
    *,
    known: list[Problem] | None = None,
    scalar_text: Mapping[Loc, str] | None = None,
) -> Validation:
    """Validate `data` as a StackConfig, collecting every problem (plus the `known` ones)."""
    working: dict[str, Any] = copy.deepcopy(dict(data))
    result = Validation(config=None, partial=None, problems=list(known or []), validated=working)
    # A value the reader already reported (a secret where none is allowed, a number with a
    # leading zero) is judged again by the model; one message per key path is enough.
    reported = {p.loc for p in known or [] if p.loc}
    for _ in range(MAX_ROUNDS):
        try:
            partial = StackConfig.model_validate(working, context=dict(context))
        except ValidationError as error:
            found = problems_from(error, StackConfig, scalar_text or {})
            fresh = [p for p in found if p.loc not in reported and not _echo(p.loc, result)]
            result.problems += [p for p in fresh if p not in result.problems]
            removed = False
            for loc in _failed_parts(error):
                removed |= _leave_out(working, _removable(loc), result)
            if not removed:
                # Only the stack's own rules are left failing: what is left is still worth the
                # catalog's and placement's checks.
                result.partial = _without_stack_rules(working, context)
                return result
            continue
        result.partial = partial
        if not result.problems:
            result.config = partial
        return result
    return result


def _failed_parts(error: ValidationError) -> list[Loc]:
    """Where each error is: a cross-field rule names the fields it is about (RuleViolations), so
    those go, not the whole model the rule belongs to (its other rules still count)."""
    parts: list[Loc] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        violations = (item.get("ctx") or {}).get("error")
        if isinstance(violations, RuleViolations):
            parts += [(*_field_path(loc), *sub) for sub, _ in violations.violations]
        else:
            parts.append(loc)
    return parts


def _without_stack_rules(working: dict[str, Any], context: Mapping[str, Any]) -> StackConfig | None:
    try:
        return StackConfig.model_validate(working, context={**context, SKIP_STACK_RULES: True})
    except ValidationError:
        return None


def _echo(loc: Loc, result: Validation) -> bool:
    """Whether a problem is only a consequence of a part already left out."""
    if not loc:
        return False
    for gone in result.left_out:
        if loc[: len(gone)] == gone:
            return True  # inside what was left out
        if loc == gone[:-1] and not _value_at(result.validated, loc):
            # About the map or model that lost it and is empty now ("declare at least one
            # account", "location: auto needs placement.regions"); a map that still holds
            # entries is judged as it is (31 accounts in one region).
            return True
        if _judged_against(loc, gone, result.validated):
            return True
    return False


def _judged_against(loc: Loc, gone: Loc, validated: Mapping[str, Any]) -> bool:
    """Whether `loc` is judged against the value `gone` that was left out: an account's name,
    subdomain or location defaulted from a top-level value, an account's field from that
    account's own field, the resource group's region from an account's."""
    if len(gone) == 1:
        instead = DERIVED_FROM.get(str(gone[0]), {}).get(str(loc[-1]))
        holder = _value_at(validated, loc[:-1])
        given = isinstance(holder, dict) and any(name in holder for name in instead or ())
        return instead is not None and _model_at(StackConfig, loc[:-1]) in DEFAULTS_FROM_THE_TOP and not given
    if len(gone) != 3 or gone[0] != "accounts":
        return False
    if gone[2] == "location" and loc == GROUP_REGION:
        return True
    same_account = len(loc) > 2 and loc[:2] == gone[:2]
    return same_account and loc[2] in ACCOUNT_FIELDS_DERIVED_FROM.get(str(gone[2]), ())


def _value_at(data: Any, loc: Loc) -> Any:
    """The value at `loc` in the data, None when there is none. Only maps are walked: a list field
    is left out as a whole, so no part left out (nor its holder) is inside a list."""
    for part in loc:
        if not (isinstance(data, dict) and part in data):
            return None
        data = data[part]
    return data


def _removable(loc: Loc) -> Loc:
    """The smallest part holding `loc` that can be left out while the rest stays valid."""
    loc = _field_path(loc)
    for index, part in enumerate(loc):
        if isinstance(part, int):
            loc = loc[:index]  # a list field goes as a whole: its indexes must not shift
            break
    while loc:
        parent: type[BaseModel] | None = _model_at(StackConfig, loc[:-1]) if len(loc) > 1 else StackConfig
        if parent is None:
            return loc  # a map entry
        names = [n for n in parent.model_fields if _alias(parent, n) == loc[-1]]
        if not names or not parent.model_fields[names[0]].is_required():
            return loc  # an unknown key, or an optional field
        if len(loc) == 1:
            return loc  # a required top-level value: replaced by a stand-in
        loc = loc[:-1]  # a required field: the model holding it goes
    return ()


def _field_path(loc: tuple[Any, ...]) -> Loc:
    """pydantic's error location without its markers: `[key]` of a map key, and the member names
    of a union (`function-after[...]`, `literal['auto']`, `str`) that follow a field."""
    path: list[str | int] = []
    current: Any = StackConfig
    for part in loc:
        if part == "[key]":
            break
        kind = _unwrap(current)
        if get_origin(kind) in (dict, list):
            path.append(part)
            current = get_args(kind)[-1]
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            names = [n for n in kind.model_fields if _alias(kind, n) == part]
            path.append(part)
            if not names:
                break  # a key the model does not know: that key is what goes
            current = kind.model_fields[names[0]].annotation
        else:
            break  # a scalar field: what follows names the union member that failed
    return tuple(path)


def _leave_out(data: dict[str, Any], loc: Loc, result: Validation) -> bool:
    """Remove `loc` from the data (or put a stand-in there). False when nothing changed."""
    if not loc:
        return False
    container = _value_at(data, loc[:-1])
    last = loc[-1]
    if len(loc) == 1 and last in STAND_INS:
        data[str(last)] = STAND_INS[str(last)]  # valid by every rule: it never fails again
    elif isinstance(container, dict) and last in container:
        del container[last]
    else:
        return False
    if loc not in result.left_out:
        result.left_out.append(loc)
    return True
