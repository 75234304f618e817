"""The Args checks on their own: what `make mutate` showed no test pinned (issue 16).

The components' tests (test_args.py) reach these checks through whole Args classes; here small
Args classes of the test's own hold one kind of type hint each, so every rule of what a field
takes is seen alone. The rules, as the module's docstring states them and Pulumi defines inputs:
`pulumi.Input[T]` is `Union[T, Awaitable[T], Output[T]]`, so such a field takes a plain value, an
awaitable or an Output, and only the plain value is checked; every other field takes plain values
only (it decides which resources exist); `X | None` may be left out, anything else is required;
lists and mappings are checked item by item, Args classes field by field, each against the rule
named with `rule(...)` or the same-named field of the contract model. Expected messages are the
module's words, written out by hand.

This module must not use `from __future__ import annotations`: the checks read real type hints.
"""

import dataclasses
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pulumi
import pytest
from pydantic import AfterValidator, BaseModel, Field

from azure_openai_toolkit.args import (
    ArgsBase,
    ArgsProblem,
    InvalidArgsError,
    build,
    check_args,
    is_unknown,
    known_str,
    lift,
    render,
    rule,
)
from azure_openai_toolkit.config.rules import Key


def _one_word(value: str) -> str:
    if " " in value:
        raise ValueError("one word, without spaces")
    return value


Word = Annotated[str, AfterValidator(_one_word)]
Positive = Annotated[int, Field(gt=0)]


class Contract(BaseModel):
    """The contract model `Outer` mirrors: its fields' rules and defaults."""

    action: Literal["Allow", "Deny"] = "Deny"
    count: Positive = 1
    words: list[Word] = Field(default_factory=list)
    labels: dict[Word, Word] | None = None
    tags: dict[Word, Word] | None = None
    # A constraint makes the rule Annotated[dict[...] | None, MinLen(1)]: its keys are still checked.
    inners: dict[Word, dict[str, Any]] | None = Field(default=None, min_length=1)


@dataclass(kw_only=True, frozen=True)
class Inner(ArgsBase):
    id: pulumi.Input[str]
    size: int | None = field(default=None, metadata=rule(Positive))


@dataclass(kw_only=True, frozen=True)
class Outer(ArgsBase):
    _contract = Contract

    action: str | None = None
    count: int | None = None
    words: Sequence[pulumi.Input[str]] | None = None
    labels: Mapping[str, str] | None = None
    tags: Mapping[str, pulumi.Input[str]] | None = None
    inner: Inner | None = None
    inners: Mapping[str, Inner] | None = None
    inner_list: Sequence[Inner] | None = None
    name: pulumi.Input[str] = "outer"
    flag: bool | None = field(default=None, metadata=rule(bool))
    gt_five: int | None = field(default=None, metadata=rule(Annotated[int, Field(gt=5)]))
    # No rule: only the shape of the hint is checked.
    extra: Mapping[str, pulumi.Input[str]] | None = None
    extra_list: Sequence[pulumi.Input[str]] | None = None
    sizes: Sequence[int] | None = None
    by_name: Mapping[str, int] | None = None


class Later:
    """An awaitable that is not an Output: `pulumi.Input[T]` admits any `Awaitable[T]`."""

    def __await__(self) -> Generator[None, None, str]:
        yield
        return "later"


def output(value: str = "known later") -> pulumi.Output[str]:
    return pulumi.Output.from_input(value)


def refusal(args: ArgsBase, more: Callable[[], list[Any]] | None = None) -> InvalidArgsError:
    with pytest.raises(InvalidArgsError) as caught:
        check_args(args, more)
    return caught.value


def problems(args: ArgsBase, more: Callable[[], list[Any]] | None = None) -> dict[str, str]:
    """{path: message} of what check_args refuses; {} when it accepts `args`."""
    try:
        check_args(args, more)
    except InvalidArgsError as error:
        return {p.path: p.message for p in error.problems}
    return {}


NOT_PLAIN = (
    "must be a plain value, not an Output: it decides which resources are created, "
    "and a program cannot branch on a value that is not known yet"
)


class TestWhatAFieldTakes:
    def test_fields_left_out_are_accepted(self) -> None:
        assert problems(Outer()) == {}

    def test_valid_plain_values_are_accepted(self) -> None:
        args = Outer(
            action="Allow",
            count=3,
            words=["a", "b"],
            labels={"k": "v"},
            tags={"k": "v"},
            inner=Inner(id="x", size=1),
            inners={"a": Inner(id="y")},
            inner_list=[Inner(id="z", size=2)],
            flag=False,
            gt_five=6,
            extra={"any thing": "goes here"},
            extra_list=["any thing"],
            sizes=(1, 2),
            by_name={"a": 1},
        )
        assert problems(args) == {}

    def test_a_field_without_none_in_its_hint_is_required(self) -> None:
        assert problems(Inner(id=None)) == {"Inner.id": "required (got None)"}  # type: ignore[arg-type]

    def test_an_input_field_takes_an_output_or_an_awaitable_unchecked(self) -> None:
        assert problems(Inner(id=output())) == {}
        assert problems(Inner(id=Later())) == {}
        assert problems(Outer(name=output())) == {}

    def test_other_fields_refuse_outputs_and_awaitables(self) -> None:
        assert problems(Outer(action=output("Allow"), flag=Later())) == {  # type: ignore[arg-type]
            "Outer.action": NOT_PLAIN,
            "Outer.flag": NOT_PLAIN,
        }

    def test_a_list_or_mapping_of_inputs_is_itself_plain(self) -> None:
        # The items may be Outputs; the list and the mapping decide how many resources exist.
        found = problems(Outer(words=output(), extra=output(), inners=output()))  # type: ignore[arg-type]
        assert found == {"Outer.words": NOT_PLAIN, "Outer.extra": NOT_PLAIN, "Outer.inners": NOT_PLAIN}

    def test_outputs_among_items_pass_and_the_plain_items_are_checked(self) -> None:
        found = problems(Outer(words=[output(), "two words"], tags={"k": output(), "j": "two words"}))
        assert found == {
            "Outer.words[1]": "one word, without spaces",
            "Outer.tags['j']": "one word, without spaces",
        }

    def test_mapping_keys_are_checked_beside_output_values(self) -> None:
        found = problems(Outer(tags={"two words": output()}))
        assert found == {"Outer.tags['two words']": "key 'two words': one word, without spaces"}

    def test_mapping_keys_are_checked_beside_args_values(self) -> None:
        found = problems(Outer(inners={"two words": Inner(id="x")}))
        assert found == {"Outer.inners['two words']": "key 'two words': one word, without spaces"}

    def test_mapping_keys_and_values_of_plain_scalars(self) -> None:
        found = problems(Outer(labels={"two words": "v", "k": "v w"}))
        assert found == {
            "Outer.labels['two words']": "key 'two words': one word, without spaces",
            "Outer.labels['k']": "one word, without spaces",
        }

    def test_items_without_a_rule_pass_whatever_their_value(self) -> None:
        args = Outer(extra={"a b": "c d", "e": output()}, extra_list=["a b", output()])
        assert problems(args) == {}

    def test_a_non_list_for_a_list_field_is_refused(self) -> None:
        assert problems(Outer(extra_list=5, words="two words", inner_list="ab")) == {  # type: ignore[arg-type]
            "Outer.extra_list": "must be a list (got number 5)",
            "Outer.words": "must be a list (got str 'two words')",
            "Outer.inner_list": "must be a list (got str 'ab')",
        }

    def test_a_non_mapping_for_a_mapping_field_is_refused(self) -> None:
        assert problems(Outer(labels=["a"], extra="ab")) == {  # type: ignore[arg-type]
            "Outer.labels": "must be a mapping of keys to values (got a list)",
            "Outer.extra": "must be a mapping of keys to values (got str 'ab')",
        }

    def test_a_hint_of_two_plain_types_is_a_mistake_in_the_args_class(self) -> None:
        @dataclass(kw_only=True, frozen=True)
        class Either(ArgsBase):
            either: str | int | None = None

        with pytest.raises(TypeError) as caught:
            check_args(Either(either="x"))
        assert str(caught.value) == (
            "the checks know Args fields of one plain type, maybe None or an Input: not str | int | None"
        )

    def test_tuples_are_lists(self) -> None:
        assert problems(Outer(words=("a", "b c"))) == {"Outer.words[1]": "one word, without spaces"}


class TestNestedArgs:
    def test_an_args_field_is_checked_field_by_field(self) -> None:
        assert problems(Outer(inner=Inner(id="x", size=0))) == {
            "Outer.inner.size": "must be a positive integer (got 0)"
        }

    def test_args_in_a_mapping_and_a_list_are_checked(self) -> None:
        args = Outer(inners={"a": Inner(id="x", size=-1)}, inner_list=[Inner(id="y"), Inner(id=None)])  # type: ignore[arg-type]
        assert problems(args) == {
            "Outer.inners['a'].size": "must be a positive integer (got -1)",
            "Outer.inner_list[1].id": "required (got None)",
        }

    def test_a_mapping_where_args_belong_is_refused(self) -> None:
        args = Outer(inner={"id": "x"}, inners={"a": {"id": "x"}}, inner_list=["x"])  # type: ignore[arg-type, dict-item, list-item]
        assert problems(args) == {
            "Outer.inner": "must be Inner(...) (got a mapping)",
            "Outer.inners['a']": "must be Inner(...) (got a mapping)",
            "Outer.inner_list[0]": "must be Inner(...) (got str 'x')",
        }

    def test_an_input_of_args_takes_an_output_and_checks_plain_args(self) -> None:
        @dataclass(kw_only=True, frozen=True)
        class Holder(ArgsBase):
            inner: pulumi.Input[Inner]

        assert problems(Holder(inner=output())) == {}  # type: ignore[arg-type]
        assert problems(Holder(inner=Inner(id="x", size=0))) == {
            "Holder.inner.size": "must be a positive integer (got 0)"
        }


class TestTheWordsOfARule:
    def test_one_of_a_literal(self) -> None:
        assert problems(Outer(action="Block")) == {
            "Outer.action": "must be one of Allow, Deny (got str 'Block')"
        }

    def test_a_positive_integer(self) -> None:
        assert problems(Outer(count=0)) == {"Outer.count": "must be a positive integer (got 0)"}

    def test_another_bound_keeps_its_own_words(self) -> None:
        assert problems(Outer(gt_five=3)) == {
            "Outer.gt_five": "Input should be greater than 5 (got number 3)"
        }

    def test_a_rules_own_error_without_pydantics_prefix(self) -> None:
        assert problems(Outer(words=["a b"])) == {"Outer.words[0]": "one word, without spaces"}

    def test_wrong_types_in_plain_words(self) -> None:
        # Strict: no "3" for a number, no 1 for True, no number for a string.
        assert problems(Outer(count="3", flag=1, words=[5])) == {  # type: ignore[arg-type, list-item]
            "Outer.count": "must be a whole number (got str '3')",
            "Outer.flag": "must be True or False (got number 1)",
            "Outer.words[0]": "must be a string (got number 5)",
        }


class TestCrossFieldRules:
    @dataclass(kw_only=True, frozen=True)
    class Ranged(ArgsBase):
        low: int = field(metadata=rule(Positive))
        high: int = field(metadata=rule(Positive))

        def _violations(self) -> list[Any]:
            return [(("high",), "must be above low")] if self.high <= self.low else []

    def test_cross_field_rules_run_once_every_value_is_well_formed(self) -> None:
        error = refusal(self.Ranged(low=3, high=2))
        assert error.problems == [ArgsProblem("Ranged.high", "must be above low", True, ("high",))]

    def test_cross_field_rules_wait_for_well_formed_values(self) -> None:
        assert problems(self.Ranged(low=3, high=0)) == {"Ranged.high": "must be a positive integer (got 0)"}

    def test_more_rules_run_with_the_cross_field_ones(self) -> None:
        def more() -> list[Any]:
            return [(("low",), "not in the catalog")]

        assert problems(self.Ranged(low=1, high=2), more) == {"Ranged.low": "not in the catalog"}
        assert problems(self.Ranged(low=3, high=2), more) == {
            "Ranged.high": "must be above low",
            "Ranged.low": "not in the catalog",
        }
        error = refusal(self.Ranged(low=1, high=2), more)
        assert error.problems[0].cross_field is True
        assert error.problems[0].parts == ("low",)

    def test_more_rules_wait_for_well_formed_values(self) -> None:
        def more() -> list[Any]:
            raise AssertionError("more rules ran on a value that breaks its own rule")

        assert problems(self.Ranged(low=0, high=2), more) == {
            "Ranged.low": "must be a positive integer (got 0)"
        }


class TestTheError:
    def test_every_problem_on_its_own_line(self) -> None:
        error = refusal(Outer(action="x", count=0))
        assert str(error) == (
            "Outer.action: must be one of Allow, Deny (got str 'x')\n"
            "Outer.count: must be a positive integer (got 0)"
        )
        assert error.problems[1] == ArgsProblem(
            "Outer.count", "must be a positive integer (got 0)", False, ("count",)
        )

    def test_it_is_a_run_error_so_pulumi_prints_no_traceback(self) -> None:
        error = InvalidArgsError([ArgsProblem("A.b", "wrong")])
        assert isinstance(error, pulumi.RunError)
        assert isinstance(error, ValueError)
        assert error.problems[0].cross_field is False
        assert error.problems[0].parts == ()

    def test_paths_render_like_python(self) -> None:
        assert render(("Outer", "inners", Key("a"), "words", 0)) == "Outer.inners['a'].words[0]"
        assert render(("Outer", "labels", Key("it's"))) == "Outer.labels[\"it's\"]"
        assert render((Key("k"), 1, "x")) == "['k'][1].x"


class TestBuild:
    def test_nested_mappings_become_nested_args(self) -> None:
        built = build(
            Outer,
            {
                "action": "Allow",
                "inner": {"id": "x", "size": 2},
                "inners": {"a": {"id": "y"}},
                "inner_list": [{"id": "z"}],
            },
        )
        assert built == Outer(
            action="Allow",
            inner=Inner(id="x", size=2),
            inners={"a": Inner(id="y")},
            inner_list=[Inner(id="z")],
        )

    def test_integral_floats_become_the_integers_sent(self) -> None:
        data = {"count": 3.0, "sizes": [1.0, 2.0], "by_name": {"a": 4.0}, "inner": {"id": "x", "size": 5.0}}
        built = build(Outer, data)
        assert (built.count, built.sizes, built.by_name) == (3, [1, 2], {"a": 4})
        assert built.inner == Inner(id="x", size=5)
        assert type(built.count) is int
        assert [type(n) for n in built.sizes or ()] == [int, int]
        assert type((built.by_name or {})["a"]) is int

    def test_other_values_are_kept_for_the_checks_to_refuse(self) -> None:
        data = {"count": 2.5, "inner": "x", "words": "ab", "labels": ["a"], "action": 1.0}
        built = build(Outer, data)
        assert (built.count, built.inner, built.words, built.labels, built.action) == tuple(data.values())

    def test_outputs_are_kept_as_they_are(self) -> None:
        name, inner = output(), output()
        built = build(Outer, {"name": name, "inner": inner})
        assert built.name is name
        assert built.inner is inner  # type: ignore[comparison-overlap]

    def test_none_leaves_the_default(self) -> None:
        assert build(Outer, {"name": None, "inner": None}) == Outer()

    def test_unknown_names_are_a_programming_error(self) -> None:
        with pytest.raises(TypeError) as caught:
            build(Inner, {"zeta": 1, "id": "x", "alpha": 2})
        assert str(caught.value) == "Inner has no field(s) alpha, zeta"


class TestResolved:
    def test_a_value_given_is_kept(self) -> None:
        assert Outer(action="Allow").resolved("action") == "Allow"
        assert Outer(flag=False).resolved("flag") is False

    def test_a_value_left_out_takes_the_contracts_default(self) -> None:
        assert Outer().resolved("action") == "Deny"
        assert Outer().resolved("words") == []  # from the contract's default_factory

    def test_without_a_contract_field_it_stays_none(self) -> None:
        assert Outer().resolved("inner") is None
        assert Inner(id="x").resolved("size") is None


class TestValuesKnownNowOrLater:
    @pytest.mark.parametrize("value", ["x", 1, 1.5, True, None, {}, [], (), Inner(id="x")])
    def test_plain_values_are_known(self, value: object) -> None:
        assert is_unknown(value) is False

    def test_outputs_and_awaitables_are_unknown(self) -> None:
        assert is_unknown(output()) is True
        assert is_unknown(Later()) is True

    def test_known_str(self) -> None:
        assert known_str("x") == "x"
        assert known_str(output()) is None
        assert known_str(5) is None

    def test_lift_applies_now_to_a_plain_string(self) -> None:
        assert lift(str.upper, "ab") == "AB"


@pulumi.runtime.test
def test_lift_applies_inside_an_output(pulumi_mocks: object) -> pulumi.Output[None]:
    lifted = lift(str.upper, output("ab"))
    assert isinstance(lifted, pulumi.Output)

    def check(value: str) -> None:
        assert value == "AB"

    return lifted.apply(check)


def test_fields_of_every_shape_in_one_check() -> None:
    # A rule-less mapping and a rule-less list in the same Args: what is remembered for one
    # field's hint or rule must never answer for another's.
    args = Outer(extra={"a": output()}, extra_list=[output(), "b"], tags={"k": output()}, words=[output()])
    assert problems(args) == {}
    with_a_bad_word = dataclasses.replace(args, words=[output(), "a b"])
    assert problems(with_a_bad_word) == {"Outer.words[1]": "one word, without spaces"}
