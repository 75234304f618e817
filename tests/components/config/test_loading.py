"""Loading from a stack file and from pulumi.Config must agree; file problems are clear."""

from __future__ import annotations

import contextvars
import json
from pathlib import Path

import pulumi
import pytest
from ruamel.yaml import YAML

from azure_openai_toolkit.config import (
    ConfigError,
    StackConfig,
    load_pulumi_config,
    load_stack_file,
    read_stack_file,
)
from tests.conftest import FIXTURE_STACKS, engine_raw

STACK_FILES = sorted(FIXTURE_STACKS.glob("Pulumi.*.yaml"))


def _yaml_config(path: Path) -> dict[str, object]:
    document = YAML(typ="safe", pure=True).load(path.read_text())
    return {
        key.split(":", 1)[1]: value
        for key, value in document["config"].items()
        if key.startswith("azure-openai:")
    }


def _through_pulumi_config(
    values: dict[str, str], *, via_env: bool, monkeypatch: pytest.MonkeyPatch
) -> StackConfig:
    """Load the way the program does, with the engine's strings set as the engine sets them."""
    namespaced = {f"azure-openai:{key}": value for key, value in values.items()}
    if via_env:
        monkeypatch.setenv("PULUMI_CONFIG", json.dumps(namespaced))
        return contextvars.Context().run(load_pulumi_config, "test")

    def load() -> StackConfig:
        pulumi.runtime.set_all_config(namespaced)
        return load_pulumi_config("test")

    return contextvars.Context().run(load)


@pytest.mark.parametrize("path", STACK_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("via_env", [False, True], ids=["set_all_config", "PULUMI_CONFIG"])
def test_stack_file_and_pulumi_config_give_the_same_result(
    path: Path, via_env: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_file = load_stack_file(path)
    from_engine = _through_pulumi_config(
        engine_raw(_yaml_config(path)), via_env=via_env, monkeypatch=monkeypatch
    )
    assert from_engine == from_file
    assert from_engine.model_dump() == from_file.model_dump()


def test_pulumi_config_reports_problems_with_key_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as caught:
        _through_pulumi_config(
            {"namePrefix": "contoso", "environment": "dev", "protect": "maybe"},
            via_env=False,
            monkeypatch=monkeypatch,
        )
    assert "azure-openai:protect: must be true or false (got 'maybe')" in str(caught.value)
    assert "Pulumi.test.yaml" in str(caught.value)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Pulumi.t.yaml"
    path.write_text(text)
    return path


def test_other_namespaces_are_ignored_but_our_unknown_keys_are_not(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
config:
  azure-native:location: westeurope
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:colour: blue
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    assert [p.path for p in caught.value.problems] == ["colour"]


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  azure-openai:namePrefix: [contoso\n")
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    assert str(path) in str(caught.value)
    assert "line 3, column 1: not valid YAML: expected ',' or ']'" in str(caught.value)


def test_a_nul_byte_is_named_at_its_line_and_column_not_as_an_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  azure-openai:namePrefix: con\x00toso\n")
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    assert str(path) in str(caught.value)
    assert "line 2, column 31: not valid YAML: the character U+0000 is not allowed" in str(caught.value)
    assert "<unicode string>" not in str(caught.value) and "position" not in str(caught.value)


def test_duplicate_keys_are_an_error_at_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  azure-openai:namePrefix: a\n  azure-openai:namePrefix: b\n")
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    assert (
        "azure-openai:namePrefix: this key appears twice in the mapping; keep one of them (line 3)"
        in str(caught.value)
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_stack_file(tmp_path / "Pulumi.none.yaml")


def test_not_a_stack_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'config:' mapping"):
        load_stack_file(write(tmp_path, "- just\n- a list\n"))


def test_secure_values_are_never_decrypted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment:
    secure: v1:abcdef
""",
    )
    raw, secrets = read_stack_file(path)
    assert "v1:abcdef" not in raw["environment"]
    assert secrets == ["environment"]
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    assert "azure-openai:environment: a secret is not allowed at environment" in str(caught.value)


def test_unquoted_dates_reach_the_program_as_their_text_like_the_engine_does(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat: {model: gpt-4o, version: 2024-11-20, sku: GlobalStandard, capacity: 1}
""",
    )
    config = load_stack_file(path)
    assert config.accounts["primary"].deployments["chat"].version == "2024-11-20"


def test_top_level_booleans_and_legacy_config_prefix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: staging
  azure-openai:config:protect: true
  azure-openai:location: swedencentral
""",
    )
    raw, _ = read_stack_file(path)
    assert raw["protect"] == "true"
    assert load_stack_file(path).protected is True


def test_problems_of_a_stack_file_carry_their_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """config:
  azure-openai:namePrefix: contoso
  azure-openai:environment: dev
  azure-openai:location: swedencentral
  azure-openai:accounts:
    primary:
      deployments:
        chat:
          model: gpt-4o
          version: "2024-11-20"
          sku: GlobalStandard
          capacity: 0
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_stack_file(path)
    (problem,) = caught.value.problems
    assert problem.line == 12
    assert problem.render().endswith("(line 12)")


def test_a_stack_file_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits are checked on the events the composer takes, not on a first parse of their own:
    one parser reads the file, and each of its events is taken once (the plan of a large stack
    used to read several)."""
    import yaml

    from azure_openai_toolkit.config import source, yaml_events

    text = (FIXTURE_STACKS / "Pulumi.prod.yaml").read_text()
    real_parser = yaml_events.parser_for
    made: list[CountingParser] = []

    class CountingParser:
        def __init__(self, text: str) -> None:
            self.parser, self.taken = real_parser(text), 0
            made.append(self)

        def get_event(self) -> object:
            self.taken += 1
            return self.parser.get_event()

        def dispose(self) -> None:
            self.parser.dispose()

    monkeypatch.setattr(source, "parser_for", CountingParser)
    document = source.load_yaml(text)
    assert document.data["config"]
    assert len(made) == 1 and made[0].taken == len(list(yaml.parse(text)))


def test_stack_files_are_parsed_by_libyaml() -> None:
    """The C parser reads stack files (the pure-Python one is the fallback for a PyYAML built
    without libyaml): most of plan's own work was a pure-Python parse."""
    from yaml._yaml import CParser

    from azure_openai_toolkit.config.yaml_events import parser_for

    parser = parser_for("a: 1\n")
    assert isinstance(parser, CParser)
    parser.dispose()


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_both_parsers_read_the_same_stack_and_name_the_same_character(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml counts its error offsets in UTF-8 bytes, PyYAML's Python parser in characters: the
    bad character is at the same line and column either way (here after three two-byte letters)."""
    from azure_openai_toolkit.config import source
    from azure_openai_toolkit.config.yaml_events import PythonParser

    if parser == "python":
        monkeypatch.setattr(source, "parser_for", PythonParser)
    text = (FIXTURE_STACKS / "Pulumi.prod.yaml").read_text()
    assert source.load_yaml(text).data == YAML(typ="safe", pure=True).load(text)
    with pytest.raises(source.SourceError) as caught:
        source.load_yaml("config:\n  é: héé\x00\n")
    assert (caught.value.line, caught.value.column) == (2, 9)
    assert "the character U+0000 is not allowed" in caught.value.reason


def test_plain_scalars_are_typed_as_yaml_1_2_types_them() -> None:
    """YAML 1.2, as ruamel.yaml and Pulumi read it, not PyYAML's YAML 1.1: yes/no/on are text."""
    from azure_openai_toolkit.config.source import load_yaml

    text = "a: yes\nb: on\nc: 0o17\nd: TRUE\ne: ~\ng: '12'\nh: 1.5\n"
    assert load_yaml(text).data == {"a": "yes", "b": "on", "c": 15, "d": True, "e": None, "g": "12", "h": 1.5}


def test_a_top_level_key_the_engine_marks_secret_must_hold_a_leaf_that_may_be_secret() -> None:
    """In the program only the engine's top-level marks are known: a marked key is fine when some
    leaf below it may hold a secret (an IP rule in a list), refused when none may."""
    from azure_openai_toolkit.config import parse_raw
    from azure_openai_toolkit.config.loading import RawConfig
    from tests.conftest import base_config, engine_raw

    data = base_config()
    data["accounts"]["primary"]["networkAcls"] = {"defaultAction": "Deny", "ipRules": ["203.0.113.7"]}
    parse_raw(RawConfig(values=engine_raw(data), source="t", secret_keys=["accounts"]))
    for key in ("namePrefix", "tags"):
        with pytest.raises(ConfigError, match=f"a secret is not allowed at {key}:"):
            tagged = engine_raw({**data, "tags": {"a": "b"}})
            parse_raw(RawConfig(values=tagged, source="t", secret_keys=[key]))
    del data["accounts"]["primary"]["networkAcls"]
    with pytest.raises(ConfigError, match="a secret is not allowed at accounts:"):
        parse_raw(RawConfig(values=engine_raw(data), source="t", secret_keys=["accounts"]))
