"""What changes between two plans (diff.py), on hand-written plan documents: resources matched by
key, components left out, each action and danger as docs/changes.md states them (replacement by
azure-native's rules or Azure's refusal, the documented in-place upgrade of an account's kind and
its dangerous rollback, ignoreChanges, protected resources, a resource moved to a new URN), and
the `aoai-plan-diff/v1` JSON."""

from __future__ import annotations

from typing import Any

from aoai.offline.diff import diff_plans, flatten, property_changes

ACCOUNT = "azure-native:cognitiveservices:Account"
DEPLOYMENT = "azure-native:cognitiveservices:Deployment"
PROTECTED_DANGER = (
    "{} a protected resource: `pulumi up` stops with 'refusing to delete protected resource' until "
    "someone runs `pulumi state unprotect` on purpose"
)
MOVE_DANGER = (
    "the same Azure resource gets a new URN: Pulumi would create it again and delete the old one; give "
    "the resource aliases=[<old URN>] to keep it"
)


def res(key: str, type_: str = ACCOUNT, **more: Any) -> dict[str, Any]:
    name = key.rsplit("::", 1)[-1]
    base = {
        "key": key,
        "urn": f"urn:pulumi:s::p::{key}",
        "type": type_,
        "name": name,
        "custom": True,
        "protect": False,
        "id": f"/x/{name}",
        "inputs": {},
        "ignoreChanges": [],
    }
    return {**base, **more}


def plan(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resources": list(resources)}


def test_flatten_makes_dotted_paths_with_list_indexes_and_keeps_empty_containers() -> None:
    value = {"a": {"b": 1, "c": [1, {"d": 2}], "e": {}, "f": []}, "g": None}
    assert flatten(value) == {"a.b": 1, "a.c[0]": 1, "a.c[1].d": 2, "a.e": {}, "a.f": [], "g": None}
    assert flatten("leaf", "p") == {"p": "leaf"}


def changes_of(
    type_: str, before: dict[str, Any], after: dict[str, Any], ignore: list[str] | None = None
) -> list[tuple[Any, ...]]:
    old = res("k", type_, inputs=before)
    new = res("k", type_, inputs=after, ignoreChanges=ignore or [])
    return [(c.path, c.before, c.after, c.replaces, c.ignored, c.note) for c in property_changes(old, new)]


def test_property_changes_say_which_replace_and_why() -> None:
    before = {
        "location": "swedencentral",
        "properties": {"customSubDomainName": "a", "publicNetworkAccess": "Enabled"},
        "tags": {"team": "ai"},
    }
    after = {
        "location": "eastus",
        "properties": {"customSubDomainName": "b", "publicNetworkAccess": "Disabled"},
        "tags": {"team": "ai", "cost": "1"},
    }
    assert changes_of(ACCOUNT, before, after) == [
        ("location", "swedencentral", "eastus", "engine", False, None),
        ("properties.customSubDomainName", "a", "b", "azure", False, None),
        ("properties.publicNetworkAccess", "Enabled", "Disabled", None, False, None),
        ("tags.cost", None, "1", None, False, None),
    ]


def test_the_kind_upgrade_and_rollback_are_in_place() -> None:
    upgrade = "in place: Microsoft's documented upgrade to a Foundry resource (same name and endpoint)"
    assert changes_of(ACCOUNT, {"kind": "OpenAI"}, {"kind": "AIServices"}) == [
        ("kind", "OpenAI", "AIServices", None, False, upgrade)
    ]
    assert changes_of(ACCOUNT, {"kind": "AIServices"}, {"kind": "OpenAI"}) == [
        ("kind", "AIServices", "OpenAI", None, False, "in place: a documented in-place change")
    ]
    assert changes_of(ACCOUNT, {"kind": "OpenAI"}, {"kind": "Speech"}) == [
        ("kind", "OpenAI", "Speech", "azure", False, None)
    ]


def test_changes_under_ignore_changes_are_ignored_by_path_prefix() -> None:
    before = {"properties": {"model": {"version": "1"}, "modelx": 1, "list": [1]}}
    after = {"properties": {"model": {"version": "2"}, "modelx": 2, "list": [2]}}
    assert changes_of(DEPLOYMENT, before, after, ["properties.model", "properties.list"]) == [
        ("properties.list[0]", 1, 2, None, True, None),
        ("properties.model.version", "1", "2", None, True, None),
        ("properties.modelx", 1, 2, None, False, None),
    ]


def test_every_changed_path_is_listed_after_unchanged_ones() -> None:
    before = {"a": 1, "b": 1, "c": [1, 2]}
    after = {"a": 1, "b": 2, "c": [1, 3]}
    assert [c[0] for c in changes_of(ACCOUNT, before, after)] == ["b", "c[1]"]


def test_an_unknown_type_is_updated_with_no_danger() -> None:
    old = plan(res("t::x", "azure-native:x:Unknown", inputs={"location": "a"}))
    new = plan(res("t::x", "azure-native:x:Unknown", inputs={"location": "b"}))
    assert summary(diff_plans(old, new, "b", "t")) == [("t::x", "x", "update", False, None, [])]


def test_an_unknown_type_changes_without_replacing() -> None:
    assert changes_of("azure-native:x:Unknown", {"location": "a"}, {"location": "b"}) == [
        ("location", "a", "b", None, False, None)
    ]


def summary(diff: Any) -> list[tuple[Any, ...]]:
    return [(c.key, c.name, c.action, c.protected, c.moved_from, c.dangers) for c in diff.changes]


def test_created_deleted_and_unchanged_resources_components_left_out() -> None:
    component = res("c::comp", "aoai:openai:Account", custom=False)
    kept = res("t::kept", inputs={"location": "l"})
    base = plan(component, kept, res("t::old", protect=True), res("t::plain-old", DEPLOYMENT))
    target = plan(
        res("c::comp", "aoai:openai:Account", custom=False, inputs={"x": 1}),
        kept,
        res("t::new", protect=True),
    )
    diff = diff_plans(base, target, "main", "work")
    assert (diff.base, diff.target) == ("main", "work")
    assert summary(diff) == [
        ("t::new", "new", "create", True, None, []),
        ("t::old", "old", "delete", True, None, [PROTECTED_DANGER.format("deletes")]),
        ("t::plain-old", "plain-old", "delete", False, None, []),
    ]
    assert [c.type for c in diff.changes] == [ACCOUNT, ACCOUNT, DEPLOYMENT]
    assert [c.name for c in diff.dangerous] == ["old"]


def test_updates_replacements_and_ignored_changes() -> None:
    base = plan(
        res("t::a", inputs={"location": "l1"}, protect=True),
        res("t::b", inputs={"tags": {"x": "1"}}),
        res("t::c", DEPLOYMENT, inputs={"properties": {"model": {"version": "1"}}}),
        res("t::d", inputs={"kind": "AIServices"}),
        res("t::e", inputs={"location": "l"}),
    )
    target = plan(
        res("t::a", inputs={"location": "l2", "properties": {"customSubDomainName": "s"}}),
        res("t::b", inputs={"tags": {"x": "2"}}),
        res(
            "t::c",
            DEPLOYMENT,
            inputs={"properties": {"model": {"version": "2"}}},
            ignoreChanges=["properties.model.version"],
        ),
        res("t::d", inputs={"kind": "OpenAI"}),
        res("t::e", inputs={"location": "l"}, protect=True),
    )
    diff = diff_plans(base, target, "b", "t")
    rollback = (
        "kind AIServices -> OpenAI rolls the Foundry upgrade back: Azure refuses it while the account has "
        "projects, connections or non-OpenAI deployments, and Foundry features stop working. Keep kind: "
        "AIServices, or roll back as Microsoft documents it (upgrade-azure-openai.md)"
    )
    assert summary(diff) == [
        (
            "t::a",
            "a",
            "replace",
            True,
            None,
            [
                "replaced (deleted and created again) because of location, properties.customSubDomainName",
                PROTECTED_DANGER.format("replaces"),
            ],
        ),
        ("t::b", "b", "update", False, None, []),
        ("t::c", "c", "ignored", False, None, []),
        ("t::d", "d", "update", False, None, [rollback]),
        ("t::e", "e", "update", True, None, []),
    ]
    protect = diff.changes[4].properties
    assert [(p.path, p.before, p.after, p.replaces) for p in protect] == [
        ("(option) protect", False, True, None)
    ]
    assert [p.path for p in diff.changes[0].properties] == [  # protect True -> False, listed last
        "location",
        "properties.customSubDomainName",
        "(option) protect",
    ]
    assert (diff.count("update"), diff.count("ignored"), diff.count("replace"), diff.count("create")) == (
        3,
        1,
        1,
        0,
    )


def test_an_unprotected_replacement_and_an_unprotect_are_not_protected_dangers() -> None:
    base = plan(res("t::a", inputs={"location": "l1"}), res("t::b", protect=True))
    target = plan(res("t::a", inputs={"location": "l2"}, protect=True), res("t::b"))
    assert summary(diff_plans(base, target, "b", "t")) == [
        ("t::a", "a", "replace", True, None, ["replaced (deleted and created again) because of location"]),
        ("t::b", "b", "update", True, None, []),
    ]


def test_a_resource_with_the_same_id_under_a_new_key_is_moved() -> None:
    base = plan(
        res("old::acct", id="/x/acct", protect=True, inputs={"tags": {"a": "1"}}),
        res("t::gone", id="/x/gone"),
    )
    target = plan(res("new::acct", id="/x/acct", inputs={"tags": {"a": "2"}}), res("t::other", id="/x/gone2"))
    diff = diff_plans(base, target, "b", "t")
    assert summary(diff) == [
        ("new::acct", "acct", "move", True, "old::acct", [MOVE_DANGER, PROTECTED_DANGER.format("deletes")]),
        ("t::gone", "gone", "delete", False, None, []),
        ("t::other", "other", "create", False, None, []),
    ]
    assert [(p.path, p.before, p.after) for p in diff.changes[0].properties] == [("tags.a", "1", "2")]
    assert diff.changes[0].type == ACCOUNT


def test_a_resource_kept_under_its_key_is_not_moved_by_an_equal_id() -> None:
    base = plan(res("t::a", id="/x/same"))
    target = plan(res("t::a", id="/x/same"), res("t::b", id="/x/same"))
    assert summary(diff_plans(base, target, "b", "t")) == [("t::b", "b", "create", False, None, [])]


def test_changes_are_sorted_by_name_then_key() -> None:
    target = plan(res("z::b"), res("a::b"), res("m::a"))
    assert [c.key for c in diff_plans(plan(), target, "b", "t").changes] == ["m::a", "a::b", "z::b"]


def test_the_json_diff() -> None:
    base = plan(res("t::a", inputs={"location": "l1"}, protect=True), res("t::x"))
    target = plan(res("t::a", inputs={"location": "l2"}, protect=True), res("t::n"))
    assert diff_plans(base, target, "main", "work").as_json() == {
        "format": "aoai-plan-diff/v1",
        "base": "main",
        "target": "work",
        "counts": {
            "create": 1,
            "delete": 1,
            "update": 0,
            "replace": 1,
            "move": 0,
            "ignored": 0,
            "dangerous": 1,
        },
        "changes": [
            {
                "key": "t::a",
                "type": ACCOUNT,
                "name": "a",
                "action": "replace",
                "protected": True,
                "movedFrom": None,
                "dangers": [
                    "replaced (deleted and created again) because of location",
                    PROTECTED_DANGER.format("replaces"),
                ],
                "properties": [
                    {
                        "path": "location",
                        "before": "l1",
                        "after": "l2",
                        "replaces": "engine",
                        "ignored": False,
                        "note": None,
                    }
                ],
            },
            {
                "key": "t::n",
                "type": ACCOUNT,
                "name": "n",
                "action": "create",
                "protected": False,
                "movedFrom": None,
                "dangers": [],
                "properties": [],
            },
            {
                "key": "t::x",
                "type": ACCOUNT,
                "name": "x",
                "action": "delete",
                "protected": False,
                "movedFrom": None,
                "dangers": [],
                "properties": [],
            },
        ],
    }
