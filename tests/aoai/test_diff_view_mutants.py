"""The plan diff for people (diff_view.py) of a hand-built diff, line by line, as docs/changes.md
describes the report: `+` created, `-` deleted, `~` updated, `±` replaced with the inputs that
force it, `»` moved to a new URN, every changed input as `path: before -> after`, dangers in red
and summed up at the end."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.text import Text

from aoai.offline.diff import PlanDiff, PropertyChange, ResourceChange
from aoai.offline.diff_view import render_diff

T = "azure-native:cognitiveservices:Account"


def shown(diff: PlanDiff) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=400, color_system=None).print(render_diff(diff))
    return out.getvalue().splitlines()


def every_action() -> PlanDiff:
    return PlanDiff(
        "main",
        "work",
        [
            ResourceChange(
                "k::a",
                T,
                "a",
                "replace",
                True,
                [
                    PropertyChange("location", "l1", "l2", replaces="engine"),
                    PropertyChange("properties.customSubDomainName", None, "s", replaces="azure"),
                ],
                dangers=["replaced because of location", "replaces a protected resource"],
            ),
            ResourceChange(
                "k::b",
                T,
                "b",
                "update",
                False,
                [
                    PropertyChange("kind", "OpenAI", "AIServices", note="in place: the upgrade"),
                    PropertyChange("tags", {"x": 1}, None),
                    PropertyChange("properties.model.version", "1", "2", replaces="engine", ignored=True),
                ],
            ),
            ResourceChange("k::c", T, "c", "create", False),
            ResourceChange("k::d", T, "d", "delete", True, dangers=["deletes a protected resource"]),
            ResourceChange("new::e", T, "e", "move", False, moved_from="old::e", dangers=["new URN"]),
            ResourceChange("k::f", T, "f", "ignored", False, [PropertyChange("x", 1, 2, ignored=True)]),
        ],
    )


def test_each_action_has_its_mark_verb_inputs_and_dangers() -> None:
    assert shown(every_action()) == [
        "work against main: 1 create, 1 update, 1 replace, 1 delete, 1 move, 1 ignored",
        f"± a  {T}  REPLACE  [protected]",
        '    location: "l1" -> "l2"  <- azure-native replaces the resource',
        '    properties.customSubDomainName: (absent) -> "s"  <- Azure cannot change it in place: the '
        "resource must be replaced",
        "    DANGER: replaced because of location",
        "    DANGER: replaces a protected resource",
        f"~ b  {T}  update",
        '    kind: "OpenAI" -> "AIServices"  (in place: the upgrade)',
        '    tags: {"x": 1} -> (absent)',
        '    properties.model.version: "1" -> "2"  (ignored: ignoreChanges)',
        f"+ c  {T}  create",
        f"- d  {T}  delete  [protected]",
        "    DANGER: deletes a protected resource",
        f"» e  {T}  NEW URN",
        "    was old::e",
        "    DANGER: new URN",
        f"= f  {T}  no change (ignoreChanges)",
        "    x: 1 -> 2  (ignored: ignoreChanges)",
        "",
        "3 dangerous change(s):",
        "  a: replaced because of location",
        "  d: deletes a protected resource",
        "  e: new URN",
    ]


def test_no_changes_says_so_and_counts_leave_out_zero() -> None:
    assert shown(PlanDiff("dev", "prod", [])) == ["prod against dev: no changes"]
    two = PlanDiff(
        "b",
        "t",
        [ResourceChange("k::x", T, "x", "create", False), ResourceChange("k::y", T, "y", "create", False)],
    )
    assert shown(two) == ["t against b: 2 create", f"+ x  {T}  create", f"+ y  {T}  create"]


def styles(text: Text) -> dict[str, str]:
    return {text.plain[span.start : span.end]: str(span.style) for span in text.spans}


def test_dangers_are_red_and_the_mark_coloured_by_action() -> None:
    group = render_diff(every_action())
    assert isinstance(group, Group)
    parts = [part for part in group.renderables if isinstance(part, Text)]
    replaced, updated, created, deleted, moved, ignored = (styles(t) for t in parts[1:7])
    assert replaced["± a"] == "bold red"
    assert replaced[f"  {T}  "] == "dim"
    assert replaced["REPLACE"] == "bold red"  # the verb in the action's colour
    assert updated["update"] == "yellow"
    assert moved["\n    was old::e"] == "dim"
    assert ignored["  (ignored: ignoreChanges)"] == "dim"
    assert parts[0].style == "bold"  # the heading
    assert replaced["\n    DANGER: replaced because of location"] == "bold red"
    assert replaced["  <- azure-native replaces the resource"] == "bold red"
    assert replaced["  [protected]"] == "yellow"
    assert updated["~ b"] == "yellow"
    assert updated["  (in place: the upgrade)"] == "green"
    assert created["+ c"] == "green"
    assert deleted["- d"] == "red"
    assert moved["» e"] == "bold red"
    assert ignored["= f"] == "dim"
    assert parts[7].style == "bold red"  # the summary's heading
    assert styles(parts[7])["\n  a: replaced because of location"] == "red"
